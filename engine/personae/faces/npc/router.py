"""NPC-context routes, shaped like the npcbuilder document: /context/characters/..."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ...core import Personae
from .models import NPCBody
from .operations import (
    create_from_character,
    create_npc,
    delete_npc,
    get_npc,
    list_npcs,
    update_npc,
)

router = APIRouter(tags=["npc context"])
BASE = "/context/characters/{game_id}/{world_id}"
Opt = Annotated[str | None, Query(max_length=200)]
Company = Annotated[
    str,
    Query(
        min_length=1,
        max_length=200,
        description="The caller's company (required): the source character must belong to "
        "it (or to no company); one of another company is not found (404).",
    ),
]


def _engine(request: Request) -> Personae:
    engine: Personae = request.app.state.engine
    return engine


@router.post(BASE, status_code=201)
def create(
    request: Request,
    game_id: str,
    world_id: str,
    body: NPCBody,
    region_id: Opt = None,
    location_id: Opt = None,
    session_id: Opt = None,
) -> dict[str, Any]:
    """Create a character; every field left out is generated from the seed."""
    npc = create_npc(
        _engine(request),
        body,
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
        session_id=session_id,
    )
    return npc.created_response()


@router.post(f"{BASE}/from-character/{{character_id}}", status_code=201)
def create_from_wod_character(
    request: Request,
    game_id: str,
    world_id: str,
    character_id: str,
    company_id: Company,
    region_id: Opt = None,
    location_id: Opt = None,
) -> dict[str, Any]:
    """Create an NPC context from a generated WoD character."""
    npc = create_from_character(
        _engine(request),
        character_id,
        game_id=game_id,
        world_id=world_id,
        company_id=company_id,
        region_id=region_id,
        location_id=location_id,
    )
    return npc.created_response()


@router.get(BASE)
def list_all(
    request: Request,
    game_id: str,
    world_id: str,
    region_id: Opt = None,
    location_id: Opt = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0, le=1_000_000_000)] = 0,
) -> list[dict[str, Any]]:
    return [
        n.full_view()
        for n in list_npcs(
            _engine(request).store,
            game_id,
            world_id,
            region_id=region_id,
            location_id=location_id,
            limit=limit,
            offset=offset,
        )
    ]


@router.get(f"{BASE}/{{character_id}}")
def read(request: Request, game_id: str, world_id: str, character_id: str) -> dict[str, Any]:
    return get_npc(_engine(request).store, game_id, world_id, character_id).full_view()


@router.put(f"{BASE}/{{character_id}}")
def replace(
    request: Request, game_id: str, world_id: str, character_id: str, body: NPCBody
) -> dict[str, Any]:
    """Replace the context; fields left out are generated again from the seed."""
    npc = update_npc(
        _engine(request),
        game_id,
        world_id,
        character_id,
        body.model_dump(exclude_unset=True),
        replace=True,
    )
    return npc.full_view()


@router.patch(f"{BASE}/{{character_id}}")
def patch(
    request: Request, game_id: str, world_id: str, character_id: str, body: NPCBody
) -> dict[str, Any]:
    """Change only the given fields."""
    npc = update_npc(
        _engine(request), game_id, world_id, character_id, body.model_dump(exclude_unset=True)
    )
    return npc.full_view()


@router.delete(f"{BASE}/{{character_id}}", status_code=204)
def delete(request: Request, game_id: str, world_id: str, character_id: str) -> Response:
    delete_npc(_engine(request).store, game_id, world_id, character_id)
    return Response(status_code=204)
