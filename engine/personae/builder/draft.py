"""A mutable sheet under construction; frozen into a pydantic Sheet at the end."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..ruleset import Ruleset
from ..sheet import Experience, Sheet


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
    edges: dict[str, list[str]] = field(default_factory=dict)
    derived: dict[str, int | None] = field(default_factory=dict)
    creation: dict[str, Any] = field(default_factory=dict)
    ledger: list[dict[str, Any]] = field(default_factory=list)

    def has_specialty(self, skill: str, name: str) -> bool:
        return any(s["name"] == name and s["skill"] == skill for s in self.specialties)

    def finish(self, rules: Ruleset) -> Sheet:
        """Compute derived traits from the final dots and freeze into a Sheet."""
        d = rules.spec.derived
        derived = dict(self.derived)
        derived["health"] = d.health.base + sum(self.attributes[a] for a in d.health.add)
        derived["willpower"] = d.willpower.base + sum(self.attributes[a] for a in d.willpower.add)
        if derived.get("blood_potency") is not None and self.creation.get("clan_id"):
            derived["bane_severity"] = rules.potency_row(derived["blood_potency"]).bane_severity
        return Sheet.model_validate(
            {
                "attributes": self.attributes,
                "skills": self.skills,
                "specialties": self.specialties,
                "disciplines": self.disciplines,
                "powers": self.powers,
                "advantages": self.advantages,
                "flaws": self.flaws,
                "renown": self.renown,
                "gifts": self.gifts,
                "rites": self.rites,
                "edges": [{"name": n, "perks": p} for n, p in self.edges.items()],
                "derived": derived,
                "creation": self.creation,
            }
        )

    def experience(self, level: str, budget: int, spent: int) -> Experience:
        return Experience.model_validate(
            {"level": level, "budget": budget, "spent": spent, "ledger": self.ledger}
        )
