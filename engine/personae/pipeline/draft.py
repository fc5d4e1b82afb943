"""A mutable sheet under construction; frozen into a Sheet at the end.

The builder is trusted, so the Sheet is assembled without pydantic validation (no pydantic
work on the hot path); the independent validator checks it instead, and pydantic
validates sheets only where they enter from outside (HTTP, files, the store).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel

from ..ruleset import Ruleset
from ..ruleset.tables import SheetFacts
from ..sheet import (
    AdvantageItem,
    Creation,
    Derived,
    EdgeItem,
    Experience,
    FlawItem,
    GiftItem,
    Purchase,
    RitualItem,
    Sheet,
    Specialty,
)

M = TypeVar("M", bound=BaseModel)
_DERIVED = tuple(Derived.model_fields)
_CREATION = {k: f.get_default(call_default_factory=True) for k, f in Creation.model_fields.items()}


_FIELD_ORDER: dict[type[BaseModel], tuple[str, ...]] = {}
_set = object.__setattr__


def _trusted(cls: type[M], values: dict[str, Any]) -> M:
    """A model instance from values the builder made (every field present, already legal):
    what `model_construct` does, without its per-field default handling (hot path)."""
    obj = cls.__new__(cls)
    # serialization follows the instance's dict order: keep the declared field order, so a
    # built sheet and the same sheet read back from JSON give the same bytes
    names = _FIELD_ORDER.get(cls)
    if names is None:
        names = _FIELD_ORDER[cls] = tuple(cls.model_fields)
    ordered = values if tuple(values) == names else {name: values[name] for name in names}
    _set(obj, "__dict__", ordered)
    _set(obj, "__pydantic_fields_set__", set(names))
    _set(obj, "__pydantic_extra__", None)
    _set(obj, "__pydantic_private__", None)
    return obj


class CreationView:
    """Attribute access onto a draft's creation choices, with the names of `sheet.creation`,
    so class plug-ins read both the same way."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data

    def __getattr__(self, name: str) -> Any:
        return self._data.get(name)


@dataclass
class Draft:
    attributes: dict[str, int]
    skills: dict[str, int]
    specialties: list[dict[str, str]] = field(default_factory=list)
    disciplines: dict[str, int] = field(default_factory=dict)
    powers: dict[str, list[str]] = field(default_factory=dict)
    advantages: list[dict[str, Any]] = field(default_factory=list)
    flaws: list[dict[str, Any]] = field(default_factory=list)
    renown: dict[str, int] = field(default_factory=dict)
    gifts: list[dict[str, str]] = field(default_factory=list)
    rites: list[str] = field(default_factory=list)
    rituals: list[dict[str, Any]] = field(default_factory=list)
    edges: dict[str, list[str]] = field(default_factory=dict)
    derived: dict[str, int | None] = field(default_factory=dict)
    creation: dict[str, Any] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)

    @property
    def creation_view(self) -> CreationView:
        return CreationView(self.creation)

    def facts(self) -> SheetFacts:
        """What merit and flaw requirements are checked against, as the draft stands."""
        entries = {a["name"]: a["dots"] for a in self.advantages}
        entries.update((f["name"], f["dots"]) for f in self.flaws)
        return SheetFacts(
            self.creation["character_class"],
            self.creation.get("clan_id"),
            entries,
            self.skills,
            self.disciplines,
        )

    def has_specialty(self, skill: str, name: str) -> bool:
        return any(s["name"] == name and s["skill"] == skill for s in self.specialties)

    def grant(self, name: str, kind: str, dots: int, source: str, note: str | None) -> None:
        """Add a merit, background or flaw that a rule grants (not bought from the budget)."""
        if kind == "flaw":
            self.flaws.append({"name": name, "dots": dots, "source": source, "note": note})
        else:
            self.advantages.append(
                {"name": name, "kind": kind, "dots": dots, "source": source, "note": note}
            )

    def finish(self, rules: Ruleset) -> Sheet:
        """Compute derived traits from the final dots and freeze into a Sheet."""
        d = rules.spec.derived
        derived = dict(self.derived)
        attrs = self.attributes
        derived["health"] = d.health.base + sum(attrs[a] for a in d.health.add)
        derived["willpower"] = d.willpower.base + sum(attrs[a] for a in d.willpower.add)
        potency = derived.get("blood_potency")
        if potency is not None and self.creation.get("clan_id"):
            derived["bane_severity"] = rules.potency_row(potency).bane_severity
        creation = {k: v for k, v in self.creation.items() if v is not None}
        return _trusted(Sheet, dict(
            attributes=dict(attrs),
            skills=dict(self.skills),
            specialties=[_trusted(Specialty, dict(s)) for s in self.specialties],
            disciplines=dict(self.disciplines),
            powers={k: list(v) for k, v in self.powers.items()},
            advantages=[
                _trusted(AdvantageItem, {**a, "note": a.get("note")}) for a in self.advantages
            ],
            flaws=[_trusted(FlawItem, {**f, "note": f.get("note")}) for f in self.flaws],
            renown=dict(self.renown),
            gifts=[_trusted(GiftItem, dict(g)) for g in self.gifts],
            rites=list(self.rites),
            rituals=[_trusted(RitualItem, dict(r)) for r in self.rituals],
            edges=[
                _trusted(EdgeItem, {"name": n, "perks": list(p)}) for n, p in self.edges.items()
            ],
            derived=_trusted(Derived, {k: derived.get(k) for k in _DERIVED}),
            creation=_trusted(Creation, {k: creation.get(k, d) for k, d in _CREATION.items()}),
        ))

    def experience(self, level: str, budget: int, spent: int) -> Experience:
        return _trusted(Experience, dict(
            level=level,
            budget=budget,
            spent=spent,
            ledger=[
                _trusted(
                    Purchase,
                    {"trait": p["trait"], "category": p["category"], "from_": p["from"],
                     "to": p["to"], "cost": p["cost"]},  # the declared field order
                )
                for p in self.ledger
            ],
        ))
