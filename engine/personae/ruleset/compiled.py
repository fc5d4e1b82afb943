"""The hot-path form of a ruleset: lists and indexes computed once per loaded ruleset.

Generation and validation read these tables instead of walking the pydantic spec for
every sheet; nothing here adds a number the YAML does not hold.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from ..enums import CharacterClass
from ..pools import pool
from .tables import EntryTables

T = TypeVar("T")

if TYPE_CHECKING:
    from .models import AdvantageDef, Cost, FlawDef, Power
    from .ruleset import Ruleset


class CompiledRuleset:
    def __init__(self, rules: Ruleset) -> None:
        self.rules = rules
        spec = rules.spec
        self.attributes: tuple[str, ...] = tuple(rules.attributes)
        self.attribute_set: frozenset[str] = frozenset(self.attributes)
        self.attribute_values: tuple[int, ...] = tuple(spec.attributes.creation)
        self.attribute_values_sorted: list[int] = sorted(self.attribute_values)
        self.skills: tuple[str, ...] = tuple(rules.skills)
        self.skill_set: frozenset[str] = frozenset(self.skills)
        self.focus_values: dict[str, tuple[int, ...]] = {
            name: tuple(
                sorted((lvl for lvl, n in focus.dots.items() for _ in range(n)), reverse=True)
            )
            for name, focus in spec.skills.focuses.items()
        }
        # per focus, the dot values it hands out, largest first (a list, compared with the
        # sheet's); a focus whose table lists a 0-dot value never matches this way and is
        # compared count by count
        self.focus_dots: dict[str, list[int] | None] = {
            name: list(values) if 0 not in spec.skills.focuses[name].dots else None
            for name, values in self.focus_values.items()
        }
        specialties = spec.specialties
        self.free_specialty_skills: frozenset[str] = frozenset(specialties.free_in_skills)
        self.required_specialty_skills: frozenset[str] = frozenset(specialties.required_for)
        # the skills either rule names, each once, in the order the rules list them
        self.specialty_rule_skills: tuple[str, ...] = tuple(
            dict.fromkeys([*specialties.free_in_skills, *specialties.required_for])
        )
        self._merits: dict[
            tuple[CharacterClass, frozenset[str], str | None], list[AdvantageDef]
        ] = {}
        self._flaws: dict[tuple[CharacterClass, frozenset[str], str | None], list[FlawDef]] = {}
        self._costs: dict[CharacterClass, dict[str, Cost]] = {}
        self._memo: dict[tuple[object, ...], object] = {}

    def memo(self, key: tuple[object, ...], compute: Callable[[], T]) -> T:
        """A table a class plug-in derives from this ruleset, computed once."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            found = self._memo[key] = compute()
            return found

    def memo_of(self, key: tuple[object, ...], compute: Callable[..., T], *args: object) -> T:
        """`memo` for a module-level `compute(*args)`: no closure is built per lookup."""
        try:
            return self._memo[key]  # type: ignore[return-value]
        except KeyError:
            found = self._memo[key] = compute(*args)
            return found

    @cached_property
    def entries(self) -> EntryTables:
        """Merit and flaw rules, bans, rituals, settings-aware tiers (the strict rules)."""
        return EntryTables(self.rules)

    @cached_property
    def specialty_names(self) -> dict[str, tuple[str, ...]]:
        """Specialty names per skill, from data/specialties.yaml."""
        return {skill: tuple(names) for skill, names in pool("specialties").items()}

    @cached_property
    def powers(self) -> dict[str, tuple[Power, ...]]:
        if self.rules.spec.vampire is None:
            return {}
        return {d.name: tuple(d.powers) for d in self.rules.spec.vampire.disciplines}

    @cached_property
    def power_index(self) -> dict[str, dict[str, Power]]:
        """Discipline -> power name -> power."""
        return {d: {p.name: p for p in powers} for d, powers in self.powers.items()}

    def creation_merits(
        self,
        cls: CharacterClass,
        barred: frozenset[str] = frozenset(),
        clan_id: str | None = None,
    ) -> list[AdvantageDef]:
        """Advantages a character may take from its creation budget (and buy with XP): open
        to the class, not barred, and not needing another class or clan."""
        key = (cls, barred, clan_id)
        if key not in self._merits:
            rules = self.rules
            self._merits[key] = [
                e
                for e in rules.merits.values()
                if e.creation
                and rules.allows(e, cls)
                and e.name not in barred
                and self._fits_identity(e.name, cls, clan_id)
            ]
        return self._merits[key]

    def creation_flaws(
        self,
        cls: CharacterClass,
        barred: frozenset[str] = frozenset(),
        clan_id: str | None = None,
    ) -> list[FlawDef]:
        key = (cls, barred, clan_id)
        if key not in self._flaws:
            rules = self.rules
            self._flaws[key] = [
                e
                for e in rules.flaws.values()
                if e.creation
                and rules.allows(e, cls)
                and e.name not in barred
                and self._fits_identity(e.name, cls, clan_id)
            ]
        return self._flaws[key]

    def _fits_identity(self, name: str, cls: CharacterClass, clan_id: str | None) -> bool:
        """Class and clan requirements never change on a sheet: settle them once."""
        for req in self.entries.requires.get(name, ()):
            if req.kind == "class" and req.name != cls.value:
                return False
            if req.kind == "clan" and req.name != clan_id:
                return False
        return True

    def costs(self, cls: CharacterClass) -> dict[str, Cost]:
        """The cost table of a class, less purchases a setting that is off closes."""
        if cls not in self._costs:
            closed = self.entries.closed_categories
            self._costs[cls] = {
                c: cost for c, cost in self.rules.costs_for(cls).items() if c not in closed
            }
        return self._costs[cls]
