"""Nothing leaks: keys on every route, ids resolved within the caller's company and user."""

from __future__ import annotations

import re
import subprocess

import httpx
import pytest

from personae import InvalidRequestError, Personae, Store
from personae.server import create_app

from ..conftest import personae_cmd, subprocess_env
from .conftest import KEY, ServerProcess

A = "/api/v1/companies/coA/characters"
B = "/api/v1/companies/coB/characters"


def routes(server: ServerProcess) -> list[tuple[str, str]]:
    doc = httpx.get(server.url + "/openapi.json").json()
    return [
        (method.upper(), re.sub(r"\{[^}]+\}", "x", path))
        for path, item in doc["paths"].items()
        for method in item
        if path != "/health"
    ]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"X-API-KEY": ""},
        {"X-API-KEY": "wrong"},
        {"X-API-KEY": KEY[:-1]},
        {"X-API-KEY": KEY.upper()},
        {"Authorization": f"Basic {KEY}"},
        {"Authorization": "Bearer"},
    ],
    ids=["none", "empty", "wrong", "prefix", "upper", "basic", "empty-bearer"],
)
def test_every_route_refuses_a_missing_or_wrong_key(
    server: ServerProcess, headers: dict[str, str]
) -> None:
    with httpx.Client(base_url=server.url, timeout=60) as http:
        for method, path in routes(server):
            r = http.request(method, path, headers=headers, json={})
            assert r.status_code == 401, (method, path, r.status_code)
            assert r.headers["content-type"] == "application/problem+json"
            assert KEY not in r.text


def test_health_says_only_up_without_a_key(server: ServerProcess) -> None:
    for headers in ({}, {"X-API-KEY": "wrong"}):
        r = httpx.get(server.url + "/health", headers=headers)
        assert r.status_code == 200 and r.json() == {"status": "ok"}
    detailed = httpx.get(server.url + "/health", headers={"X-API-KEY": KEY}).json()
    assert detailed["store"] == str(server.db) and "counts" in detailed
    bearer = httpx.get(server.url + "/health", headers={"Authorization": f"Bearer {KEY}"})
    assert "counts" in bearer.json()


def test_empty_keys_are_refused_at_start(tmp_path: object) -> None:
    engine = Personae(Store(":memory:"))
    for keys in ([""], ["  "], ["good", ""]):
        with pytest.raises(InvalidRequestError, match="api_keys"):
            create_app(engine, api_keys=keys)
    done = subprocess.run(
        [*personae_cmd(), "serve", "--api-key", "", "--db", ":memory:"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "--api-key" in done.stderr


def test_another_company_cannot_copy_a_character(server: ServerProcess) -> None:
    with server.client() as http:
        mine = http.post(f"{A}/autogenerate", json={"seed": 5}).json()
        npcs = "/context/characters/g/w"
        before_npcs = len(http.get(npcs).json())
        before_profiles = http.get("/api/characters").json()["profiles"]
        for route in (
            f"{npcs}/from-character/{mine['id']}",
            f"/api/characters/from-character/{mine['id']}",
        ):
            stolen = http.post(route, params={"company_id": "coB"})
            assert stolen.status_code == 404, stolen.text
            assert mine["name"] not in stolen.text
            missing = http.post(route)  # the caller must say which company it is
            assert missing.status_code == 400
            assert "company_id" in missing.text
        assert len(http.get(npcs).json()) == before_npcs
        assert http.get("/api/characters").json()["profiles"] == before_profiles
        # the owner may
        assert (
            http.post(
                f"{npcs}/from-character/{mine['id']}", params={"company_id": "coA"}
            ).status_code
            == 201
        )
        assert (
            http.post(
                f"/api/characters/from-character/{mine['id']}",
                params={"company_id": "coA", "profile": "mine"},
            ).status_code
            == 201
        )
        # and another company cannot read it either
        assert http.get(f"{B}/{mine['id']}").status_code == 404
        assert http.get(f"{B}/{mine['id']}/export", params={"format": "json"}).status_code == 404


def test_another_user_cannot_read_or_finalize_a_session(server: ServerProcess) -> None:
    alice, bob = {"On-Behalf-Of": "alice"}, {"On-Behalf-Of": "bob"}
    with server.client() as http:
        s = http.post(f"{A}/chargen/start", json={"options": 2}, headers=alice).json()
        option = s["characters"][0]["id"]
        finalize = {"session_id": s["id"], "selected_character_id": option}
        assert http.get(f"{A}/chargen/sessions/{s['id']}", headers=bob).status_code == 404
        assert s["id"] not in http.get(f"{A}/chargen/sessions", headers=bob).text
        r = http.post(f"{A}/chargen/finalize", json=finalize, headers=bob)
        assert r.status_code == 404 and option not in r.text
        # another company, with or without the same user, sees nothing either
        assert http.get(f"{B}/chargen/sessions/{s['id']}", headers=alice).status_code == 404
        assert http.post(f"{B}/chargen/finalize", json=finalize, headers=alice).status_code == 404
        assert http.get(f"{B}/{option}").status_code == 404
        # the session is untouched: still open, both options there, and alice may finalize
        again = http.get(f"{A}/chargen/sessions/{s['id']}", headers=alice).json()
        assert again["status"] == "open" and len(again["characters"]) == 2
        kept = http.post(f"{A}/chargen/finalize", json=finalize, headers=alice)
        assert kept.status_code == 200 and kept.json()["id"] == option
        assert http.post(f"{A}/chargen/finalize", json=finalize, headers=alice).status_code == 409
