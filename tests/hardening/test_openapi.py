"""The OpenAPI document says what each route can answer, and what the agent routes read."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from personae import Personae, Store
from personae.server import create_app

from .conftest import ServerProcess


def document() -> dict:
    return create_app(Personae(Store(":memory:")), api_keys=["k"]).openapi()


def test_every_route_lists_its_errors_and_no_phantom_422() -> None:
    doc = document()
    agent_422 = {
        "/api/character",
        "/api/character/generate",
        "/api/characters",
        "/api/characters/from-character/{character_id}",
    }
    for path, item in doc["paths"].items():
        for method, op in item.items():
            codes = set(op["responses"])
            assert {"400", "413", "414", "503"} <= codes, (method, path)
            if path != "/health":
                assert "401" in codes, (method, path)
            if "{character_id}" in path or "{session_id}" in path or "{profile}" in path:
                assert "404" in codes, (method, path)
            assert ("422" in codes) == (path in agent_422 and method in ("put", "post")), (
                method,
                path,
            )
            assert "503" in codes and "Retry-After" in op["responses"]["503"]["headers"]
    assert "HTTPValidationError" not in doc["components"]["schemas"]


def test_agent_bodies_and_company_parameter_are_documented() -> None:
    doc = document()
    paths = doc["paths"]
    for path, method in (
        ("/api/character", "put"),
        ("/api/character/generate", "post"),
        ("/api/characters", "post"),
    ):
        body = paths[path][method]["requestBody"]["content"]["application/json"]["schema"]
        assert body, path
    for path in (
        "/context/characters/{game_id}/{world_id}/from-character/{character_id}",
        "/api/characters/from-character/{character_id}",
    ):
        params = {p["name"]: p for p in paths[path]["post"]["parameters"]}
        assert params["company_id"]["required"] is True


def test_a_damaged_row_is_a_logged_500_problem_not_a_reset(tmp_path: Path) -> None:
    """The catch-all: an unexpected error (a row edited by hand into nonsense) still answers
    problem JSON, keeps the connection usable and logs the traceback."""
    server = ServerProcess(tmp_path / "damaged.db").start()
    try:
        with server.client() as http:
            c = http.post("/api/v1/companies/co/characters/autogenerate", json={"seed": 4}).json()
            conn = sqlite3.connect(server.db)
            conn.execute("update characters set data = '{\"oops\": 1}' where id = ?", [c["id"]])
            conn.commit()
            conn.close()
            r = http.get(f"/api/v1/companies/co/characters/{c['id']}")
            assert r.status_code == 500
            assert r.headers["content-type"] == "application/problem+json"
            assert "oops" not in r.text  # no internals in the answer
            assert http.get("/health").status_code == 200
    finally:
        server.stop()
    assert "Traceback" in server.server_log()
