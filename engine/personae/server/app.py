"""Application factory: one engine, optional API keys, routes per face."""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import Depends, FastAPI, Header, Request

from .. import __version__
from ..core import Personae
from ..exports.router import router as export_router
from ..faces.agent.router import router as agent_router
from ..faces.npc.router import router as npc_router
from ..faces.valentina.router import router as valentina_router
from .problems import install, problem


class _Unauthorized(Exception):
    pass


def create_app(
    engine: Personae | None = None, *, api_keys: Sequence[str] = (), db: str | None = None
) -> FastAPI:
    """The HTTP app. With `api_keys`, every API route needs a matching key, sent as
    `X-API-KEY` or as `Authorization: Bearer <key>` (the NPC document's form)."""
    engine = engine or Personae(db)
    keys = frozenset(api_keys)

    async def check_key(
        x_api_key: str | None = Header(default=None, alias="X-API-KEY"),
        authorization: str | None = Header(default=None),
    ) -> None:
        bearer = (
            authorization[7:] if authorization and authorization.startswith("Bearer ") else None
        )
        if keys and x_api_key not in keys and bearer not in keys:
            raise _Unauthorized()

    app = FastAPI(
        title="personae",
        version=__version__,
        description="Offline World of Darkness character engine: Valentina-style "
        "autogen, NPC context and agent character APIs.",
    )
    app.state.engine = engine
    install(app)

    @app.exception_handler(_Unauthorized)
    async def _unauthorized(request: Request, exc: _Unauthorized):  # type: ignore[no-untyped-def]
        return problem(
            401, "missing or wrong X-API-KEY header", headers={"WWW-Authenticate": "ApiKey"}
        )

    @app.get("/health", tags=["meta"])
    def health() -> dict[str, object]:
        return {
            "status": "ok",
            "ruleset": {"id": engine.rules.id, "version": engine.rules.version},
            "store": engine.store.path,
            "counts": engine.store.counts(),
        }

    app.include_router(valentina_router, prefix="/api/v1", dependencies=[Depends(check_key)])
    app.include_router(export_router, dependencies=[Depends(check_key)])
    app.include_router(npc_router, dependencies=[Depends(check_key)])
    app.include_router(agent_router, dependencies=[Depends(check_key)])
    return app
