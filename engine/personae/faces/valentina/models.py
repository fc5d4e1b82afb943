"""Request and response models of the Valentina-style face."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, computed_field

from ...character import Character
from ...pipeline import GenerationRequest

MAX_OPTIONS = 10
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

    @computed_field  # type: ignore[prop-decorator]
    @property
    def session_id(self) -> str:
        return self.id


class ChargenStartBody(GenerationRequest):
    """Options for every generated option, plus how many and for how long."""

    options: int | None = Field(default=None, ge=1, le=MAX_OPTIONS)
    expires_hours: float | None = Field(default=None, gt=0, le=MAX_EXPIRY_HOURS)


class FinalizeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=200)
    selected_character_id: str = Field(min_length=1, max_length=200)
