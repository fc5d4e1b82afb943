"""The trait sheet and XP ledger: what the builder writes and the validator reads."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .enums import CharacterClass


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Specialty(_Model):
    skill: str
    name: str
    source: Literal["free", "skill", "predator", "xp"]


class AdvantageItem(_Model):
    name: str
    kind: Literal["merit", "background"]
    dots: int = Field(ge=1, le=10)
    source: Literal["creation", "predator", "clan", "thin_blood", "xp"]
    note: str | None = None


class FlawItem(_Model):
    name: str
    dots: int = Field(ge=1, le=10)
    source: Literal["creation", "predator", "clan", "thin_blood"]
    note: str | None = None


class GiftItem(_Model):
    name: str
    source: Literal["native", "tribe", "auspice"]
    renown: str


class RitualItem(_Model):
    """A Blood Sorcery ritual, Oblivion ceremony or thin-blood formula the character knows."""

    discipline: str
    name: str
    level: int = Field(ge=1, le=10)
    source: Literal["creation", "xp"]


class EdgeItem(_Model):
    name: str
    perks: list[str]


class Derived(_Model):
    health: int
    willpower: int
    humanity: int | None = None
    blood_potency: int | None = None
    generation: int | None = None
    bane_severity: int | None = None
    rage: int | None = None
    desperation: int | None = None
    danger: int | None = None
    harano: int | None = None
    hauglosk: int | None = None


class Creation(_Model):
    """The choices creation was built from; the validator re-checks the sheet against them."""

    character_class: CharacterClass
    skill_focus: str
    concept_id: str
    clan_id: str | None = None
    bane: Literal["standard", "variant"] | None = None
    predator_type: str | None = None
    predator_discipline: str | None = None
    predator_skill_dot: bool = False
    vampire_tier: str | None = None
    tribe_id: str | None = None
    auspice_id: str | None = None
    # the tribe patron's ban and favor, our own one-line summaries from the ruleset
    patron_ban: str | None = None
    patron_favor: str | None = None
    creed_id: str | None = None
    drive: str | None = None
    domitor_clan_id: str | None = None
    # choices of classes added later (house classes) that have no field of their own
    extra: dict[str, Any] = {}


class Sheet(_Model):
    attributes: dict[str, int]
    skills: dict[str, int]
    specialties: list[Specialty]
    disciplines: dict[str, int] = {}
    powers: dict[str, list[str]] = {}
    advantages: list[AdvantageItem] = []
    flaws: list[FlawItem] = []
    renown: dict[str, int] = {}
    gifts: list[GiftItem] = []
    rites: list[str] = []
    rituals: list[RitualItem] = []
    edges: list[EdgeItem] = []
    derived: Derived
    creation: Creation


class Purchase(_Model):
    trait: str
    category: str
    from_: int = Field(alias="from", ge=0)
    to: int = Field(ge=1)
    cost: int = Field(ge=0)


class Experience(_Model):
    level: str
    budget: int = Field(ge=0)
    spent: int = Field(ge=0)
    ledger: list[Purchase]
