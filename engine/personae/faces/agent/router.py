"""Agent Character API routes, shaped like the document: /api/character..."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from ...errors import ConflictError
from ...seeding import MAX_SEED
from .models import (
    AgentCharacter,
    AgentValidationError,
    GenerateRequest,
    parse_update,
    validation_errors,
)
from .operations import AgentProfiles, generate_field, random_name, schema_fields

router = APIRouter(tags=["agent character"])
BODY_LIMIT = 1 << 20


def _profiles(request: Request) -> AgentProfiles:
    return AgentProfiles(request.app.state.engine)


def _invalid(errors: list[dict[str, str]]) -> JSONResponse:
    return JSONResponse({"ok": False, "validationErrors": errors}, status_code=422)


async def _json_body(request: Request) -> Any:
    """The body as JSON: 413 past 1 MiB, 400 when it does not parse."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > BODY_LIMIT:
        return JSONResponse({"ok": False, "error": "body larger than 1 MiB"}, status_code=413)
    raw = await request.body()
    if len(raw) > BODY_LIMIT:
        return JSONResponse({"ok": False, "error": "body larger than 1 MiB"}, status_code=413)
    try:
        return json.loads(raw or b"null")
    except ValueError as exc:
        return JSONResponse({"ok": False, "error": f"malformed JSON: {exc}"}, status_code=400)


@router.get("/api/character")
def get_character(request: Request) -> dict[str, Any]:
    _, character = _profiles(request).active()
    return {"character": character.model_dump(exclude_none=True), "agentName": character.name}


@router.put("/api/character")
async def put_character(request: Request) -> Any:
    """Partial update of the active character: only the given fields change."""
    body = await _json_body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        changes = parse_update(body)
    except AgentValidationError as exc:
        return _invalid(exc.errors)
    _, merged, given = _profiles(request).update(changes)
    return {"ok": True, "character": given, "agentName": merged.name}


Seed = Annotated[int | None, Query(ge=0, le=MAX_SEED)]


@router.post("/api/character/random-name")
def post_random_name(seed: Seed = None) -> dict[str, str]:
    """A random agent name (seeded with ?seed=N)."""
    return {"name": random_name(seed)}


@router.get("/api/character/random-name")
def get_random_name(seed: Seed = None) -> dict[str, str]:
    return {"name": random_name(seed)}


@router.post("/api/character/generate")
async def generate(request: Request) -> Any:
    body = await _json_body(request)
    if isinstance(body, JSONResponse):
        return body
    try:
        req = GenerateRequest.model_validate(body)
    except ValidationError as exc:
        return _invalid(validation_errors(exc))
    return {"generated": generate_field(request.app.state.engine, req)}


@router.get("/api/character/schema")
def schema() -> dict[str, Any]:
    return {"fields": schema_fields()}


@router.get("/api/character/history")
def history(
    request: Request, profile: Annotated[str | None, Query(max_length=100)] = None
) -> dict[str, Any]:
    return {"history": _profiles(request).history(profile)}


@router.get("/api/characters")
def profiles(request: Request) -> dict[str, Any]:
    return {"profiles": _profiles(request).list()}


@router.post("/api/characters", status_code=201)
async def create_profile(request: Request) -> Any:
    """Body: {profile, character, activate?}; the character must be complete (name)."""
    body = await _json_body(request)
    if isinstance(body, JSONResponse):
        return body
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("profile"), str)
        or not 1 <= len(body["profile"]) <= 100
    ):
        return _invalid([{"path": "profile", "message": "Expected string of 1-100 characters"}])
    try:
        character = AgentCharacter.model_validate(body.get("character"))
    except ValidationError as exc:
        return _invalid([{**e, "path": f"character.{e['path']}"} for e in validation_errors(exc)])
    try:
        _profiles(request).create(body["profile"], character, activate=bool(body.get("activate")))
    except ConflictError as exc:
        return _invalid([{"path": "profile", "message": str(exc)}])
    return {"ok": True, "profile": body["profile"]}


@router.post("/api/characters/from-character/{character_id}", status_code=201)
def create_from_character(
    request: Request,
    character_id: str,
    company_id: Annotated[
        str,
        Query(
            min_length=1,
            max_length=200,
            description="The caller's company (required): the source character must belong "
            "to it (or to no company); one of another company is not found (404).",
        ),
    ],
    profile: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    activate: bool = True,
) -> Any:
    """Make an agent profile that speaks as a generated WoD character (of `company_id`)."""
    try:
        name, character = _profiles(request).from_character(
            character_id, profile=profile, activate=activate, company_id=company_id
        )
    except ConflictError as exc:
        return _invalid([{"path": "profile", "message": str(exc)}])
    return {"ok": True, "profile": name, "character": character.model_dump(exclude_none=True)}


@router.post("/api/characters/{profile}/activate")
def activate(request: Request, profile: str) -> dict[str, Any]:
    _profiles(request).activate(profile)
    return {"ok": True, "profile": profile}
