"""Edges of the character and trait routes that the client itself never sends."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from personae import Personae, Store
from personae.faces.valentina.characters import default_campaign_id

from ..faces.conftest import LiveServer, start_server

CO = "co-routes"
BASE = f"/api/v1/companies/{CO}/characters"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    engine = Personae(Store(tmp_path_factory.mktemp("routes") / "routes.db"))
    server, thread, url = start_server(engine, ["k"])
    yield LiveServer(url, engine, "k")
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def made(live: LiveServer) -> dict:
    with live.client(**{"On-Behalf-Of": "u1"}) as http:
        r = http.post(
            f"{BASE}/autogenerate",
            json={"character_type": "NPC", "character_class": "VAMPIRE", "seed": 3},
        )
        assert r.status_code == 201, r.text
        return r.json()


def test_default_campaign_is_created_once_and_reads_never_create_it(live: LiveServer) -> None:
    rows = "select id from campaigns where company_id = ?"
    with live.client() as http:
        assert http.get("/api/v1/companies/co-fresh/characters").json()["total"] == 0
        assert live.engine.store.rows(rows, ["co-fresh"]) == []
        first = http.post(
            "/api/v1/companies/co-fresh/characters/autogenerate",
            json={"character_type": "NPC", "seed": 1},
        ).json()
        second = http.post(
            "/api/v1/companies/co-fresh/characters/chargen/start", json={"options": 1}
        ).json()
    assert first["campaign_id"] == second["campaign_id"] == default_campaign_id("co-fresh")
    assert live.engine.store.rows(rows, ["co-fresh"]) == [(first["campaign_id"],)]
    assert second["user_id"] == "anonymous"


def test_owners_and_plain_get(live: LiveServer, made: dict) -> None:
    assert (made["company_id"], made["user_creator_id"], made["user_player_id"]) == (
        CO,
        "u1",
        "u1",
    )
    with live.client() as http:
        assert http.get(f"{BASE}/{made['id']}").json() == made
        detail = http.get(f"{BASE}/{made['id']}", params={"include": ["notes"]}).json()
        assert detail["notes"] == [] and "traits" not in detail


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 101}, "limit"),
        ({"offset": -1}, "offset"),
        ({"is_temporary": "maybe"}, "is_temporary"),
    ],
)
def test_bad_list_params(live: LiveServer, params: dict, field: str) -> None:
    with live.client() as http:
        r = http.get(BASE, params=params)
    assert r.status_code == 400
    assert [p["field"] for p in r.json()["invalid_parameters"]] == [field]


def test_bad_include_and_unknown_ids(live: LiveServer, made: dict) -> None:
    with live.client() as http:
        r = http.get(f"{BASE}/{made['id']}", params={"include": "friends"})
        assert r.status_code == 400 and r.json()["invalid_parameters"][0]["field"] == "include"
        for path in (
            "nope",
            "nope/full-sheet",
            "nope/traits",
            "nope/statistics",
            "nope/health",
            f"{made['id']}/traits/nope/tracker",
            f"{made['id']}/traits/nope",
            f"{made['id']}/full-sheet/categories/nope",
        ):
            assert http.get(f"{BASE}/{path}").status_code == 404, path
        assert http.delete(f"{BASE}/nope").status_code == 404
        assert http.patch(f"{BASE}/nope", json={"age": 3}).status_code == 404


def test_statistics_is_a_clear_501(live: LiveServer, made: dict) -> None:
    with live.client() as http:
        r = http.get(f"{BASE}/{made['id']}/statistics")
    assert r.status_code == 501
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "dice" in r.json()["detail"]


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({"character_class": "WEREWOLF"}, ["character_class"]),
        ({"vampire_attributes": {"clan_id": "brujah-x"}}, ["vampire_attributes.clan_id"]),
        ({"date_of_birth": "1990-01-01"}, ["date_of_birth"]),
        ({"name_first": "Al"}, ["name_first"]),
        ({"demeanor": "x" * 51}, ["demeanor"]),
        ({"status": "UNDEAD"}, ["status"]),
        ({"favourite_colour": "red"}, ["favourite_colour"]),
        ({"werewolf_attributes": {"pack_name": "Howlers"}}, ["werewolf_attributes"]),
        ({"age": -1, "game_version": "V4"}, ["game_version", "age"]),
    ],
)
def test_update_names_every_bad_field_and_changes_nothing(
    live: LiveServer, made: dict, body: dict, fields: list[str]
) -> None:
    with live.client() as http:
        r = http.patch(f"{BASE}/{made['id']}", json=body)
        assert r.status_code == 400, r.text
        assert [p["field"] for p in r.json()["invalid_parameters"]] == fields
        assert http.get(f"{BASE}/{made['id']}").json() == made


def test_update_accepts_unchanged_sheet_fields_and_recomposes_names(
    live: LiveServer, made: dict
) -> None:
    with live.client() as http:
        r = http.patch(
            f"{BASE}/{made['id']}",
            json={
                "character_class": "VAMPIRE",
                "game_version": "V5",
                "name_first": "Rosalind",
                "name_nick": "Ros",
                "vampire_attributes": {"sire": "Old Marrow"},
                "date_of_birth": None,
            },
        )
        assert r.status_code == 200, r.text
        body = r.json()
        assert body["name"] == f"Rosalind {made['name_last']}"
        assert body["name_full"] == f'Rosalind "Ros" {made["name_last"]}'
        assert body["vampire_attributes"]["sire"] == "Old Marrow"
        assert body["vampire_attributes"]["clan_id"] == made["vampire_attributes"]["clan_id"]
        assert body["sheet"] == made["sheet"]
        assert http.get(f"{BASE}/{made['id']}").json()["name_nick"] == "Ros"


def test_update_to_a_taken_name_is_a_conflict(live: LiveServer, made: dict) -> None:
    with live.client() as http:
        other = http.post(
            f"{BASE}/autogenerate",
            params={"campaign_id": made["campaign_id"]},
            json={"character_type": "NPC", "seed": 8},
        ).json()
        target = http.get(f"{BASE}/{made['id']}").json()
        r = http.patch(
            f"{BASE}/{other['id']}",
            json={"name_first": target["name_first"], "name_last": target["name_last"]},
        )
        assert r.status_code == 409, r.text


def test_another_company_sees_nothing(live: LiveServer, made: dict) -> None:
    other = f"/api/v1/companies/co-other/characters/{made['id']}"
    with live.client() as http:
        for path in ("", "/traits", "/full-sheet", "/statistics", "/health"):
            assert http.get(other + path).status_code == 404, path
        assert http.patch(other, json={"age": 30}).status_code == 404
        assert http.delete(other).status_code == 404
        assert http.get(f"{BASE}/{made['id']}").status_code == 200


def test_delete_then_gone(live: LiveServer) -> None:
    with live.client() as http:
        made = http.post(f"{BASE}/autogenerate", json={"character_type": "NPC", "seed": 21}).json()
        r = http.delete(f"{BASE}/{made['id']}")
        assert r.status_code == 204 and r.content == b""
        assert http.get(f"{BASE}/{made['id']}").status_code == 404
        assert http.delete(f"{BASE}/{made['id']}").status_code == 404


def test_writes_the_client_offers_but_personae_keeps_legal_are_405(
    live: LiveServer, made: dict
) -> None:
    with live.client() as http:
        r = http.put(f"{BASE}/{made['id']}/health", json={"superficial": 1})
        assert r.status_code == 405
        assert r.headers["content-type"].startswith("application/problem+json")
