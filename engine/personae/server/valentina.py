"""Valentina-style autogen routes under /api/v1, shaped like the real service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from ..character import Character
from ..chargen import ChargenSession, finalize_session, get_session, list_sessions, start_session
from ..engine import Personae
from ..errors import NotFoundError
from ..generate import Owner
from ..request import GenerationRequest

router = APIRouter(tags=["valentina autogen"])
BASE = "/companies/{company_id}/characters"

OnBehalfOf = Annotated[
    str | None, Header(alias="On-Behalf-Of", max_length=200, description="The acting user id.")
]
CampaignId = Annotated[str | None, Query(max_length=200)]


class ChargenStartBody(GenerationRequest):
    """Options for every generated option, plus how many and for how long."""

    options: int | None = Field(default=None, ge=1, le=10)
    expires_hours: float | None = Field(default=None, gt=0, le=24 * 365)


class FinalizeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    session_id: str = Field(min_length=1, max_length=200)
    selected_character_id: str = Field(min_length=1, max_length=200)


def _engine(request: Request) -> Personae:
    return request.app.state.engine


@router.post(f"{BASE}/autogenerate", status_code=201, response_model=Character)
def autogenerate(
    request: Request,
    company_id: str,
    body: GenerationRequest,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> Character:
    """Generate and store one character."""
    return _engine(request).generate(body, owner=Owner(on_behalf_of, company_id, campaign_id))


@router.post(f"{BASE}/chargen/start", status_code=201, response_model=ChargenSession)
def chargen_start(
    request: Request,
    company_id: str,
    body: Annotated[ChargenStartBody | None, Body()] = None,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> ChargenSession:
    """Start a session with several temporary options to choose from."""
    body = body or ChargenStartBody(character_type="PLAYER")
    fields = body.model_dump(
        exclude_none=True, exclude={"options", "expires_hours"}, exclude_unset=True
    )
    fields.setdefault("character_type", "PLAYER")
    kwargs = {
        k: v
        for k, v in (("options", body.options), ("expires_hours", body.expires_hours))
        if v is not None
    }
    return start_session(
        _engine(request),
        GenerationRequest.parse(fields),
        owner=Owner(on_behalf_of, company_id, campaign_id),
        **kwargs,
    )


@router.post(f"{BASE}/chargen/finalize", response_model=Character)
def chargen_finalize(
    request: Request, company_id: str, body: FinalizeBody, on_behalf_of: OnBehalfOf = None
) -> Character:
    """Keep the selected option; the others are deleted and the session closed."""
    engine = _engine(request)
    session = get_session(engine.store, body.session_id)
    if session.company_id not in (None, company_id):
        raise NotFoundError(f"no chargen session with id {body.session_id!r}")
    return finalize_session(
        engine.store, body.session_id, body.selected_character_id, user_id=on_behalf_of
    )


@router.get(f"{BASE}/chargen/sessions", response_model=list[ChargenSession])
def chargen_sessions(
    request: Request,
    company_id: str,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> list[ChargenSession]:
    """Open sessions of the acting user (all users when no On-Behalf-Of is sent)."""
    sessions = list_sessions(_engine(request).store, user_id=on_behalf_of, campaign_id=campaign_id)
    return [s for s in sessions if s.company_id in (None, company_id)]


@router.get(f"{BASE}/chargen/sessions/{{session_id}}", response_model=ChargenSession)
def chargen_session(request: Request, company_id: str, session_id: str) -> ChargenSession:
    session = get_session(_engine(request).store, session_id)
    if session.company_id not in (None, company_id):
        raise NotFoundError(f"no chargen session with id {session_id!r}")
    return session


@router.get(f"{BASE}/{{character_id}}", response_model=Character)
def character(request: Request, company_id: str, character_id: str) -> Character:
    found = _engine(request).get(character_id)
    if found.company_id not in (None, company_id):
        raise NotFoundError(f"no character with id {character_id!r}")
    return found
