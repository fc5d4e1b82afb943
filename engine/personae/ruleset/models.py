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


FlagName = Literal[
    "koldunic_sorcery_outside_tzimisce",
    "supplement_predator_oblivion_for_non_hecata",
    "renown_xp_purchases",
]
"""The on/off settings other entries may point at (`clans_setting`, `requires_setting`)."""


class Flag(Rule):
    """An on/off choice where sources disagree or a house rule applies."""

    value: bool = False
    house_rule: bool = False
    description: str = ""
    provenance: Provenance | None = None


class ChilderTier(Rule):
    """Which age tier a freshly Embraced clan vampire (NEW / CHILDE) starts in.

    `book` uses `vampire.tiers.childe`; any other value names an entry of
    `vampire.tier_variants` that replaces the tiers it lists.
    """

    value: Literal["book", "progeny"] = "book"
    description: str = ""
    provenance: Provenance | None = None


class Settings(Rule):
    """Switches a user may flip in a copy of the ruleset; each says where it comes from."""

    childer_tier: ChilderTier = ChilderTier()
    koldunic_sorcery_outside_tzimisce: Flag = Flag()
    supplement_predator_oblivion_for_non_hecata: Flag = Flag()
    renown_xp_purchases: Flag = Flag(house_rule=True)

    def flag(self, name: FlagName) -> bool:
        setting: Flag = getattr(self, name)
        return setting.value


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
    # Skills that always carry a specialty once they have a dot, including dots bought with XP.
    required_for: list[Name] = []
    provenance: Provenance | None = None


class Formula(Rule):
    base: int
    add: list[Name] = []


class Tracker(Rule):
    """A tracker's range on the sheet, and the value play starts at where the rules set one."""

    max: Annotated[int, Field(ge=1, le=20)]
    start: Annotated[int, Field(ge=0, le=20)] | None = None
    provenance: Provenance | None = None


class Derived(Rule):
    health: Formula
    willpower: Formula
    # humanity, blood_potency, rage, hunger, ...: what the sheet's boxes show
    trackers: dict[Name, Tracker] = {}


class Ban(Rule):
    """Merits, backgrounds or flaws a clan or class may not take (`creation`: only at creation)."""

    names: list[Name] = Field(min_length=1)
    when: Literal["always", "creation"] = "always"
    reason: str = Field(min_length=1, max_length=200)
    provenance: Provenance | None = None


class ClassRules(Rule):
    supported: bool = True
    unsupported_reason: str | None = None
    weight: Annotated[int, Field(ge=0)]
    humanity: Dots | None
    advantages: Dots
    flaws: Dots
    bans: list[Ban] = []
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
    "ritual",
    "ceremony",
    "formula",
]


class Cost(Rule):
    kind: Literal["per_new_level", "flat", "per_count"]
    amount: Annotated[int, Field(ge=1, le=100)]
    # The purchase is allowed only while this setting is on (a house rule, for instance).
    requires_setting: FlagName | None = None
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


class Requirement(Rule):
    """One thing an entry needs on the same sheet.

    advantage / flaw / skill / discipline: `name` at `min` dots or more;
    class: the character class (`name` is a CharacterClass value); clan: the clan id.
    """

    kind: Literal["advantage", "flaw", "skill", "discipline", "class", "clan"]
    name: Name
    min: Annotated[int, Field(ge=1, le=10)] = 1


class DisciplineChoice(Rule):
    """Dots in one discipline of the player's choice, raised later at the `raise_cost` rate."""

    dots: Annotated[int, Field(ge=1, le=5)]
    # None: any discipline that is not thin-blood-only.
    options: list[Name] | None = None
    raise_cost: CostCategory


class EntryGrants(Rule):
    """What taking a merit or flaw gives the character beyond its dots.

    Each granted discipline dot brings its power as usual (for Thin-Blood Alchemy the powers
    are the formulae, so one dot brings one level-1 formula).
    """

    disciplines: dict[Name, Annotated[int, Field(ge=1, le=5)]] = {}
    discipline_choice: DisciplineChoice | None = None


class EntryRules(Rule):
    """Fields merits, backgrounds and flaws share: who may take them and what they rule out."""

    name: Name
    min: Dots
    max: Dots
    # When set, only these dot values are legal (a subset of min..max): Unholy Will {2, 4}.
    allowed_dots: frozenset[Annotated[int, Field(ge=1, le=10)]] | None = None
    classes: list[CharacterClass] | None = None
    creation: bool = True
    # Names of advantages or flaws that cannot stand on the same sheet (listing one side is
    # enough: exclusions are mutual).
    excludes: list[Name] = []
    # Everything listed must hold on the same sheet.
    requires: list[Requirement] = []
    # Highest rating each named skill may have while this entry is on the sheet.
    caps: dict[Name, Annotated[int, Field(ge=0, le=10)]] = {}
    grants: EntryGrants | None = None
    description: str | None = Field(default=None, max_length=200)
    provenance: Provenance | None = None

    def dots_allowed(self, dots: int) -> bool:
        if self.allowed_dots is not None:
            return dots in self.allowed_dots
        return self.min <= dots <= self.max


