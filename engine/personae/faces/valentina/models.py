"""Request and response models of the Valentina-style face."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, computed_field

from ...character import Character
from ...enums import CharacterStatus, CharacterType
from ...pipeline import GenerationRequest

MAX_OPTIONS = 10
# who writes the options' narrative with a model backend: "chosen" previews every option
# with the rules backend and has the model write the kept one at finalize (a session costs
# about one model character); "all" has the model write every option at start
Narrate = Literal["chosen", "all"]
MAX_EXPIRY_HOURS = 24 * 365


class ChargenSession(BaseModel):
    """Valentina's ChargenSessionResponse: `id`, also readable as `session_id`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str | None
    company_id: str | None = None
    campaign_id: str | None
    status: str
    expires_at: str
    requires_selection: bool
    characters: list[Character]
    selected_character_id: str | None = None
    date_created: str
    date_modified: str
    # the backend that writes the kept option's narrative at finalize (the options carry a
    # rules preview until then); None when the options are final as they are
    narrate_backend: str | None = None

    @computed_field  # type: ignore[prop-decorator]
    @property
    def session_id(self) -> str:
        return self.id


class ChargenStartBody(GenerationRequest):
    """Options for every generated option, plus how many and for how long."""

    options: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    expires_hours: float | None = Field(default=None, gt=0, le=MAX_EXPIRY_HOURS)
    narrate: Narrate | None = None

    def generation_fields(self) -> dict[str, object]:
        """The GenerationRequest part of the body (what every option is made from)."""
        return self.model_dump(
            exclude_none=True, exclude_unset=True, exclude={"options", "expires_hours", "narrate"}
        )


class FinalizeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=200)
    selected_character_id: str = Field(min_length=1, max_length=200)


# Texts a user may write through `characters.update`, bounded as Valentina bounds them.
_Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=60)]
_Short = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=50)]
_Long = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=10_000)]
_Id = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _Patch(BaseModel):
    model_config = ConfigDict(extra="forbid")


class VampirePatch(_Patch):
    sire: _Name | None = None


class WerewolfPatch(_Patch):
    pack_name: _Name | None = None


class CharacterPatch(_Patch):
    """The identity and narrative fields of Valentina's CharacterUpdate that personae keeps.

    The sheet (class, clan, tribe, creed, concept, traits) is not writable here.
    """

    name_first: _Name | None = None
    name_last: _Name | None = None
    name_nick: _Short | None = None
    age: Annotated[int, Field(ge=0, le=100_000)] | None = None
    biography: _Long | None = None
    demeanor: _Short | None = None
    nature: _Short | None = None
    type: CharacterType | None = None
    status: CharacterStatus | None = None
    user_player_id: _Id | None = None
    vampire_attributes: VampirePatch | None = None
    werewolf_attributes: WerewolfPatch | None = None
