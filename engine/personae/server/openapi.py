"""The OpenAPI document lists every status a route can answer, with its body shape.

FastAPI documents 200/201 and a 422 it never sends here (validation errors are 400 problem
JSON); this adds 400, 401, 413, 414 and 503 to every route, 404 where an id is looked up,
409 where a write may conflict, and keeps 422 only on the agent routes, whose document
answers validation errors with 422 `validationErrors`."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "RFC 9457 problem details.",
    "properties": {
        "type": {"type": "string"},
        "status": {"type": "integer"},
        "title": {"type": "string"},
        "detail": {"type": "string"},
        "invalid_parameters": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                "required": ["field", "message"],
            },
        },
    },
    "required": ["status", "title", "detail"],
}
AGENT_INVALID_SCHEMA: dict[str, Any] = {
    "title": "AgentValidationErrors",
    "type": "object",
    "properties": {
        "ok": {"type": "boolean", "enum": [False]},
        "validationErrors": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"path": {"type": "string"}, "message": {"type": "string"}},
                "required": ["path", "message"],
            },
        },
    },
    "required": ["ok", "validationErrors"],
}
AGENT_ERROR_SCHEMA: dict[str, Any] = {
    "title": "AgentError",
    "type": "object",
    "properties": {"ok": {"type": "boolean"}, "error": {"type": "string"}},
}

_DESCRIPTIONS = {
    "400": "Bad input: a parameter or body field (named in invalid_parameters), malformed "
    "JSON or JSON nested too deep.",
    "401": "Missing or wrong API key (X-API-KEY or Authorization: Bearer), when the server "
    "has keys.",
    "404": "Unknown id, or one that belongs to another company or user.",
    "409": "The operation conflicts with the stored state (finalized twice, a name or "
    "profile already taken).",
    "413": "The request body is larger than 1 MiB.",
    "414": "The URL is longer than 8 KiB.",
    "422": "The body does not match the document's schema (validationErrors).",
    "503": "The model is busy (Retry-After says when to try again) or the store is unavailable.",
}
# Routes whose document answers validation errors with 422 {ok: false, validationErrors}
AGENT_422 = {
    ("put", "/api/character"),
    ("post", "/api/character/generate"),
    ("post", "/api/characters"),
    ("post", "/api/characters/from-character/{character_id}"),
}
# Routes that look an id up although their path names none (body or active profile)
LOOKUPS = {
    ("post", "/api/v1/companies/{company_id}/characters/chargen/finalize"),
    ("get", "/api/character"),
    ("put", "/api/character"),
    ("get", "/api/character/history"),
    ("post", "/api/character/generate"),
}
_SCOPES = {"{company_id}", "{game_id}", "{world_id}"}
_PROBLEM_REF = "#/components/schemas/Problem"


def _problem(code: str) -> dict[str, Any]:
    headers = (
        {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer"},
            }
        }
        if code == "503"
        else {}
    )
    return {
        "description": _DESCRIPTIONS[code],
        "content": {"application/problem+json": {"schema": {"$ref": _PROBLEM_REF}}},
        **({"headers": headers} if headers else {}),
    }


def statuses_for(method: str, path: str, has_body: bool = False) -> list[str]:
    if path == "/health":
        return ["400", "413", "414", "503"]
    codes = ["400", "401", "413", "414", "503"]
    ids = [part for part in path.split("/") if part.startswith("{") and part not in _SCOPES]
    if ids or has_body or (method, path) in LOOKUPS:  # a body may name ids too
        codes.append("404")
    if method in ("post", "put", "patch", "delete") and not path.endswith("/random-name"):
        codes.append("409")
    return sorted(codes)


def _agent_bodies(components: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    """The agent routes read their JSON by hand (to answer in the document's shapes): their
    request bodies, documented from the same pydantic models they validate with."""
    from ..faces.agent.models import AgentCharacter, AgentUpdate, GenerateRequest

    def ref(model: Any) -> dict[str, Any]:
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        for name, sub in schema.pop("$defs", {}).items():
            components.setdefault(name, sub)
        components.setdefault(model.__name__, schema)
        return {"$ref": f"#/components/schemas/{model.__name__}"}

    create = {
        "title": "AgentProfileCreate",
        "type": "object",
        "properties": {
            "profile": {"type": "string", "minLength": 1, "maxLength": 100},
            "character": ref(AgentCharacter),
            "activate": {"type": "boolean", "default": False},
        },
        "required": ["profile", "character"],
    }

    def body(schema: dict[str, Any]) -> dict[str, Any]:
        return {"required": True, "content": {"application/json": {"schema": schema}}}

    return {
        ("put", "/api/character"): body(ref(AgentUpdate)),
        ("post", "/api/character/generate"): body(ref(GenerateRequest)),
        ("post", "/api/characters"): body(create),
    }


def document_statuses(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title,
            version=app.version,
            description=app.description,
            routes=app.routes,
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Problem"] = PROBLEM_SCHEMA
        components["AgentValidationErrors"] = AGENT_INVALID_SCHEMA
        for name in ("HTTPValidationError", "ValidationError"):
            components.pop(name, None)
        bodies = _agent_bodies(components)
        for path, item in schema.get("paths", {}).items():
            for method, op in item.items():
                if not isinstance(op, dict) or "responses" not in op:
                    continue
                if (method, path) in bodies:
                    op.setdefault("requestBody", bodies[method, path])
                responses = op["responses"]
                responses.pop("422", None)
                for code in statuses_for(method, path, "requestBody" in op):
                    responses.setdefault(code, _problem(code))
                if (method, path) in AGENT_422:
                    responses["422"] = {
                        "description": _DESCRIPTIONS["422"],
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/AgentValidationErrors"}
                            }
                        },
                    }
                    if "from-character" not in path:
                        for code in ("400", "413"):
                            responses[code]["content"]["application/json"] = {
                                "schema": AGENT_ERROR_SCHEMA
                            }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