class AdvantageDef(EntryRules):
    kind: Literal["merit", "background"]


class FlawDef(EntryRules):
    pass


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
    bans: list[Ban] = []
    # False: no disciplines outside `disciplines` may be bought (thin-bloods), save what a
    # merit's `discipline_choice` grants.
    other_disciplines: bool = True
    grants: list[Grant] = []
    provenance: Provenance | None = None


class Amalgam(Rule):
    discipline: Name
    level: Annotated[int, Field(ge=1, le=5)]


class Power(Rule):
    name: Name
    level: Annotated[int, Field(ge=1, le=5)]
    amalgam: Amalgam | None = None
    # Only these clans may learn it, unless `clans_setting` is on.
    clans: list[Slug] | None = None
    clans_setting: FlagName | None = None
    provenance: Provenance | None = None


class Discipline(Rule):
    name: Name
    powers: list[Power]


class SpecialtyDef(Rule):
    skill: Name
    name: Name


class DisciplineOption(Rule):
    name: Name
    clans: list[Slug] | None = None
    # When this setting is on, the `clans` limit is lifted.
    clans_setting: FlagName | None = None
    provenance: Provenance | None = None


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


class RitualList(Rule):
    """Rituals, ceremonies or formulae of one discipline, learned one by one.

    An item's level may not exceed the character's dots in the discipline. `category` is the
    XP cost category (level x amount). Empty `levels` means the discipline's powers are the list.
    """

    discipline: Name
    category: Literal["ritual", "ceremony", "formula"]
    free_at_creation: Annotated[int, Field(ge=0, le=5)] = 0
    free_level: Annotated[int, Field(ge=1, le=5)] = 1
    levels: dict[Annotated[int, Field(ge=1, le=5)], list[Name]] = {}
    provenance: Provenance | None = None


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
    # Replacement tiers chosen by `settings.childer_tier` (keyed by its value).
    tier_variants: dict[str, dict[str, Tier]] = {}
    thin_blood_tier: Tier
    blood_potency: list[PotencyRow] = Field(min_length=1)
    generation_limits: list[GenerationLimit] = Field(min_length=1)
    predator_types: list[PredatorType] = Field(min_length=1)
    disciplines: list[Discipline] = Field(min_length=1)
    rituals: list[RitualList] = []


class RenownStart(Rule):
    """Starting renown: dots in the tribe's renown, the auspice's renown, and anywhere."""

    tribe: Annotated[int, Field(ge=0, le=5)] = 0
    auspice: Annotated[int, Field(ge=0, le=5)] = 0
    free: Annotated[int, Field(ge=0, le=5)] = 0
    provenance: Provenance | None = None


class WerewolfCreation(Rule):
    renown: list[Dots] = Field(min_length=1)
    # When set, starting renown follows tribe + auspice + free dots instead of `renown`.
    renown_start: RenownStart | None = None
    rage: Dots
    harano: Dots | None = None
    hauglosk: Dots | None = None
    gifts: dict[Literal["native", "tribe", "auspice"], Annotated[int, Field(ge=0, le=5)]]
    rites: Annotated[int, Field(ge=0, le=5)]
    provenance: Provenance | None = None
    trackers_provenance: Provenance | None = None


class Tribe(Rule):
    id: Slug
    name: Name
    patron: Name
    renown: Name
    description: str
    # The patron's ban and favor, as our own one-line summaries.
    ban: str | None = Field(default=None, max_length=200)
    favor: str | None = Field(default=None, max_length=200)
    provenance: Provenance | None = None


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
    # The renown the gift is tied to, and the renown it needs (see `gift_rule`).
    renown: Name
    min_renown: Annotated[int, Field(ge=0, le=15)]
    tribe: Slug | None = None
    auspice: Slug | None = None
    # Informational: the tribe a source also tagged this auspice gift with. No rule uses it.
    tribe_tag: Slug | None = None
    provenance: Provenance | None = None


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
    # how often generation draws an edge from the creed's suggestions rather than any edge
    suggested_edge_chance: Annotated[float, Field(ge=0, le=1)]


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
    settings: Settings = Settings()
    concepts: list[Concept] = Field(min_length=1)
    vampire: Vampire | None = None
    werewolf: Werewolf | None = None
    hunter: Hunter | None = None
    ghoul: Ghoul | None = None
