"""NPC-context routes, shaped like the npcbuilder document: /context/characters/..."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response

from ..bridges import npc_from_character
from ..npc import NPCBody, build_npc, delete_npc, get_npc, list_npcs, save_npc, update_npc

router = APIRouter(tags=["npc context"])
BASE = "/context/characters/{game_id}/{world_id}"
Opt = Annotated[str | None, Query(max_length=200)]


def _backend(request: Request, model: str) -> Any:
    """standard: the server's backend; premium: $PERSONAE_PREMIUM_MODEL when configured."""
    import os

    engine = request.app.state.engine
    premium = os.environ.get("PERSONAE_PREMIUM_MODEL")
    if model == "premium" and premium:
        from ..narrative import get_backend

        return get_backend("llama", model=premium)
    return engine.backend()


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
    npc = build_npc(
        body,
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
        session_id=session_id,
        backend=_backend(request, body.model),
    )
    save_npc(request.app.state.engine.store, npc)
    return npc.created_response()


@router.post(f"{BASE}/from-character/{{character_id}}", status_code=201)
def create_from_character(
    request: Request,
    game_id: str,
    world_id: str,
    character_id: str,
    region_id: Opt = None,
    location_id: Opt = None,
) -> dict[str, Any]:
    """Create an NPC context from a generated WoD character."""
    engine = request.app.state.engine
    body = npc_from_character(engine.get(character_id))
    npc = build_npc(
        body,
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
        backend=engine.backend(),
    )
    save_npc(engine.store, npc)
    return npc.created_response()


@router.get(BASE)
def list_all(
    request: Request,
    game_id: str,
    world_id: str,
    region_id: Opt = None,
    location_id: Opt = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> list[dict[str, Any]]:
    return [
        n.full_view()
        for n in list_npcs(
            request.app.state.engine.store,
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
    return get_npc(request.app.state.engine.store, game_id, world_id, character_id).full_view()


@router.put(f"{BASE}/{{character_id}}")
def replace(
    request: Request, game_id: str, world_id: str, character_id: str, body: NPCBody
) -> dict[str, Any]:
    """Replace the context; fields left out are generated again from the seed."""
    npc = update_npc(
        request.app.state.engine.store,
        game_id,
        world_id,
        character_id,
        body.model_dump(exclude_unset=True),
        replace=True,
        backend=_backend(request, body.model),
    )
    return npc.full_view()


@router.patch(f"{BASE}/{{character_id}}")
def patch(
    request: Request, game_id: str, world_id: str, character_id: str, body: NPCBody
) -> dict[str, Any]:
    """Change only the given fields."""
    npc = update_npc(
        request.app.state.engine.store,
        game_id,
        world_id,
        character_id,
        body.model_dump(exclude_unset=True),
    )
    return npc.full_view()


@router.delete(f"{BASE}/{{character_id}}", status_code=204)
def delete(request: Request, game_id: str, world_id: str, character_id: str) -> Response:
    delete_npc(request.app.state.engine.store, game_id, world_id, character_id)
    return Response(status_code=204)
