"""Application factory: one engine, optional API keys, routes per face."""

from __future__ import annotations

import contextlib
import hmac
import threading
from collections.abc import Sequence
from typing import Annotated

from fastapi import Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool

from .. import __version__
from ..core import Personae
from ..errors import FieldProblem, InvalidRequestError
from ..exports.router import router as export_router
from ..faces.agent.router import router as agent_router
from ..faces.npc.router import router as npc_router
from ..faces.valentina.router import router as valentina_router
from ..narrative import NarrativeBackend
from ..web import api_router as web_api_router
from ..web import install as install_web
from .limits import RequestLimits
from .openapi import document_statuses
from .problems import CatchAll, install, problem
from .worker import DEFAULT_QUEUE, DEFAULT_WAIT, GatedBackend, ModelWorker


class _Unauthorized(Exception):
    pass


def gate_models(engine: Personae, max_queue: int, max_wait: float) -> ModelWorker:
    """Route every model backend this engine hands out, whatever name a route asks for
    (the default, a character's own backend on reroll, the NPC document's `premium`),
    through one bounded worker. Idempotent: a second app on the same engine shares it."""
    worker: ModelWorker | None = getattr(engine, "model_worker", None)
    if worker is not None:
        return worker
    worker = ModelWorker(max_queue, max_wait)
    plain = engine.backend

    def gated(backend: GatedBackend | NarrativeBackend) -> NarrativeBackend:
        if backend.name == "rules" or isinstance(backend, GatedBackend):
            return backend
        return GatedBackend(backend, worker)

    def backend(name: str | NarrativeBackend | None = None) -> NarrativeBackend:
        return gated(plain(name))

    engine.backend = backend  # type: ignore[method-assign]
    engine.model_worker = worker  # type: ignore[attr-defined]
    engine.gate_model = gated  # type: ignore[attr-defined]
    return worker


def warm_model(app: FastAPI) -> None:
    """Queue the default backend's warm-up (evaluating the shared prompt prefixes) on the
    model worker, without waiting: requests that need the model queue behind it, reads do
    not. A backend without a warm-up, or the rules backend, needs none."""
    backend = app.state.engine.backend()
    inner = getattr(backend, "inner", backend)
    if not callable(getattr(inner, "warm", None)):
        return
    worker: ModelWorker = app.state.model_worker

    def run() -> None:
        with contextlib.suppress(Exception):  # only a speed-up: a request loads it anyway
            worker.call(inner.warm)

    threading.Thread(target=run, name="personae-model-warm", daemon=True).start()


def create_app(
    engine: Personae | None = None,
    *,
    api_keys: Sequence[str] = (),
    db: str | None = None,
    model_queue: int = DEFAULT_QUEUE,
    model_wait: float = DEFAULT_WAIT,
) -> FastAPI:
    """The HTTP app. With `api_keys`, every API route needs a matching key, sent as
    `X-API-KEY` or as `Authorization: Bearer <key>` (the NPC document's form).

    With a model backend (llama, openai) every model call runs on one worker thread behind
    a queue of `model_queue`; a request that finds it full, or waits `model_wait` seconds
    without a turn, gets 503 with Retry-After. Nothing else waits for the model."""
    if any(not isinstance(k, str) or not k.strip() for k in api_keys):
        raise InvalidRequestError(FieldProblem("api_keys", "an API key may not be empty"))
    engine = engine or Personae(db)
    keys = tuple(k.encode() for k in api_keys)

    def key_ok(x_api_key: str | None, authorization: str | None) -> bool:
        bearer = (
            authorization[7:] if authorization and authorization.startswith("Bearer ") else None
        )
        # headers arrive as latin-1 text: back to their bytes, compared with the key's UTF-8
        given = [g.encode("latin-1", "replace") for g in (x_api_key, bearer) if g]
        return any(hmac.compare_digest(g, k) for g in given for k in keys)

    async def check_key(
        x_api_key: Annotated[str | None, Header(alias="X-API-KEY")] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> None:
        if keys and not key_ok(x_api_key, authorization):
            raise _Unauthorized()

    app = FastAPI(
        title="personae",
        version=__version__,
        description="Offline World of Darkness character engine: Valentina-style "
        "autogen, NPC context and agent character APIs.\n\n"
        "Limits on every route: a body of at most 1 MiB (413), a URL of at most 8 KiB (414), "
        "JSON nested at most 64 levels (400). With a model backend, a request that cannot "
        "get the model in time gets 503 with Retry-After. Errors are RFC 9457 problem JSON "
        "(the agent routes keep their document's `validationErrors` shape for 422).",
    )
    app.state.engine = engine
    worker = gate_models(engine, model_queue, model_wait)
    app.state.model_worker = worker
    install(app)
    app.add_middleware(CatchAll)
    app.add_middleware(RequestLimits)

    @app.exception_handler(_Unauthorized)
    async def _unauthorized(request: Request, exc: _Unauthorized):  # type: ignore[no-untyped-def]
        return problem(
            401, "missing or wrong X-API-KEY header", headers={"WWW-Authenticate": "ApiKey"}
        )

    @app.get("/health", tags=["meta"])
    async def health(
        x_api_key: Annotated[str | None, Header(alias="X-API-KEY")] = None,
        authorization: Annotated[str | None, Header()] = None,
    ) -> dict[str, object]:
        """Up or not. With a valid key (on a server that has keys), also the ruleset, the
        store and its row counts, and the model queue."""
        if not keys or not key_ok(x_api_key, authorization):
            return {"status": "ok"}
        worker: ModelWorker = app.state.model_worker
        return {
            "status": "ok",
            "ruleset": {"id": engine.rules.id, "version": engine.rules.version},
            "store": engine.store.path,
            "counts": await run_in_threadpool(engine.store.counts),
            "model_queue": worker.stats(),
        }

    app.include_router(valentina_router, prefix="/api/v1", dependencies=[Depends(check_key)])
    app.include_router(export_router, dependencies=[Depends(check_key)])
    app.include_router(npc_router, dependencies=[Depends(check_key)])
    app.include_router(agent_router, dependencies=[Depends(check_key)])
    app.include_router(web_api_router, dependencies=[Depends(check_key)])
    install_web(app, api_keys)
    document_statuses(app)
    return app
