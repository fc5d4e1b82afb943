"""Pydantic models of a ruleset: the one source of rulesets/schema.json.

Every game number the engine uses is a field here, filled from rulesets/<id>/*.yaml.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from ..enums import CharacterClass, Confidence

Dots = Annotated[int, Field(ge=0, le=10)]
Name = Annotated[str, Field(min_length=1, max_length=80)]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=60)]
Range = Annotated[list[int], Field(min_length=2, max_length=2)]


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Provenance(Rule):
    """Where an entry comes from; M (unverified) and H (house rule) are worth a look."""

    confidence: Confidence
    source: str = Field(min_length=1)


class RulesetInfo(Rule):
    id: Slug
    name: str
    version: str = Field(pattern=r"^\d+\.\d+\.\d+$")
    game_version: Literal["V5"]
    description: str = ""


class AttributeRules(Rule):
    groups: dict[str, list[Name]]
    creation: list[Dots] = Field(min_length=1)
    min: Dots = 1
    max: Dots = 5


class SkillFocus(Rule):
    description: str
    dots: dict[int, Annotated[int, Field(ge=1, le=27)]]


class SkillRules(Rule):
    groups: dict[str, list[Name]]
    max: Dots = 5
    focuses: dict[str, SkillFocus] = Field(min_length=1)


class SpecialtyRules(Rule):
    free_in_skills: list[Name]
    free_any: Annotated[int, Field(ge=0, le=5)]


class Formula(Rule):
    base: int
    add: list[Name] = []


class Derived(Rule):
    health: Formula
    willpower: Formula


class ClassRules(Rule):
    supported: bool = True
    unsupported_reason: str | None = None
    weight: Annotated[int, Field(ge=0)]
    humanity: Dots | None
    advantages: Dots
    flaws: Dots
    provenance: Provenance | None = None


class Level(Rule):
    xp: Annotated[int, Field(ge=0, le=10_000)]
    vampire_tier: str
    alias: bool = False
    description: str = ""
    provenance: Provenance | None = None


CostCategory = Literal[
    "attribute",
    "skill",
    "specialty",
    "advantage",
    "discipline_clan",
    "discipline_other",
    "discipline_caitiff",
    "blood_potency",
    "gift",
    "rite",
    "renown",
    "edge",
    "perk",
]


class Cost(Rule):
    kind: Literal["per_new_level", "flat", "per_count"]
    amount: Annotated[int, Field(ge=1, le=100)]
    provenance: Provenance | None = None

    def price(self, new_level: int, nth: int) -> int:
        """XP for one purchase: reaching `new_level`, or the `nth` item of its category."""
        if self.kind == "per_new_level":
            return new_level * self.amount
        if self.kind == "per_count":
            return nth * self.amount
        return self.amount


class Spending(Rule):
    weights: dict[CostCategory, Annotated[float, Field(ge=0)]]
    favoured_skill_factor: Annotated[float, Field(ge=1)]
    max_attribute: Dots
    max_skill: Dots


class Experience(Rule):
    levels: dict[str, Level] = Field(min_length=1)
    costs: dict[str, dict[CostCategory, Cost]]
    spending: Spending


class AdvantageDef(Rule):
    name: Name
    kind: Literal["merit", "background"]
    min: Dots
    max: Dots
    classes: list[CharacterClass] | None = None
    creation: bool = True
    provenance: Provenance | None = None


class FlawDef(Rule):
    name: Name
    min: Dots
    max: Dots
    classes: list[CharacterClass] | None = None
    creation: bool = True
    provenance: Provenance | None = None


class Concept(Rule):
    id: Slug
    name: Name
    favoured_skills: list[Name] = Field(min_length=1)
    description: str


class Blurb(Rule):
    name: Name
    description: str = Field(min_length=1, max_length=200)


class Grant(Rule):
    name: Name
    kind: Literal["merit", "background", "flaw"]
    dots: Annotated[int, Field(ge=1, le=5)]
    note: str | None = None


class GrantChoice(Rule):
    kind: Literal["merit", "background", "flaw"]
    dots: Annotated[int, Field(ge=1, le=5)]
    options: list[Name] = Field(min_length=1)
    split: bool = False
    note: str | None = None


class Clan(Rule):
    id: Slug
    name: Name
    disciplines: list[Name]
    any_disciplines: bool = False
    thin_blood: bool = False
    bane: Blurb | None = None
    variant_bane: Blurb | None = None
    compulsion: Blurb | None = None
    excluded_merits: list[Name] = []
    grants: list[Grant] = []
    provenance: Provenance | None = None


class Amalgam(Rule):
    discipline: Name
    level: Annotated[int, Field(ge=1, le=5)]


class Power(Rule):
    name: Name
    level: Annotated[int, Field(ge=1, le=5)]
    amalgam: Amalgam | None = None


class Discipline(Rule):
    name: Name
    powers: list[Power]


class SpecialtyDef(Rule):
    skill: Name
    name: Name


class DisciplineOption(Rule):
    name: Name
    clans: list[Slug] | None = None


class PredatorType(Rule):
    id: Slug
    name: Name
    specialties: list[SpecialtyDef] = Field(min_length=1)
    disciplines: list[DisciplineOption] = Field(min_length=1)
    grants: list[Grant] = []
    choices: list[GrantChoice] = []
    humanity: Annotated[int, Field(ge=-3, le=3)] = 0
    blood_potency: Annotated[int, Field(ge=0, le=3)] = 0
    excluded_clans: list[Slug] = []
    max_blood_potency: Dots | None = None
    supplement: bool = False
    provenance: Provenance | None = None


class Tier(Rule):
    generation: Range
    blood_potency: Dots
    extra_advantages: Dots
    extra_flaws: Dots
    provenance: Provenance | None = None


class PotencyRow(Rule):
    potency: Dots
    surge: Dots
    mend: Dots
    power_bonus: Dots
    rouse_reroll: Dots
    bane_severity: Dots


class GenerationLimit(Rule):
    generations: Range
    min: Dots
    max: Dots


class PairRange(Rule):
    min: Annotated[int, Field(ge=0, le=5)]
    max: Annotated[int, Field(ge=0, le=5)]


class VampireCreation(Rule):
    clan_disciplines: list[Annotated[int, Field(ge=1, le=5)]] = Field(min_length=1)
    predator_discipline_dots: Annotated[int, Field(ge=0, le=2)]
    thin_blood_merit_flaw_pairs: PairRange
    thin_blood_merits: list[Name] = []
    thin_blood_flaws: list[Name] = []


class Vampire(Rule):
    creation: VampireCreation
    discipline_max: Annotated[int, Field(ge=1, le=10)]
    clans: list[Clan] = Field(min_length=1)
    tiers: dict[str, Tier]
    thin_blood_tier: Tier
    blood_potency: list[PotencyRow] = Field(min_length=1)
    generation_limits: list[GenerationLimit] = Field(min_length=1)
    predator_types: list[PredatorType] = Field(min_length=1)
    disciplines: list[Discipline] = Field(min_length=1)


class WerewolfCreation(Rule):
    renown: list[Dots] = Field(min_length=1)
    rage: Dots
    gifts: dict[Literal["native", "tribe", "auspice"], Annotated[int, Field(ge=0, le=5)]]
    rites: Annotated[int, Field(ge=0, le=5)]
    provenance: Provenance | None = None


class Tribe(Rule):
    id: Slug
    name: Name
    patron: Name
    renown: Name
    description: str


class Auspice(Rule):
    id: Slug
    name: Name
    moon: Name
    renown: Name
    description: str
    provenance: Provenance | None = None


class Gift(Rule):
    name: Name
    source: Literal["native", "tribe", "auspice"]
    renown: Name
    min_renown: Annotated[int, Field(ge=0, le=15)]
    tribe: Slug | None = None
    auspice: Slug | None = None


class Werewolf(Rule):
    renown_types: list[Name] = Field(min_length=1)
    renown_max: Annotated[int, Field(ge=1, le=10)]
    creation: WerewolfCreation
    gift_rule: Literal["total_renown"]
    tribes: list[Tribe] = Field(min_length=1)
    auspices: list[Auspice] = Field(min_length=1)
    gifts: list[Gift] = Field(min_length=1)
    rites: list[Name] = Field(min_length=1)


class EdgePackage(Rule):
    edges: Annotated[int, Field(ge=0, le=5)]
    perks: Annotated[int, Field(ge=0, le=5)]


class HunterCreation(Rule):
    packages: list[EdgePackage] = Field(min_length=1)
    desperation: Dots
    danger: Dots


class Creed(Rule):
    id: Slug
    name: Name
    description: str
    suggested_edges: list[Name] = []
    drives: list[Name] = []


class Edge(Rule):
    name: Name
    type: Literal["Assets", "Aptitudes", "Endowments"]
    perks: list[Name] = Field(min_length=1)
    supplement: bool = False


class Hunter(Rule):
    creation: HunterCreation
    creeds: list[Creed] = Field(min_length=1)
    suggestions_provenance: Provenance | None = None
    drives: list[Name] = Field(min_length=1)
    edges: list[Edge] = Field(min_length=1)


class Ghoul(Rule):
    discipline_dots: Annotated[int, Field(ge=0, le=5)]
    provenance: Provenance | None = None


class RulesetSpec(Rule):
    """A whole ruleset: the union of the top-level keys of every YAML file in its folder."""

    ruleset: RulesetInfo
    attributes: AttributeRules
    skills: SkillRules
    specialties: SpecialtyRules
    derived: Derived
    classes: dict[CharacterClass, ClassRules]
    experience: Experience
    advantages: list[AdvantageDef]
    flaws: list[FlawDef]
    concepts: list[Concept] = Field(min_length=1)
    vampire: Vampire | None = None
    werewolf: Werewolf | None = None
    hunter: Hunter | None = None
    ghoul: Ghoul | None = None
