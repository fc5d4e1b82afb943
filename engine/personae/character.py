"""The Character: Valentina's Character JSON plus this engine's sheet, ledger and provenance."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from .enums import CharacterClass, CharacterStatus, CharacterType, GameVersion
from .sheet import Experience, Sheet


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class TextBlurb(_Model):
    name: str
    description: str


class SpecialtyRef(_Model):
    skill: str
    name: str


class VampireAttributes(_Model):
    clan_id: str
    clan_name: str
    generation: int | None
    sire: str | None
    bane: TextBlurb | None
    compulsion: TextBlurb | None
    predator_type: str | None = None
    blood_potency: int | None = None


class WerewolfAttributes(_Model):
    tribe_id: str
    tribe_name: str
    auspice_id: str
    auspice_name: str
    pack_name: str | None
    total_renown: int


class HunterAttributes(_Model):
    creed: str
    drive: str | None = None
    cell_name: str | None = None


class RerollRecord(_Model):
    """How a character was last rerolled (`personae.reroll`): the seed asked for and the
    fields kept. The character's own `seed` is the one its sheet was built from."""

    seed: int
    keep: list[str]


class RulesetRef(_Model):
    id: str
    version: str


def full_name(first: str, last: str, nick: str | None) -> str:
    """How a character's whole name is written: First "Nick" Last."""
    return f'{first} "{nick}" {last}' if nick else f"{first} {last}"


class Character(_Model):
    id: str
    date_created: str
    date_modified: str
    character_class: CharacterClass
    type: CharacterType
    game_version: GameVersion = GameVersion.V5
    status: CharacterStatus = CharacterStatus.ALIVE
    starting_points: int
    is_temporary: bool = False
    name_first: str = Field(min_length=3)
    name_last: str = Field(min_length=3)
    name_nick: str | None
    name: str
    name_full: str
    age: int
    biography: str
    demeanor: str
    nature: str
    concept_id: str
    concept_name: str
    user_creator_id: str | None = None
    user_player_id: str | None = None
    company_id: str | None = None
    campaign_id: str | None = None
    specialties: list[SpecialtyRef]
    vampire_attributes: VampireAttributes | None = None
    werewolf_attributes: WerewolfAttributes | None = None
    hunter_attributes: HunterAttributes | None = None
    # this engine's own fields
    gender: str
    apparent_age: int | None = None
    appearance: str
    personality: list[str]
    quote: str
    sheet: Sheet
    experience: Experience
    seed: int
    ruleset: RulesetRef
    # which engine made the content: the same ruleset + request + seed gives the same bytes
    # only under the same generator version
    generator_version: str = "1"
    # which variant of the character's name stream gave the name (0 unless the first
    # choice was taken in the campaign when it was stored)
    name_variant: int = 0
    # the naming culture the name pools drew from
    culture: str = ""
    backend: str
    narrative_sources: dict[str, str]
    chargen_session_id: str | None = None
    # set by a reroll: the same character, reroll fields and seed give the same result
    reroll: RerollRecord | None = None

    def to_json(self, indent: int | None = 2) -> str:
        """The Character JSON (byte-stable for the same content)."""
        return self.model_dump_json(by_alias=True, indent=indent)

    def to_dict(self) -> dict[str, object]:
        return self.model_dump(mode="json", by_alias=True)

    def content_json(self) -> str:
        """JSON without store metadata (ids, dates, owners): same seed, same bytes."""
        return self.model_dump_json(by_alias=True, exclude=_METADATA)


_METADATA = {
    "id",
    "date_created",
    "date_modified",
    "user_creator_id",
    "user_player_id",
    "company_id",
    "campaign_id",
    "chargen_session_id",
    "is_temporary",
}
