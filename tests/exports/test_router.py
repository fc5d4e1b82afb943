from __future__ import annotations

import json

import pytest

pytest.importorskip("fastapi")
import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from personae import InvalidRequestError, NotFoundError
from personae.exports import export
from personae.exports.router import router


class _Engine:
    def __init__(self, characters: list) -> None:
        self.by_id = {c.id: c for c in characters}

    def get(self, character_id: str):  # type: ignore[no-untyped-def]
        if character_id not in self.by_id:
            raise NotFoundError(f"character {character_id} not found")
        return self.by_id[character_id]


class _Client:
    """A synchronous face over httpx's ASGI transport (no network, no server)."""

    def __init__(self, app: FastAPI) -> None:
        self.app = app

    def get(self, url: str, params: dict[str, str]) -> httpx.Response:
        import asyncio

        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as c:
                return await c.get(url, params=params)

        return asyncio.run(go())


@pytest.fixture()
def client(characters) -> _Client:
    owned = characters[("VAMPIRE", "NEW")].model_copy(update={"company_id": "acme"})
    free = characters[("WEREWOLF", "ELITE")]
    app = FastAPI()
    app.state.engine = _Engine([owned, free])
    app.include_router(router)

    # stand-ins for the server's problem+json handlers
    @app.exception_handler(InvalidRequestError)
    async def _bad(request: Request, exc: InvalidRequestError) -> JSONResponse:
        return JSONResponse(
            {
                "status": 400,
                "invalid_parameters": [
                    {"field": p.field, "message": p.message} for p in exc.problems
                ],
            },
            status_code=400,
        )

    @app.exception_handler(NotFoundError)
    async def _missing(request: Request, exc: NotFoundError) -> JSONResponse:
        return JSONResponse({"status": 404, "detail": str(exc)}, status_code=404)

    test = _Client(app)
    test.owned, test.free = owned, free  # type: ignore[attr-defined]
    return test


URL = "/api/v1/companies/{company}/characters/{id}/export"


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("foundry", "application/json"),
        ("html", "text/html; charset=utf-8"),
        ("pdf", "application/pdf"),
        ("png", "image/png"),
        ("ccv3", "application/json"),
    ],
)
def test_export_serves_the_file(client, fmt: str, media: str) -> None:
    c = client.owned
    r = client.get(URL.format(company="acme", id=c.id), params={"format": fmt})
    assert r.status_code == 200
    assert r.headers["content-type"] == media
    expected = export(c, fmt)
    assert r.content == expected.content
    assert r.headers["content-disposition"] == f'attachment; filename="{expected.filename}"'
    assert json.loads(r.headers["x-export-warnings"]) == expected.warnings


def test_character_without_company_is_served_to_any_company(client) -> None:
    r = client.get(URL.format(company="other", id=client.free.id), params={"format": "inconnu"})
    assert r.status_code == 200
    assert json.loads(r.headers["x-export-warnings"])  # werewolves warn in Inconnu


def test_other_company_and_unknown_ids_are_404(client) -> None:
    r = client.get(URL.format(company="other", id=client.owned.id), params={"format": "json"})
    assert r.status_code == 404
    r = client.get(URL.format(company="acme", id="missing"), params={"format": "json"})
    assert r.status_code == 404


def test_unknown_format_is_400_naming_format(client) -> None:
    r = client.get(URL.format(company="acme", id=client.owned.id), params={"format": "docx"})
    assert r.status_code == 400
    assert r.json()["invalid_parameters"][0]["field"] == "format"
