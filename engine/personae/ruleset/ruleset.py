"""A loaded ruleset: the validated spec plus the lookups generation and validation need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from pydantic import BaseModel

from ..enums import CharacterClass
from ..errors import FieldProblem, InvalidRequestError, UnsupportedError
from .compiled import CompiledRuleset
from .models import (
    AdvantageDef,
    Auspice,
    Clan,
    ClassRules,
    Concept,
    Cost,
    FlawDef,
    Level,
    PredatorType,
    Provenance,
    RulesetSpec,
    Tier,
    Tribe,
)


@lru_cache(maxsize=4096)
def _key(text: str) -> str:
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _pick(field: str, kind: str, wanted: str, items: dict[str, Any]) -> Any:
    """Look up by id or name, ignoring case, spaces and punctuation."""
    found = items.get(_key(wanted))
    if found is None:
        names = sorted(
            {getattr(v, "id", None) or getattr(v, "name", str(v)) for v in items.values()}
        )
        raise InvalidRequestError(
            FieldProblem(field, f"unknown {kind} {wanted!r}; choose from {names}")
        )
    return found


@dataclass(frozen=True)
class ProvenanceEntry:
    path: str
    provenance: Provenance


class Ruleset:
    """Read-only view of a ruleset with indexes by id and name."""

    def __init__(self, spec: RulesetSpec, source: str) -> None:
        self.spec = spec
        self.source = source

    # identity ---------------------------------------------------------------------------
    @property
    def id(self) -> str:
        return self.spec.ruleset.id

    @property
    def version(self) -> str:
        return self.spec.ruleset.version

    def __repr__(self) -> str:
        return f"<Ruleset {self.id} {self.version} from {self.source}>"

    # traits -----------------------------------------------------------------------------
    @cached_property
    def attributes(self) -> list[str]:
        return [a for group in self.spec.attributes.groups.values() for a in group]

    @cached_property
    def skills(self) -> list[str]:
        return [s for group in self.spec.skills.groups.values() for s in group]

    @cached_property
    def skill_focuses(self) -> list[str]:
        return list(self.spec.skills.focuses)

    @cached_property
    def _focuses(self) -> dict[str, str]:
        return {_key(f): f for f in self.skill_focuses}

    def skill_focus(self, wanted: str) -> str:
        return _pick("skill_focus", "skill focus", wanted, self._focuses)

    # classes ----------------------------------------------------------------------------
    def class_rules(self, cls: CharacterClass) -> ClassRules:
        rules = self.spec.classes.get(cls)
        if rules is None or not rules.supported:
            reason = (
                rules.unsupported_reason
                if rules and rules.unsupported_reason
                else (
                    f"{cls.value} is not supported by ruleset {self.id}; choose one of "
                    f"{[c.value for c in self.supported_classes]}"
                )
            )
            raise UnsupportedError(reason)
        return rules

    @cached_property
    def supported_classes(self) -> list[CharacterClass]:
        return [c for c, r in self.spec.classes.items() if r.supported]

    # experience -------------------------------------------------------------------------
    @cached_property
    def _levels(self) -> dict[str, str]:
        return {_key(n): n for n in self.spec.experience.levels}

    def level(self, wanted: str) -> tuple[str, Level]:
        exact = self.spec.experience.levels.get(wanted)
        if exact is not None:
            return wanted, exact
        name = _pick("experience_level", "experience level", wanted, self._levels)
        return name, self.spec.experience.levels[name]

    @cached_property
    def level_names(self) -> list[str]:
        return list(self.spec.experience.levels)

    @cached_property
    def plain_levels(self) -> list[str]:
        """Levels that are not class-flavoured aliases (drawn when a request names none)."""
        return [n for n, lv in self.spec.experience.levels.items() if not lv.alias]

    @cached_property
    def compiled(self) -> CompiledRuleset:
        """Indexed tables for the generation and validation hot path."""
        return CompiledRuleset(self)

    def costs_for(self, cls: CharacterClass) -> dict[str, Cost]:
        table = dict(self.spec.experience.costs.get("default", {}))
        table.update(self.spec.experience.costs.get(cls.value, {}))
        return table

    # concepts ---------------------------------------------------------------------------
    @cached_property
    def _concepts(self) -> dict[str, Concept]:
        index: dict[str, Concept] = {}
        for c in self.spec.concepts:
            index[_key(c.id)] = c
            index[_key(c.name)] = c
        return index

    def concept(self, wanted: str) -> Concept:
        return _pick("concept_id", "concept", wanted, self._concepts)

    # advantages -------------------------------------------------------------------------
    @cached_property
    def merits(self) -> dict[str, AdvantageDef]:
        return {a.name: a for a in self.spec.advantages}

    @cached_property
    def flaws(self) -> dict[str, FlawDef]:
        return {f.name: f for f in self.spec.flaws}

    def allows(self, entry: AdvantageDef | FlawDef, cls: CharacterClass) -> bool:
        return entry.classes is None or cls in entry.classes

    # vampire ----------------------------------------------------------------------------
    @cached_property
    def _clans(self) -> dict[str, Clan]:
        index: dict[str, Clan] = {}
        for c in self.vampire.clans:
            index[_key(c.id)] = c
            index[_key(c.name)] = c
        return index

    @property
    def vampire(self) -> Any:
        if self.spec.vampire is None:
            raise UnsupportedError(f"ruleset {self.id} has no vampire section")
        return self.spec.vampire

    def clan(self, wanted: str, field: str = "vampire_clan_id") -> Clan:
        return _pick(field, "clan", wanted, self._clans)

    @cached_property
    def clans_by_id(self) -> dict[str, Clan]:
        return {c.id: c for c in self.vampire.clans}

    def clan_by_id(self, clan_id: str) -> Clan:
        found = self.clans_by_id.get(clan_id)
        return found if found is not None else self._clans[_key(clan_id)]

    @cached_property
    def discipline_names(self) -> list[str]:
        return [d.name for d in self.vampire.disciplines]

    @cached_property
    def identity_names(self) -> dict[str, list[str]]:
        """Clan, tribe, creed and predator-type names, for checking text that must not claim
        another than the sheet's."""
        out: dict[str, list[str]] = {}
        if self.spec.vampire:
            out["clan"] = [c.name for c in self.vampire.clans]
            out["predator type"] = [p.name for p in self.vampire.predator_types]
        if self.spec.werewolf:
            out["tribe"] = [t.name for t in self.werewolf.tribes]
        if self.spec.hunter:
            out["creed"] = [f"{c.name} creed" for c in self.hunter.creeds]
        return out

    @cached_property
    def thin_blood_disciplines(self) -> frozenset[str]:
        """Disciplines only thin-blooded clans may have."""
        return frozenset(d for c in self.vampire.clans if c.thin_blood for d in c.disciplines)

    @cached_property
    def powers(self) -> dict[str, list[Any]]:
        return {d.name: list(d.powers) for d in self.vampire.disciplines}

    @cached_property
    def _predators(self) -> dict[str, PredatorType]:
        index: dict[str, PredatorType] = {}
        for p in self.vampire.predator_types:
            index[_key(p.id)] = p
            index[_key(p.name)] = p
        return index

    @cached_property
    def predator_types_by_id(self) -> dict[str, PredatorType]:
        return {p.id: p for p in self.vampire.predator_types}

    def predator_type(self, wanted: str) -> PredatorType:
        found = self.predator_types_by_id.get(wanted)
        if found is not None:
            return found
        return _pick("predator_type", "predator type", wanted, self._predators)

    def tier(self, name: str) -> Tier:
        return self.vampire.tiers[name]

    @cached_property
    def _potency_rows(self) -> dict[int, Any]:
        rows: dict[int, Any] = {}
        for r in self.vampire.blood_potency:
            rows.setdefault(r.potency, r)  # the first row of a potency, as a scan finds
        return rows

    def potency_row(self, potency: int) -> Any:
        row = self._potency_rows.get(potency)
        if row is None:
            return next(r for r in self.vampire.blood_potency if r.potency == potency)
        return row

    @cached_property
    def _limits_by_generation(self) -> dict[int, tuple[int, int]]:
        """Filled as generations are looked up."""
        return {}

    def potency_limits(self, generation: int) -> tuple[int, int]:
        found = self._limits_by_generation.get(generation)
        if found is not None:
            return found
        for limit in self.vampire.generation_limits:
            if limit.generations[0] <= generation <= limit.generations[1]:
                found = self._limits_by_generation[generation] = (limit.min, limit.max)
                return found
        raise UnsupportedError(f"generation {generation} is not in the ruleset's limits table")

    # werewolf ---------------------------------------------------------------------------
    @property
    def werewolf(self) -> Any:
        if self.spec.werewolf is None:
            raise UnsupportedError(f"ruleset {self.id} has no werewolf section")
        return self.spec.werewolf

    @cached_property
    def _tribes(self) -> dict[str, Tribe]:
        return {_key(k): t for t in self.werewolf.tribes for k in (t.id, t.name)}

    @cached_property
    def _auspices(self) -> dict[str, Auspice]:
        return {_key(k): a for a in self.werewolf.auspices for k in (a.id, a.name)}

    def tribe(self, wanted: str) -> Tribe:
        return _pick("werewolf_tribe_id", "tribe", wanted, self._tribes)

    def auspice(self, wanted: str) -> Auspice:
        return _pick("werewolf_auspice_id", "auspice", wanted, self._auspices)

    @cached_property
    def gifts(self) -> dict[str, Any]:
        return {g.name: g for g in self.werewolf.gifts}

    # hunter -----------------------------------------------------------------------------
    @property
    def hunter(self) -> Any:
        if self.spec.hunter is None:
            raise UnsupportedError(f"ruleset {self.id} has no hunter section")
        return self.spec.hunter

    @cached_property
    def _creeds(self) -> dict[str, Any]:
        return {_key(k): c for c in self.hunter.creeds for k in (c.id, c.name)}

    def creed(self, wanted: str) -> Any:
        return _pick("creed", "creed", wanted, self._creeds)

    @cached_property
    def edges(self) -> dict[str, Any]:
        return {e.name: e for e in self.hunter.edges}

    # provenance -------------------------------------------------------------------------
    def provenance(self) -> list[ProvenanceEntry]:
        """Every entry carrying a provenance block, with its dotted path."""
        found: list[ProvenanceEntry] = []

        def walk(node: Any, path: str) -> None:
            if isinstance(node, Provenance):
                found.append(ProvenanceEntry(path.removesuffix(".provenance"), node))
            elif isinstance(node, BaseModel):
                for name in type(node).model_fields:
                    walk(getattr(node, name), f"{path}.{name}" if path else name)
            elif isinstance(node, dict):
                for k, v in node.items():
                    walk(v, f"{path}.{k}")
            elif isinstance(node, list):
                for i, v in enumerate(node):
                    label = getattr(v, "name", None) or getattr(v, "id", None) or i
                    walk(v, f"{path}[{label}]")

        walk(self.spec, "")
        return found

    def iter_classes(self) -> Iterator[tuple[CharacterClass, ClassRules]]:
        yield from self.spec.classes.items()
