"""The storyteller's page on the local server: generate, compare, lock and reroll, browse
and export, NPC contexts and agent characters, and the API docs, all on local assets.

`create_app` includes `api_router` under its API-key check and calls `install(app)`.
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from .api import router as api_router
from .jobs import JobManager
from .pages import STATIC
from .pages import router as pages_router

__all__ = ["api_router", "install"]


def install(app: FastAPI, api_keys: Sequence[str] = ()) -> None:
    """Mount the pages and their static files, the job manager, and /docs and /redoc on
    local assets (FastAPI's own docs pages load theirs from a CDN: they are replaced).

    With `api_keys` (the server's), the pages show stored characters only to a browser
    that gave one of the keys (kept in a cookie, and sent as X-API-KEY by the page)."""
    default_docs = {app.docs_url, app.redoc_url, app.swagger_ui_oauth2_redirect_url} - {None}
    app.router.routes[:] = [
        r for r in app.router.routes if getattr(r, "path", None) not in default_docs
    ]
    app.state.jobs = JobManager(app.state.engine)
    app.state.page_keys = tuple(k.encode("utf-8", "surrogateescape") for k in api_keys)
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
