"""Pydantic models of the Valentina wire format: the schemas of every response we serve.

Field names, required fields and enum values follow CONTRACT.md (read from the published
client). Dates are ISO 8601 strings as the store keeps them. Optional fields the client
defaults are still always sent, as newer API versions do.
"""

from __future__ import annotations

from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

SpecialtyType = Literal["ACTION", "OTHER", "PASSIVE", "RITUAL", "SPELL"]
TrackerType = Literal["COUNTER", "DAMAGE", "STAINS"]
DamageMark = Literal["SUPERFICIAL", "AGGRAVATED", "BASHING", "LETHAL"]
RenownName = Literal["HONOR", "GLORY", "WISDOM"]
EdgeKind = Literal["ASSETS", "APTITUDES", "ENDOWMENTS"]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CharacterSpecialty(_Wire):
    """One special ability (a power, gift, rite, edge, perk or predator type)."""

    name: str
    type: SpecialtyType
    description: str


class _Open(BaseModel):
    """Valentina's fields plus any personae keeps alongside (the client ignores extras)."""

    model_config = ConfigDict(extra="allow")


class NameDescription(_Open):
    name: str | None = None
    description: str | None = None


class CounterTracker(_Wire):
    type: Literal["COUNTER"] = "COUNTER"
    size: int
    current: int


class DamageTracker(_Wire):
    type: Literal["DAMAGE"] = "DAMAGE"
    size: int
    superficial: int = 0
    aggravated: int = 0
    boxes: list[DamageMark | None]
    is_impaired: bool = False
    bashing: int | None = None
    lethal: int | None = None
    levels: list[dict[str, Any]] | None = None
    current_penalty: int | None = None


class StainsTracker(_Wire):
    type: Literal["STAINS"] = "STAINS"
    humanity: int
    stain_capacity: int
    stains: int = 0
    is_impaired: bool = False
    willpower_damage_applied: int | None = None


class Health(DamageTracker):
    extra_levels: int = 0


Tracker = Annotated[CounterTracker | DamageTracker | StainsTracker, Field(discriminator="type")]


class GiftAttributes(_Wire):
    renown: RenownName
    cost: str | None = None
    duration: str | None = None
    minimum_renown: int | None = None
    is_native_gift: bool = False
    tribe_id: str | None = None
    tribe_name: str | None = None
    auspice_id: str | None = None
    auspice_name: str | None = None


class TraitPower(_Wire):
    id: str
    level: int
    name: str | None = None
    description: str | None = None
    system: str | None = None
    link: str | None = None


class Trait(_Wire):
    """A trait definition, built from the ruleset."""

    id: str
    name: str
    description: str | None = None
    date_created: str
    date_modified: str
    link: str | None = None
    show_when_zero: bool = True
    max_value: int = 5
    min_value: int = 0
    initial_cost: int = 1
    upgrade_cost: int = 2
    count_based_cost_multiplier: int | None = None
    is_rollable: bool = True
    sheet_section_name: str | None = None
    sheet_section_id: str
    category_name: str | None = None
    category_id: str
    custom_for_character_id: str | None = None
    subcategory_id: str | None = None
    subcategory_name: str | None = None
    pool: str | None = None
    opposing_pool: str | None = None
    system: str | None = None
    gift_attributes: GiftAttributes | None = None
    powers: list[TraitPower] = Field(default_factory=list)
    character_classes: list[str] = Field(default_factory=list)
    game_versions: list[str] = Field(default_factory=lambda: ["V5"])
    tracker_type_v4: TrackerType | None = None
    tracker_type_v5: TrackerType | None = None


class TraitSpecialty(_Wire):
    """A skill specialty on an ability trait."""

    id: str
    name: str
    date_created: str
    date_modified: str


class CharacterTrait(_Wire):
    id: str
    character_id: str
    value: int
    trait: Trait
    specialties: list[TraitSpecialty] = Field(default_factory=list)
    tracker: Tracker | None = None


class SheetSubcategory(_Wire):
    id: str
    name: str
    description: str | None = None
    initial_cost: int
    upgrade_cost: int
    show_when_empty: bool
    requires_parent: bool
    pool: str | None = None
    system: str | None = None
    hunter_edge_type: EdgeKind | None = None
    character_traits: list[CharacterTrait]
    available_traits: list[Trait] = Field(default_factory=list)


