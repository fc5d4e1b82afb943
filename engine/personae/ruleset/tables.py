"""Precomputed tables for the strict-storyteller rules (issue 14), built once per ruleset.

Merit, background and flaw rules (exclusions, prerequisites, dot sets, skill caps, bans),
required specialties, rituals / ceremonies / formulae, settings-aware tiers and discipline
options. Generation and validation read these; nothing here adds a number the YAML lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple

from ..enums import CharacterClass

if TYPE_CHECKING:
    from .models import Clan, DisciplineOption, Power, Requirement, RitualList, Tier
    from .ruleset import Ruleset

RITUAL_CATEGORIES = ("ritual", "ceremony", "formula")


class SheetFacts(NamedTuple):
    """What requirements are checked against: one sheet (or draft) at one moment."""

    character_class: CharacterClass
    clan_id: str | None
    entries: Mapping[str, int]  # advantage and flaw names -> dots
    skills: Mapping[str, int]
    disciplines: Mapping[str, int]


@dataclass(frozen=True)
class RitualItem:
    discipline: str
    category: str
    name: str
    level: int


class EntryTables:
    def __init__(self, rules: Ruleset) -> None:
        spec = rules.spec
        self.settings = spec.settings
        entries = [*spec.advantages, *spec.flaws]
        excl: dict[str, set[str]] = {e.name: set() for e in entries}
        for e in entries:
            for other in e.excludes:
                excl[e.name].add(other)
                excl.setdefault(other, set()).add(e.name)
        self.excludes: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in excl.items()}
        self.requires: dict[str, tuple[Requirement, ...]] = {
            e.name: tuple(e.requires) for e in entries if e.requires
        }
        # the same as plain tuples (which table of the facts, name, least dots, phrase)
        self._needs: dict[str, tuple[tuple[int, str, int, str], ...]] = {
            name: tuple((_FACT_OF[r.kind], r.name, r.min, _phrase(r)) for r in reqs)
            for name, reqs in self.requires.items()
        }
        self.caps: dict[str, dict[str, int]] = {e.name: dict(e.caps) for e in entries if e.caps}
        # skills some entry caps: only these need the sheet's caps looked up
        self.capped_skills: frozenset[str] = frozenset(s for c in self.caps.values() for s in c)
        self.dot_values: dict[str, tuple[int, ...]] = {
            e.name: tuple(sorted(e.allowed_dots))
            if e.allowed_dots is not None
            else tuple(range(e.min, e.max + 1))
            for e in entries
        }
        # entries with any exclusion, requirement or cap: the others need no check at all
        self.constrained: frozenset[str] = frozenset(
            {n for n, v in self.excludes.items() if v} | set(self.requires) | set(self.caps)
        )
        self.required_specialty: frozenset[str] = frozenset(spec.specialties.required_for)
        # bans: (class, clan id) -> (always, at creation)
        self._bans: dict[tuple[CharacterClass, str | None], tuple[frozenset[str], frozenset[str]]]
        self._bans = {}
        self._class_bans = {cls: list(r.bans) for cls, r in spec.classes.items()}
        self._clans: dict[str, Clan] = {c.id: c for c in spec.vampire.clans} if spec.vampire else {}
        # rituals
        self.ritual_lists: dict[str, RitualList] = {}
        self.ritual_items: dict[str, dict[int, tuple[str, ...]]] = {}
        self.ritual_by_name: dict[tuple[str, str], RitualItem] = {}
        self.ritual_category_of: dict[str, RitualList] = {}
        if spec.vampire is not None:
            powers = {d.name: d.powers for d in spec.vampire.disciplines}
            for rl in spec.vampire.rituals:
                levels: dict[int, list[str]] = (
                    {lv: list(n) for lv, n in rl.levels.items()}
                    if rl.levels
                    else _by_level(powers[rl.discipline])
                )
                self.ritual_lists[rl.discipline] = rl
                self.ritual_category_of[rl.category] = rl
                self.ritual_items[rl.discipline] = {lv: tuple(n) for lv, n in levels.items()}
                for lv, names in levels.items():
                    for name in names:
                        self.ritual_by_name[(rl.category, name)] = RitualItem(
                            rl.discipline, rl.category, name, lv
                        )
            tiers = dict(spec.vampire.tiers)
            choice = spec.settings.childer_tier.value
            if choice != "book":
                tiers.update(spec.vampire.tier_variants.get(choice, {}))
            self.tiers: dict[str, Tier] = tiers
        else:
            self.tiers = {}
        # costs gated by a setting that is off
        self.closed_categories: dict[str, str] = {
            category: cost.requires_setting
            for table in spec.experience.costs.values()
            for category, cost in table.items()
            if cost.requires_setting is not None and not self.settings.flag(cost.requires_setting)
        }

    # bans -------------------------------------------------------------------------------
    def bans(
        self, cls: CharacterClass, clan_id: str | None
    ) -> tuple[frozenset[str], frozenset[str]]:
        """Names barred always, and names barred at creation (a superset of always)."""
        key = (cls, clan_id)
        found = self._bans.get(key)
        if found is None:
            always: set[str] = set()
            creation: set[str] = set()
            bans = list(self._class_bans.get(cls, []))
            clan = self._clans.get(clan_id or "")
            if clan is not None:
                bans += clan.bans
                always.update(clan.excluded_merits)
            for ban in bans:
                (always if ban.when == "always" else creation).update(ban.names)
            found = (frozenset(always), frozenset(always | creation))
            self._bans[key] = found
        return found

    def ban_reason(self, cls: CharacterClass, clan_id: str | None, name: str) -> str:
        bans = list(self._class_bans.get(cls, []))
        clan = self._clans.get(clan_id or "")
        if clan is not None:
            bans += clan.bans
        for ban in bans:
            if name in ban.names:
                when = "at creation" if ban.when == "creation" else "always"
                return f"{ban.reason} ({when})"
        return "barred to this character"

    # entries ----------------------------------------------------------------------------
    def conflicts(self, name: str, taken: Iterable[str]) -> list[str]:
        """Names already on the sheet that `name` cannot stand beside."""
        excluded = self.excludes.get(name, frozenset())
        return [t for t in taken if t in excluded]

    def unmet(self, name: str, facts: SheetFacts) -> list[str]:
        """Each requirement of `name` the sheet does not meet, as a short phrase."""
        out: list[str] = []
        for where, wanted, least, phrase in self._needs.get(name, ()):
            if where == _CLASS:
                met = facts.character_class.value == wanted
            elif where == _CLAN:
                met = facts.clan_id == wanted
            else:
                met = facts[where].get(wanted, 0) >= least
            if not met:
                out.append(phrase)
        return out

    def cap_for(self, names: Iterable[str]) -> dict[str, tuple[int, str]]:
        """Skill -> (lowest cap, the entry imposing it) for the entries on a sheet."""
        out: dict[str, tuple[int, str]] = {}
        caps_of = self.caps
        for name in names:
            caps = caps_of.get(name)
            if caps is None:
                continue
            for skill, cap in caps.items():
                if skill not in out or cap < out[skill][0]:
                    out[skill] = (cap, name)
        return out

    def caps_allow(self, name: str, skills: Mapping[str, int]) -> bool:
        return all(skills.get(s, 0) <= cap for s, cap in self.caps.get(name, {}).items())

    # disciplines ------------------------------------------------------------------------
    def power_open(self, power: Power, clan_id: str | None) -> bool:
        if power.clans is None or clan_id in power.clans:
            return True
        return power.clans_setting is not None and self.settings.flag(power.clans_setting)

    def option_open(self, option: DisciplineOption, clan_id: str | None) -> bool:
        if option.clans is None or clan_id in option.clans:
            return True
        return option.clans_setting is not None and self.settings.flag(option.clans_setting)


def _by_level(powers: Iterable[Power]) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for p in powers:
        out.setdefault(p.level, []).append(p.name)
    return out


# where a requirement kind is read in SheetFacts (class and clan compare names)
_CLASS, _CLAN = 0, 1
_FACT_OF = {"advantage": 2, "flaw": 2, "skill": 3, "discipline": 4, "class": _CLASS, "clan": _CLAN}


def _phrase(req: Requirement) -> str:
    if req.kind in ("class", "clan"):
        return f"{req.kind} {req.name}"
    return f"{req.name} {req.min}+" if req.min > 1 else req.name
