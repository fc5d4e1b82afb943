"""A mutable sheet under construction; frozen into a Sheet at the end.

The builder is trusted, so the Sheet is assembled without pydantic validation (no pydantic
work on the hot path); the independent validator checks it instead, and pydantic
validates sheets only where they enter from outside (HTTP, files, the store).
"""

from __future__ import annotations

from collections.abc import Callable
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
# every field in the declared order, with its default: the starting point of a frozen
# Derived and Creation (a choice the draft left at None keeps the default)
_DERIVED = dict.fromkeys(Derived.model_fields)
_CREATION = {k: f.get_default(call_default_factory=True) for k, f in Creation.model_fields.items()}


# the slots every pydantic model instance has, set directly (as model_construct does)
_SLOTS = {name: BaseModel.__dict__[name].__set__ for name in ("__dict__", *BaseModel.__slots__)}
_SET_DICT = _SLOTS["__dict__"]
_SET_FIELDS = _SLOTS["__pydantic_fields_set__"]
_SET_EXTRA = _SLOTS["__pydantic_extra__"]
_SET_PRIVATE = _SLOTS["__pydantic_private__"]


def _maker(cls: type[M], *, ordered: bool = False) -> Callable[[dict[str, Any]], M]:
    """A constructor of `cls` instances from values the builder made (every field present,
    already legal): what `model_construct` does, without its per-field default handling
    (hot path). Serialization follows the instance's dict order, so values not in the
    declared field order are put in it (`ordered`: the caller always passes them in that
    order): a built sheet and the same sheet read back from JSON give the same bytes. The
    dict passed in becomes the instance's own."""
    names = tuple(cls.model_fields)
    # every field counts as set; one shared set (nothing removes from it, and adding a
    # field name already in it changes nothing)
    fields_set = set(names)
    new = object.__new__

    def make(values: dict[str, Any]) -> M:
        obj = new(cls)
        if tuple(values) != names:
            values = {n: values[n] for n in names}
        _SET_DICT(obj, values)
        _SET_FIELDS(obj, fields_set)
        _SET_EXTRA(obj, None)
        _SET_PRIVATE(obj, None)
        return obj

    def make_ordered(values: dict[str, Any]) -> M:
        obj = new(cls)
        _SET_DICT(obj, values)
        _SET_FIELDS(obj, fields_set)
        _SET_EXTRA(obj, None)
        _SET_PRIVATE(obj, None)
        return obj

    return make_ordered if ordered else make


_SHEET = _maker(Sheet, ordered=True)
_SPECIALTY = _maker(Specialty)
_ADVANTAGE = _maker(AdvantageItem)
_FLAW = _maker(FlawItem)
_GIFT = _maker(GiftItem)
_RITUAL = _maker(RitualItem)
_EDGE = _maker(EdgeItem, ordered=True)
_DERIVED_ITEM = _maker(Derived)  # checked: a draft may hold keys the model lacks
_CREATION_ITEM = _maker(Creation)
_EXPERIENCE = _maker(Experience, ordered=True)
_PURCHASE = _maker(Purchase, ordered=True)  # spend_experience writes them in field order


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
        """Compute derived traits from the final dots and freeze into a Sheet. The sheet
        takes the draft's own tables and items (no copies): the draft is done with."""
        d = rules.spec.derived
        derived = self.derived
        attrs = self.attributes
        derived["health"] = d.health.base + sum(attrs[a] for a in d.health.add)
        derived["willpower"] = d.willpower.base + sum(attrs[a] for a in d.willpower.add)
        creation = self.creation
        potency = derived.get("blood_potency")
        if potency is not None and creation.get("clan_id"):
            derived["bane_severity"] = rules.potency_row(potency).bane_severity
        derived_values = dict(_DERIVED)
        derived_values.update(derived)
        choices = dict(_CREATION)
        for k, v in creation.items():
            if v is not None:
                choices[k] = v
        for a in self.advantages:
            if "note" not in a:
                a["note"] = None
        for f in self.flaws:
            if "note" not in f:
                f["note"] = None
        return _SHEET(
            {
                "attributes": attrs,
                "skills": self.skills,
                "specialties": list(map(_SPECIALTY, self.specialties)),
                "disciplines": self.disciplines,
                "powers": self.powers,
                "advantages": list(map(_ADVANTAGE, self.advantages)),
                "flaws": list(map(_FLAW, self.flaws)),
                "renown": self.renown,
                "gifts": list(map(_GIFT, self.gifts)),
                "rites": self.rites,
                "rituals": list(map(_RITUAL, self.rituals)),
                "edges": [_EDGE({"name": n, "perks": p}) for n, p in self.edges.items()],
                "derived": _DERIVED_ITEM(derived_values),
                "creation": _CREATION_ITEM(choices),
            }
        )

    def experience(self, level: str, budget: int, spent: int) -> Experience:
        """The ledger (its entries are in the Purchase field order) as an Experience."""
        return _EXPERIENCE(
            {
                "level": level,
                "budget": budget,
                "spent": spent,
                "ledger": list(map(_PURCHASE, self.ledger)),
            }
        )
