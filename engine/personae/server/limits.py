"""Limits every request meets before a route sees it: URL length (414), body size (413,
by Content-Length and while streaming, before anything is parsed) and JSON nesting depth
(400). A pure ASGI middleware, so a rejected body is never held whole in memory."""

from __future__ import annotations

import json
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..limits import MAX_BODY, MAX_DEPTH, MAX_URL, json_depth, lone_surrogate

# uvicorn's h11 parser refuses a request line + headers past this with a bare 400; it is
# set well above MAX_URL so an over-long URL reaches this middleware and gets its 414.
H11_MAX_INCOMPLETE_EVENT = 1 << 20


def _problem(status: int, title: str, detail: str, field: str | None = None) -> bytes:
    body: dict[str, Any] = {
        "type": "about:blank",
        "status": status,
        "title": title,
        "detail": detail,
    }
    if field is not None:
        body["invalid_parameters"] = [{"field": field, "message": detail}]
    return json.dumps(body).encode()


class RequestLimits:
    """Answers 414, 413 or 400 (problem+json) for requests past the limits above."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_body: int = MAX_BODY,
        max_url: int = MAX_URL,
        max_depth: int = MAX_DEPTH,
    ) -> None:
        self.app = app
        self.max_body, self.max_url, self.max_depth = max_body, max_url, max_depth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_size = len(scope.get("raw_path") or scope["path"].encode()) + len(
            scope.get("query_string", b"")
        )
        if url_size > self.max_url:
            await _reject(
                send,
                414,
                "URI Too Long",
                f"the URL is {url_size} bytes; at most {self.max_url} are accepted",
            )
            return
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None:
            if not declared.isdigit():
                await _reject(send, 400, "Bad Request", "Content-Length is not a number")
                return
            if int(declared) > self.max_body:
                await _drain_and_reject(receive, send, self._too_large())
                return
        if scope["method"] in ("GET", "HEAD", "DELETE", "OPTIONS") and declared in (None, b"0"):
            await self.app(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body:
                await _drain_and_reject(receive, send, self._too_large(), more=message)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        if body:  # whatever the content type says: some routes parse JSON by hand
            depth = json_depth(body, self.max_depth)
            if depth > self.max_depth:
                await _reject(
                    send,
                    400,
                    "Bad Request",
                    f"the JSON body nests deeper than {self.max_depth} levels",
                    field="body",
                )
                return
            if lone_surrogate(body):
                await _reject(
                    send,
                    400,
                    "Bad Request",
                    "the JSON body escapes half of a UTF-16 surrogate pair (e.g. \\ud800), "
                    "which is not text; send whole characters",
                    field="body",
                )
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    def _too_large(self) -> bytes:
        return _problem(
            413, "Content Too Large", f"the request body is larger than {self.max_body} bytes"
        )


async def _reject(
    send: Send, status: int, title: str, detail: str, field: str | None = None
) -> None:
    await _send(send, status, _problem(status, title, detail, field))


async def _send(send: Send, status: int, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/problem+json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


async def _drain_and_reject(
    receive: Receive, send: Send, body: bytes, more: Message | None = None
) -> None:
    """Answer 413. The rest of the upload is read and thrown away (so an ordinary client,
    which sends its whole body before reading, sees the answer rather than a reset), up to
    MAX_DRAIN bytes; past that the connection just closes. Memory stays flat either way."""
    drained = 0
    while (more is None or more.get("more_body", False)) and drained < MAX_DRAIN:
        more = await receive()
        if more["type"] == "http.disconnect":
            return
        drained += len(more.get("body", b""))
    await _send(send, 413, body)


MAX_DRAIN = 512 << 20
