"""Valentina routes under /api/v1, shaped like the real service (see CONTRACT.md).

Every response parses with the published client's models. Owners: `company_id` is the
path's company, `campaign_id` the query's or the company's default campaign (created on
first use), the acting user comes from On-Behalf-Of.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, HTTPException, Query, Request, Response
from fastapi.responses import JSONResponse

from ...core import Personae
from ...enums import CharacterType
from ...errors import FieldProblem, InvalidRequestError
from ...pipeline import GenerationRequest
from . import characters as ops
from .models import ChargenStartBody, FinalizeBody
from .operations import (
    DEFAULT_EXPIRY_HOURS,
    DEFAULT_NARRATE,
    DEFAULT_OPTIONS,
    finalize_session,
    generate,
    get_session,
    list_sessions,
    start_session,
)
from .views import INCLUDES
from .wire import (
    CharacterTrait,
    ChargenSessionView,
    FullSheet,
    Health,
    Page,
    SheetCategory,
    Tracker,
    ValentinaCharacter,
    ValentinaCharacterDetail,
)

router = APIRouter(tags=["valentina"])
BASE = "/companies/{company_id}/characters"
ONE = f"{BASE}/{{character_id}}"

OnBehalfOf = Annotated[
    str | None, Header(alias="On-Behalf-Of", max_length=200, description="The acting user id.")
]
CampaignId = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=0, le=ops.MAX_PAGE, description="Page size (0-100).")]
Offset = Annotated[int, Query(ge=0, description="Items to skip.")]
Filter = Annotated[str | None, Query(max_length=200)]
Available = Annotated[bool, Query(description="Also list traits the character could add.")]

STATISTICS_DETAIL = (
    "personae rolls no dice, so it has no roll statistics for a character: nothing here "
    "could be filled honestly. Roll with your own tools; every other character route works."
)


def _engine(request: Request) -> Personae:
    engine: Personae = request.app.state.engine
    return engine


# autogen and chargen sessions ---------------------------------------------------------------


@router.post(f"{BASE}/autogenerate", status_code=201, response_model=ValentinaCharacter)
def autogenerate(
    request: Request,
    company_id: str,
    body: GenerationRequest,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> ValentinaCharacter:
    """Generate and store one character (`client.character_autogen(...).generate_character`)."""
    engine = _engine(request)
    made = generate(
        engine, body, owner=ops.owner_for(engine, company_id, campaign_id, on_behalf_of)
    )
    return ops.view(engine, made, company_id)


@router.post(f"{BASE}/chargen/start", status_code=201, response_model=ChargenSessionView)
def chargen_start(
    request: Request,
    company_id: str,
    body: Annotated[ChargenStartBody | None, Body()] = None,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> ChargenSessionView:
    """Start a session with several temporary options (`start_chargen_session`)."""
    engine = _engine(request)
    body = body or ChargenStartBody(character_type=CharacterType.PLAYER)
    fields = body.generation_fields()
    fields.setdefault("character_type", "PLAYER")
    started = start_session(
        engine,
        GenerationRequest.parse(fields),
        owner=ops.owner_for(engine, company_id, campaign_id, on_behalf_of),
        options=body.options or DEFAULT_OPTIONS,
        expires_hours=body.expires_hours or DEFAULT_EXPIRY_HOURS,
        narrate=body.narrate or DEFAULT_NARRATE,
    )
    return ops.session(engine, started, company_id)


@router.post(f"{BASE}/chargen/finalize", response_model=ValentinaCharacter)
def chargen_finalize(
    request: Request, company_id: str, body: FinalizeBody, on_behalf_of: OnBehalfOf = None
) -> ValentinaCharacter:
    """Keep the selected option; the others are deleted and the session closed."""
    engine = _engine(request)
    kept = finalize_session(
        engine,
        body.session_id,
        body.selected_character_id,
        company_id=company_id,
        user_id=on_behalf_of,
    )
    return ops.view(engine, kept, company_id)


@router.get(f"{BASE}/chargen/sessions", response_model=list[ChargenSessionView])
def chargen_sessions(
    request: Request,
    company_id: str,
    campaign_id: CampaignId = None,
    on_behalf_of: OnBehalfOf = None,
) -> list[ChargenSessionView]:
    """Open sessions of the acting user (all users when no On-Behalf-Of is sent)."""
    engine = _engine(request)
    found = list_sessions(
        engine, company_id=company_id, user_id=on_behalf_of, campaign_id=campaign_id
    )
    return [ops.session(engine, s, company_id) for s in found]


@router.get(f"{BASE}/chargen/sessions/{{session_id}}", response_model=ChargenSessionView)
def chargen_session(
    request: Request, company_id: str, session_id: str, on_behalf_of: OnBehalfOf = None
) -> ChargenSessionView:
    engine = _engine(request)
    found = get_session(engine, session_id, company_id=company_id, user_id=on_behalf_of)
    return ops.session(engine, found, company_id)


# characters -------------------------------------------------------------------------------------


@router.get(BASE, response_model=Page[ValentinaCharacter])
def list_characters(
    request: Request,
    company_id: str,
    limit: Limit = ops.DEFAULT_PAGE,
    offset: Offset = 0,
    campaign_id: Filter = None,
    user_player_id: Filter = None,
    user_creator_id: Filter = None,
    character_class: Filter = None,
    character_type: Filter = None,
    status: Filter = None,
    is_temporary: bool = False,
) -> Page[ValentinaCharacter]:
    """`client.characters(...).get_page / list_all / iter_all`."""
    return ops.list_characters(
        _engine(request),
        company_id,
        limit=limit,
        offset=offset,
        campaign_id=campaign_id,
        user_player_id=user_player_id,
        user_creator_id=user_creator_id,
        character_class=character_class,
        character_type=character_type,
        status=status,
        is_temporary=is_temporary,
    )


# Includes not asked for are left out (the client reads them as null), so a plain `get`
# answers the same JSON as the Character that autogenerate returned.
@router.get(ONE, response_model=ValentinaCharacterDetail)
def character(
    request: Request,
    company_id: str,
    character_id: str,
    include: Annotated[list[str] | None, Query(description=f"any of {list(INCLUDES)}")] = None,
) -> JSONResponse:
    """`client.characters(...).get(character_id, include=[...])`."""
    wanted = include or []
    bad = [i for i in wanted if i not in INCLUDES]
    if bad:
        raise InvalidRequestError(
            FieldProblem("include", f"unknown {bad}; choose from {list(INCLUDES)}")
        )
    detail = ops.get_character(_engine(request), company_id, character_id, wanted)
    absent = {key for key in INCLUDES if key not in wanted}
    return JSONResponse(detail.model_dump(mode="json", exclude=absent))


@router.patch(ONE, response_model=ValentinaCharacter)
def update_character(
    request: Request,
    company_id: str,
    character_id: str,
    body: Annotated[dict[str, Any], Body()],
) -> ValentinaCharacter:
    """`client.characters(...).update(...)`: identity and narrative fields only."""
    return ops.update_character(_engine(request), company_id, character_id, body)


@router.delete(ONE, status_code=204, response_class=Response)
def delete_character(request: Request, company_id: str, character_id: str) -> Response:
    """`client.characters(...).delete(character_id)`."""
    ops.delete_character(_engine(request), company_id, character_id)
    return Response(status_code=204)


@router.get(f"{ONE}/statistics", status_code=501)
def character_statistics(
    request: Request,
    company_id: str,
    character_id: str,
    num_top_traits: Annotated[int, Query(ge=0, le=100)] = 5,
) -> None:
    """`get_statistics`: 501, personae has no dice rolls to aggregate."""
    _engine(request).get(character_id, company_id=company_id)  # 404 first
    raise HTTPException(status_code=501, detail=STATISTICS_DETAIL)


@router.get(f"{ONE}/full-sheet", response_model=FullSheet)
def character_full_sheet(
    request: Request,
    company_id: str,
    character_id: str,
    include_available_traits: Available = False,
) -> FullSheet:
    """`get_full_sheet`: sections > categories > subcategories > traits."""
    return ops.character_full_sheet(
        _engine(request), company_id, character_id, include_available=include_available_traits
    )


@router.get(f"{ONE}/full-sheet/categories/{{category_id}}", response_model=SheetCategory)
def character_sheet_category(
    request: Request,
    company_id: str,
    character_id: str,
    category_id: str,
    include_available_traits: Available = False,
) -> SheetCategory:
    """`get_full_sheet_category`."""
    return ops.character_sheet_category(
        _engine(request),
        company_id,
        character_id,
        category_id,
        include_available=include_available_traits,
    )


# traits -------------------------------------------------------------------------------------------


@router.get(f"{ONE}/traits", response_model=Page[CharacterTrait])
def character_traits(
    request: Request,
    company_id: str,
    character_id: str,
    limit: Limit = ops.DEFAULT_PAGE,
    offset: Offset = 0,
    category_id: Filter = None,
    is_rollable: bool | None = None,
) -> Page[CharacterTrait]:
    """`client.character_traits(...).get_page / list_all / iter_all`."""
    return ops.list_traits(
        _engine(request),
        company_id,
        character_id,
        limit=limit,
        offset=offset,
        category_id=category_id,
        is_rollable=is_rollable,
    )


@router.get(f"{ONE}/traits/{{character_trait_id}}", response_model=CharacterTrait)
def character_trait(
    request: Request, company_id: str, character_id: str, character_trait_id: str
) -> CharacterTrait:
    """`client.character_traits(...).get(character_trait_id)`."""
    return ops.get_trait(_engine(request), company_id, character_id, character_trait_id)


@router.get(f"{ONE}/health", response_model=Health)
def character_health(request: Request, company_id: str, character_id: str) -> Health:
    """`client.characters(...).get_health(character_id)`: an unhurt V5 damage track."""
    return ops.get_health(_engine(request), company_id, character_id)


@router.get(f"{ONE}/traits/{{character_trait_id}}/tracker", response_model=Tracker)
def character_trait_tracker(
    request: Request, company_id: str, character_id: str, character_trait_id: str
) -> Any:
    """`client.character_traits(...).get_tracker(character_trait_id)`."""
    return ops.get_tracker(_engine(request), company_id, character_id, character_trait_id)
