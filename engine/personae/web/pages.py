"""The storyteller's pages: server-rendered Jinja2 with a little JavaScript that calls the
JSON routes, and the API docs (/docs, /redoc) on assets served from this machine."""

from __future__ import annotations

import hmac
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from .. import __version__
from ..character import Character
from ..classes import registered
from ..core import Personae
from ..enums import CharacterClass, CharacterType
from ..errors import NotFoundError
from ..exports import export, exporter_names, get_exporter
from ..faces.npc.models import ROLES, Age, Tone
from ..narrative import available_backends
from ..reroll import IMPLIES, keepable
from ..ruleset import Ruleset

HERE = Path(__file__).parent
STATIC = HERE / "static"
COMPANY = "local"  # the page's company id: every character it makes belongs to it
DOCS_ASSETS = "/docs/assets"

router = APIRouter(include_in_schema=False)

# labels of the kept fields and the request choices, as the page shows them
LABELS = {
    "experience_level": "Experience level",
    "skill_focus": "Skill focus",
    "concept": "Concept",
    "clan": "Clan",
    "predator_type": "Predator type",
    "tribe": "Tribe",
    "auspice": "Auspice",
    "creed": "Creed",
    "name": "Name",
    "gender": "Gender",
    "age": "Age",
    "demeanor": "Demeanor",
    "nature": "Nature",
    "personality": "Personality",
    "appearance": "Appearance",
    "biography": "Biography",
    "quote": "Quote",
    "sire": "Sire",
    "pack_name": "Pack",
    "cell_name": "Cell",
}


TYPE_LABELS = {"PLAYER": "Player", "NPC": "NPC", "STORYTELLER": "Storyteller"}


@cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(HERE / "templates")),
        autoescape=select_autoescape(["html", "j2"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(
        version=__version__, company=COMPANY, labels=LABELS, type_labels=TYPE_LABELS
    )
    return env


def _engine(request: Request) -> Personae:
    engine: Personae = request.app.state.engine
    return engine


# Everything a page may load comes from this server: a script that tries to reach out
# (Redoc's footer logo) is stopped by the browser before any request leaves the machine.
CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
    "frame-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)
SCRIPTS = "script-src 'self'"
DOCS_SCRIPTS = "script-src 'self' 'unsafe-inline' 'unsafe-eval' blob:"


def local_only(response: Response, scripts: str = SCRIPTS) -> Response:
    response.headers["Content-Security-Policy"] = f"{CSP}; {scripts}"
    return response


KEY_COOKIE = "personae_key"


def unlocked(request: Request) -> bool:
    """On a server with API keys, whether this browser gave one (its cookie)."""
    keys: tuple[bytes, ...] = getattr(request.app.state, "page_keys", ())
    if not keys:
        return True
    given = request.cookies.get(KEY_COOKIE, "").encode("utf-8", "surrogateescape")
    return any(hmac.compare_digest(given, k) for k in keys)


def page(name: str, request: Request, **context: Any) -> Response:
    engine = _engine(request)
    if not unlocked(request):
        name, context = "unlock.html.j2", {"title": "API key"}
    from ..faces.valentina.characters import default_campaign_id

    html = _env().get_template(name).render(
        path=request.url.path,
        default_campaign=default_campaign_id(COMPANY),
        default_backend=engine.backend().name,
        **context,
    )
    status = 401 if name == "unlock.html.j2" else 200
    return local_only(HTMLResponse(html, status_code=status))


def _options(items: list[Any]) -> list[dict[str, str]]:
    return [{"value": i.id, "label": i.name} for i in items] if items else []


def choices(engine: Personae) -> dict[str, Any]:
    """Everything the generate form offers, read from the ruleset and the class plug-ins."""
    rules = engine.rules
    spec = rules.spec
    classes = [c.value for c in rules.supported_classes]
    owners: dict[str, list[str]] = {}
    for plugin in registered():
        if plugin.character_class.value in classes:
            for name in plugin.request_fields:
                owners.setdefault(name, []).append(plugin.character_class.value)
    vampire = getattr(spec, "vampire", None)
    werewolf = getattr(spec, "werewolf", None)
    hunter = getattr(spec, "hunter", None)
    return {
        "classes": classes,
        "owners": owners,
        "types": [{"value": t.value, "label": TYPE_LABELS[t.value]} for t in CharacterType],
        "levels": rules.level_names,
        "focuses": rules.skill_focuses,
        "concepts": _options(list(spec.concepts)),
        "clans": _options(list(vampire.clans) if vampire else []),
        "predators": _options(list(vampire.predator_types) if vampire else []),
        "tribes": _options(list(werewolf.tribes) if werewolf else []),
        "auspices": _options(list(werewolf.auspices) if werewolf else []),
        "creeds": _options(list(hunter.creeds) if hunter else []),
        "backends": [b for b in ("rules", "llama") if b in available_backends()],
    }


@router.get("/", response_class=HTMLResponse)
def generate_page(request: Request) -> Response:
    return page("generate.html.j2", request, title="Generate", c=choices(_engine(request)))


@router.get("/compare", response_class=HTMLResponse)
def compare_page(
    request: Request, session: Annotated[str | None, Query(max_length=200)] = None
) -> Response:
    from ..faces.valentina.operations import list_sessions

    if not unlocked(request):
        return page("unlock.html.j2", request)
    sessions = list_sessions(_engine(request), company_id=COMPANY)
    return page(
        "compare.html.j2", request, title="Compare", c=choices(_engine(request)),
        sessions=sessions, session=session or "",
    )


@router.get("/browse", response_class=HTMLResponse)
def browse_page(
    request: Request,
    campaign: Annotated[str | None, Query(max_length=200)] = None,
    character_class: Annotated[str | None, Query(alias="class", max_length=20)] = None,
    type: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    engine = _engine(request)
    if not unlocked(request):
        return page("unlock.html.j2", request)
    wanted_class = character_class if character_class in {c.value for c in CharacterClass} else None
    wanted_type = type if type in {t.value for t in CharacterType} else None
    items, total = engine.store.characters.list(
        company_id=COMPANY,
        campaign_id=campaign or None,
        filters={"character_class": wanted_class, "type": wanted_type},
        limit=500,
    )
    return page(
        "browse.html.j2", request, title="Browse",
        rows=[summary(c, engine.rules) for c in reversed(items)], total=total,
        campaign=campaign or "", wanted_class=wanted_class or "", wanted_type=wanted_type or "",
        c=choices(engine), formats=_formats(),
    )


def _formats() -> list[dict[str, str]]:
    return [
        {"name": n, "description": get_exporter(n).description} for n in exporter_names()
    ]


@router.get("/characters/{character_id}", response_class=HTMLResponse)
def character_page(request: Request, character_id: str) -> Response:
    engine = _engine(request)
    if not unlocked(request):
        return page("unlock.html.j2", request)
    character = engine.get(character_id, company_id=COMPANY)
    fields = keepable(character)
    return page(
        "character.html.j2", request, title=character.name, ch=summary(character, engine.rules),
        character=character, keepable=fields,
        implies={k: [v for v in IMPLIES.get(k, ()) if v in fields] for k in fields},
        formats=_formats(), c=choices(engine),
    )


@router.get("/characters/{character_id}/sheet", response_class=HTMLResponse)
def sheet(request: Request, character_id: str) -> Response:
    """The printable sheet of the exports (the same template), shown inline."""
    if not unlocked(request):
        return page("unlock.html.j2", request)
    character = _engine(request).get(character_id, company_id=COMPANY)
    html = export(character, "html").content
    return local_only(Response(html, media_type="text/html; charset=utf-8"))


@router.get("/npc", response_class=HTMLResponse)
def npc_page(request: Request) -> Response:
    from ..faces.npc.operations import PREMIUM_ENV

    return page(
        "npc.html.j2", request, title="NPC contexts", premium=bool(os.environ.get(PREMIUM_ENV)),
        ages=list(Age.__args__), roles=list(ROLES), tones=list(Tone.__args__),  # type: ignore[attr-defined]
    )


@router.get("/agent", response_class=HTMLResponse)
def agent_page(request: Request) -> Response:
    from ..faces.agent.operations import schema_fields

    return page("agent.html.j2", request, title="Agent characters", fields=schema_fields())


@router.post("/unlock")
def unlock(request: Request, key: Annotated[str, Body(embed=True, max_length=500)]) -> Response:
    """Give the server's API key once; the pages remember it in a cookie."""
    keys: tuple[bytes, ...] = getattr(request.app.state, "page_keys", ())
    given = key.encode("utf-8", "surrogateescape")
    if keys and not any(hmac.compare_digest(given, k) for k in keys):
        return JSONResponse(
            {"status": 401, "title": "Unauthorized", "detail": "that is not this server's key",
             "invalid_parameters": [{"field": "key", "message": "not this server's key"}]},
            status_code=401, media_type="application/problem+json",
        )
    response = JSONResponse({"ok": True})
    response.set_cookie(KEY_COOKIE, key, httponly=True, samesite="strict")
    return response


def summary(c: Character, rules: Ruleset) -> dict[str, Any]:
    """What the list and the character's header show of it."""
    va, wa, ha = c.vampire_attributes, c.werewolf_attributes, c.hunter_attributes
    domitor = c.sheet.creation.domitor_clan_id
    detail = (
        va.clan_name if va
        else f"{wa.tribe_name} {wa.auspice_name}" if wa
        else ha.creed if ha
        else f"serves a {rules.clan_by_id(domitor).name}" if domitor
        else None
    )
    return {
        "id": c.id,
        "name": c.name,
        "name_full": c.name_full,
        "character_class": c.character_class.value,
        "type": c.type.value,
        "detail": detail,
        "concept_name": c.concept_name,
        "experience_level": c.experience.level,
        "campaign_id": c.campaign_id,
        "seed": c.seed,
        "backend": c.backend,
        "date_created": c.date_created,
        "date_modified": c.date_modified,
    }


# --- API docs on local assets --------------------------------------------------------------


def _docs_asset(name: str) -> Path:
    """Swagger UI and Redoc files from the pinned `fastapi-offline` package (server extra)."""
    try:
        base = resources.files("fastapi_offline") / "static"
    except ModuleNotFoundError:
        raise NotFoundError(
            "the API docs assets need the server extra: pip install 'personae[server]'"
        ) from None
    return Path(str(base / name))


_DOCS_FILES = {
    "swagger-ui-bundle.js": "text/javascript",
    "swagger-ui.css": "text/css",
    "redoc.standalone.js": "text/javascript",
    "favicon.png": "image/png",
}


@router.get(DOCS_ASSETS + "/{name}")
def docs_asset(name: str) -> Response:
    if name not in _DOCS_FILES:
        raise NotFoundError(f"no docs asset {name!r}")
    return Response(
        _docs_asset(name).read_bytes(),
        media_type=_DOCS_FILES[name],
        headers={"Cache-Control": "public, max-age=86400"},
    )


@router.get("/docs", response_class=HTMLResponse)
def swagger(request: Request) -> Response:
    return local_only(get_swagger_ui_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} · API",
        swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        swagger_ui_parameters={"validatorUrl": None},
    ), DOCS_SCRIPTS)


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> Response:
    return local_only(get_redoc_html(
        openapi_url=request.app.openapi_url or "/openapi.json",
        title=f"{request.app.title} · API",
        redoc_js_url=f"{DOCS_ASSETS}/redoc.standalone.js",
        redoc_favicon_url=f"{DOCS_ASSETS}/favicon.png",
        with_google_fonts=False,
    ), DOCS_SCRIPTS)
