"""RFC 9457 problem+json responses; no client input ever produces a 500."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import (
    BusyError,
    ConflictError,
    InvalidRequestError,
    MissingExtraError,
    NotFoundError,
    PersonaeError,
    StoreError,
    UnsupportedError,
)

log = logging.getLogger("personae.server")

_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    413: "Content Too Large",
    414: "URI Too Long",
    422: "Unprocessable Content",
    500: "Internal Server Error",
    501: "Not Implemented",
    503: "Service Unavailable",
}


def problem(
    status: int,
    detail: str,
    invalid: list[dict[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "status": status,
        "title": _TITLES.get(status, "Error"),
        "detail": detail,
    }
    if invalid is not None:
        body["invalid_parameters"] = invalid
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def field_of(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header"):
        parts = parts[1:]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        invalid = []
        for err in exc.errors():
            message, field = err.get("msg", "invalid"), field_of(err.get("loc", ()))
            if err.get("type") == "json_invalid":
                message, field = (
                    f"body is not valid JSON: {err.get('ctx', {}).get('error', '')}",
                    "body",
                )
            invalid.append({"field": field, "message": message.strip().rstrip(":")})
        return problem(400, "the request has invalid parameters", invalid)

    @app.exception_handler(InvalidRequestError)
    async def _invalid(request: Request, exc: InvalidRequestError) -> JSONResponse:
        return problem(
            400, str(exc), [{"field": p.field, "message": p.message} for p in exc.problems]
        )

    @app.exception_handler(UnsupportedError)
    async def _unsupported(request: Request, exc: UnsupportedError) -> JSONResponse:
        return problem(400, str(exc), [{"field": "character_class", "message": str(exc)}])

    @app.exception_handler(NotFoundError)
    async def _not_found(request: Request, exc: NotFoundError) -> JSONResponse:
        return problem(404, str(exc))

    @app.exception_handler(ConflictError)
    async def _conflict(request: Request, exc: ConflictError) -> JSONResponse:
        return problem(409, str(exc))

    @app.exception_handler(BusyError)
    async def _busy(request: Request, exc: BusyError) -> JSONResponse:
        return problem(503, str(exc), headers={"Retry-After": str(exc.retry_after)})

    @app.exception_handler(StoreError)
    async def _store(request: Request, exc: StoreError) -> JSONResponse:
        log.error("store unavailable: %s", exc)
        return problem(
            503, "the store is unavailable; see the server log", headers={"Retry-After": "30"}
        )

    @app.exception_handler(MissingExtraError)
    async def _missing_extra(request: Request, exc: MissingExtraError) -> JSONResponse:
        return problem(501, str(exc))

    @app.exception_handler(PersonaeError)
    async def _other(request: Request, exc: PersonaeError) -> JSONResponse:
        return problem(400, str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        """A bug: logged with its traceback, answered as problem JSON without details."""
        log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem(500, "unexpected server error; it has been logged")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        return problem(exc.status_code, str(exc.detail), headers=getattr(exc, "headers", None))


class CatchAll:
    """Answer an unexpected exception with problem JSON (500) and log it, keeping the
    connection open: Starlette's last-resort handler answers too, but then re-raises, and
    the server drops the connection (a keep-alive client sees a reset on its next call).
    An exception after the response has started can only be logged and re-raised."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking(message: Any) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking)
        except Exception as exc:
            if started:
                raise
            log.error(
                "unexpected error on %s %s", scope.get("method"), scope.get("path"), exc_info=exc
            )
            response = problem(500, "unexpected server error; it has been logged")
            await response(scope, receive, send)
