"""Valentina-style autogen routes under /api/v1, shaped like the real service."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body, Header, Query, Request

from ...character import Character
from ...core import Personae
from ...pipeline import GenerationRequest, Owner
from .models import ChargenSession, ChargenStartBody, FinalizeBody
from .operations import finalize_session, generate, get_session, list_sessions, start_session

router = APIRouter(tags=["valentina autogen"])
BASE = "/companies/{company_id}/characters"

OnBehalfOf = Annotated[
    str | None, Header(alias="On-Behalf-Of", max_length=200, description="The acting user id.")
]
CampaignId = Annotated[str | None, Query(max_length=200)]


def _engine(request: Request) -> Personae:
    engine: Personae = request.app.state.engine
    return engine


@router.post(f"{BASE}/autogenerate", status_code=201, response_model=Character)
def autogenerate(
    request: Request,
    company_id: str,
    body: GenerationRequest,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> Character:
    """Generate and store one character."""
    return generate(_engine(request), body, owner=Owner(on_behalf_of, company_id, campaign_id))


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
    return finalize_session(
        _engine(request),
        body.session_id,
        body.selected_character_id,
        company_id=company_id,
        user_id=on_behalf_of,
    )


@router.get(f"{BASE}/chargen/sessions", response_model=list[ChargenSession])
def chargen_sessions(
    request: Request,
    company_id: str,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> list[ChargenSession]:
    """Open sessions of the acting user (all users when no On-Behalf-Of is sent)."""
    return list_sessions(
        _engine(request), company_id=company_id, user_id=on_behalf_of, campaign_id=campaign_id
    )


@router.get(f"{BASE}/chargen/sessions/{{session_id}}", response_model=ChargenSession)
def chargen_session(
    request: Request, company_id: str, session_id: str, on_behalf_of: OnBehalfOf = None
) -> ChargenSession:
    return get_session(_engine(request), session_id, company_id=company_id, user_id=on_behalf_of)


@router.get(f"{BASE}/{{character_id}}", response_model=Character)
def character(request: Request, company_id: str, character_id: str) -> Character:
    return _engine(request).get(character_id, company_id=company_id)