class SheetCategory(_Wire):
    id: str
    name: str
    description: str | None = None
    initial_cost: int
    upgrade_cost: int
    show_when_empty: bool
    order: int
    subcategories: list[SheetSubcategory]
    character_traits: list[CharacterTrait]
    available_traits: list[Trait] = Field(default_factory=list)


class SheetSection(_Wire):
    id: str
    name: str
    description: str | None = None
    order: int
    show_when_empty: bool
    categories: list[SheetCategory]


class VampireAttributes(_Open):
    clan_id: str | None = None
    clan_name: str | None = None
    generation: int | None = None
    sire: str | None = None
    bane: NameDescription | None = None
    compulsion: NameDescription | None = None
    # personae's own
    predator_type: str | None = None
    blood_potency: int | None = None


class WerewolfAttributes(_Open):
    tribe_id: str | None = None
    tribe_name: str | None = None
    auspice_id: str | None = None
    auspice_name: str | None = None
    pack_name: str | None = None
    total_renown: int = 0


class HunterAttributes(_Open):
    creed: str | None = None
    # personae's own
    drive: str | None = None
    cell_name: str | None = None


class ValentinaCharacter(BaseModel):
    """Valentina's Character, plus personae's own fields (sheet, ledger, provenance).

    Extra keys are allowed so the engine's fields ride along; the client ignores them.
    """

    model_config = ConfigDict(extra="allow")

    id: str
    date_created: str
    date_modified: str
    date_killed: str | None = None
    character_class: str
    type: str
    game_version: str
    status: str
    starting_points: int
    is_temporary: bool
    name_first: str = Field(min_length=3)
    name_last: str = Field(min_length=3)
    name_nick: Annotated[str, Field(min_length=3, max_length=50)] | None = None
    name: str
    name_full: str
    age: int | None = None
    date_of_birth: str | None = None
    biography: Annotated[str, Field(min_length=3)] | None = None
    demeanor: Annotated[str, Field(min_length=3, max_length=50)] | None = None
    nature: Annotated[str, Field(min_length=3, max_length=50)] | None = None
    concept_id: str | None = None
    concept_name: str | None = None
    user_creator_id: str | None = None
    user_player_id: str | None = None
    company_id: str
    campaign_id: str
    asset_ids: list[str] = Field(default_factory=list)
    character_trait_ids: list[str] = Field(default_factory=list)
    chapter_ids: list[str] = Field(default_factory=list)
    specialties: list[CharacterSpecialty] = Field(default_factory=list)
    vampire_attributes: VampireAttributes | None = None
    werewolf_attributes: WerewolfAttributes | None = None
    mage_attributes: dict[str, str | None] | None = None
    hunter_attributes: HunterAttributes | None = None
    health: Health | None = None
    num_inventory_items: int = 0
    num_notes: int = 0
    num_assets: int = 0


class ValentinaCharacterDetail(ValentinaCharacter):
    """`get` with `include=`: each requested child list; null when not requested."""

    traits: list[CharacterTrait] | None = None
    inventory: list[dict[str, Any]] | None = None
    notes: list[dict[str, Any]] | None = None
    assets: list[dict[str, Any]] | None = None


class FullSheet(_Wire):
    character: ValentinaCharacter
    sections: list[SheetSection]


class ChargenSessionView(BaseModel):
    """Valentina's ChargenSessionResponse plus personae's session fields."""

    model_config = ConfigDict(extra="forbid")

    id: str
    session_id: str
    user_id: str
    company_id: str
    campaign_id: str
    status: str
    expires_at: str
    requires_selection: bool
    characters: list[ValentinaCharacter]
    selected_character_id: str | None = None
    date_created: str
    date_modified: str
    # the backend that writes the kept option's narrative at finalize (the options carry a
    # rules preview until then); None when the options are final as they are
    narrate_backend: str | None = None


T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """The pagination envelope of every list route."""

    items: list[T]
    limit: int
    offset: int
    total: int
