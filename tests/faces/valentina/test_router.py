from __future__ import annotations

import asyncio

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import LiveServer

BASE = "/api/v1/companies/co1/characters"


def test_seed_workflow_over_http(live: LiveServer) -> None:
    with live.client(**{"On-Behalf-Of": "user-1"}) as http:
        r = http.post(
            f"{BASE}/autogenerate",
            params={"campaign_id": "camp-1"},
            json={
                "character_type": "PLAYER",
                "character_class": "VAMPIRE",
                "experience_level": "NEONATE",
            },
        )
        assert r.status_code == 201, r.text
        character = r.json()
        assert character["vampire_attributes"]["clan_name"]
        assert (
            character["company_id"],
            character["campaign_id"],
            character["user_creator_id"],
        ) == ("co1", "camp-1", "user-1")
        assert http.get(f"{BASE}/{character['id']}").json() == character

        r = http.post(f"{BASE}/chargen/start", params={"campaign_id": "camp-1"})
        assert r.status_code == 201, r.text
        session = r.json()
        assert session["session_id"] == session["id"] and len(session["characters"]) == 3
        assert session["requires_selection"] is True and session["expires_at"]
        listed = http.get(f"{BASE}/chargen/sessions", params={"campaign_id": "camp-1"}).json()
        assert session["id"] in [s["id"] for s in listed]
        assert http.get(f"{BASE}/chargen/sessions/{session['id']}").json()["id"] == session["id"]

        chosen = session["characters"][1]["id"]
        r = http.post(
            f"{BASE}/chargen/finalize",
            json={"session_id": session["id"], "selected_character_id": chosen},
        )
        assert r.status_code == 200 and r.json()["id"] == chosen
        assert r.json()["is_temporary"] is False
        for other in (session["characters"][0]["id"], session["characters"][2]["id"]):
            assert http.get(f"{BASE}/{other}").status_code == 404
        again = http.post(
            f"{BASE}/chargen/finalize",
            json={"session_id": session["id"], "selected_character_id": chosen},
        )
        assert again.status_code == 409
        assert again.headers["content-type"].startswith("application/problem+json")


def test_start_accepts_generation_options(live: LiveServer) -> None:
    with live.client() as http:
        r = http.post(
            f"{BASE}/chargen/start",
            json={
                "character_class": "hunter",
                "hunter_creed": "faithful",
                "options": 2,
                "seed": 12,
            },
        )
        assert r.status_code == 201, r.text
        chars = r.json()["characters"]
        assert len(chars) == 2
        assert {c["hunter_attributes"]["creed"] for c in chars} == {"Faithful"}


def test_api_key_is_enforced(live: LiveServer) -> None:
    with httpx.Client(base_url=live.url) as http:
        r = http.post(f"{BASE}/autogenerate", json={"character_type": "NPC"})
        assert r.status_code == 401 and r.json()["status"] == 401
        r = http.get(f"{BASE}/chargen/sessions", headers={"X-API-KEY": "wrong"})
        assert r.status_code == 401
        assert http.get("/health").json()["status"] == "ok"
        assert http.get("/docs").status_code == 200
        assert (
            "/api/v1/companies/{company_id}/characters/autogenerate"
            in http.get("/openapi.json").json()["paths"]
        )


def test_errors_are_problem_json_naming_fields(live: LiveServer) -> None:
    with live.client() as http:
        r = http.post(
            f"{BASE}/autogenerate", json={"character_type": "PLAYER", "character_class": "WIZARD"}
        )
        assert r.status_code == 400
        body = r.json()
        assert body["status"] == 400 and body["title"] and body["detail"]
        assert [p["field"] for p in body["invalid_parameters"]] == ["character_class"]
        r = http.post(
            f"{BASE}/autogenerate", json={"character_class": "VAMPIRE", "vampire_clan_id": "Kiasyd"}
        )
        assert r.json()["invalid_parameters"][0]["field"] == "vampire_clan_id"
        r = http.post(f"{BASE}/autogenerate", json={"character_class": "MAGE"})
        assert r.status_code == 400 and "MAGE" in r.json()["detail"]
        r = http.post(
            f"{BASE}/autogenerate",
            content=b"{not json",
            headers={"content-type": "application/json"},
        )
        assert r.status_code == 400 and r.json()["invalid_parameters"][0]["field"] == "body"
        r = http.post(f"{BASE}/chargen/finalize", json={"session_id": "nope"})
        assert r.status_code == 400
        assert r.json()["invalid_parameters"][0]["field"] == "selected_character_id"
        r = http.post(
            f"{BASE}/chargen/finalize", json={"session_id": "nope", "selected_character_id": "x"}
        )
        assert r.status_code == 404
        assert http.get(f"{BASE}/chargen/sessions/nope").status_code == 404
        assert http.get("/api/v1/companies/other/characters/whatever").status_code == 404


def test_fifty_concurrent_starts_and_finalizes(live: LiveServer) -> None:
    async def run() -> tuple[list[int], list[dict]]:
        headers = {"X-API-KEY": live.api_key, "On-Behalf-Of": "racer"}
        async with httpx.AsyncClient(base_url=live.url, timeout=120, headers=headers) as http:
            starts = await asyncio.gather(
                *[
                    http.post(
                        f"{BASE}/chargen/start",
                        params={"campaign_id": "race"},
                        json={"options": 2, "seed": i},
                    )
                    for i in range(25)
                ]
            )
            sessions = [r.json() for r in starts]
            finals = await asyncio.gather(
                *[
                    http.post(
                        f"{BASE}/chargen/finalize",
                        json={
                            "session_id": s["id"],
                            "selected_character_id": s["characters"][0]["id"],
                        },
                    )
                    for s in sessions
                ]
            )
            return [r.status_code for r in [*starts, *finals]], sessions

    codes, sessions = asyncio.run(run())
    assert codes.count(201) == 25 and codes.count(200) == 25
    store = live.engine.store
    for s in sessions:
        kept = store.characters.get(s["characters"][0]["id"])
        assert kept.is_temporary is False
        rows = list(store.db["characters"].rows_where("session_id = ?", [s["id"]]))
        assert len(rows) == 1
    names = [
        r[0]
        for r in store.db.execute(
            "select name from characters where campaign_id = 'race'"
        ).fetchall()
    ]
    assert len(names) == 25


FIELDS = [
    "character_type",
    "character_class",
    "experience_level",
    "skill_focus",
    "concept_id",
    "vampire_clan_id",
    "werewolf_tribe_id",
    "werewolf_auspice_id",
    "seed",
    "colour",
]
junk = st.one_of(
    st.none(),
    st.integers(-5, 2**64),
    st.text(max_size=12),
    st.booleans(),
    st.lists(st.integers(), max_size=2),
    st.sampled_from(["VAMPIRE", "PLAYER", "NEONATE", "BALANCED", "toreador", "ragabash"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(st.sampled_from(FIELDS), junk, max_size=5))
def test_any_body_is_201_or_400_naming_a_field(live: LiveServer, body: dict) -> None:
    with live.client() as http:
        r = http.post(f"{BASE}/autogenerate", json=body)
    assert r.status_code in (201, 400), r.text
    if r.status_code == 400:
        fields = [p["field"] for p in r.json()["invalid_parameters"]]
        assert fields and all(f in FIELDS or f == "body" for f in fields), fields


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    cls=st.sampled_from(["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]),
    level=st.sampled_from(["NEW", "ELITE", "NEONATE", "ancilla"]),
    seed=st.integers(0, 2**63 - 1),
)
def test_valid_bodies_succeed(live: LiveServer, cls: str, level: str, seed: int) -> None:
    with live.client() as http:
        r = http.post(
            f"{BASE}/autogenerate",
            json={
                "character_type": "NPC",
                "character_class": cls,
                "experience_level": level,
                "seed": seed,
            },
        )
    assert r.status_code == 201, r.text
    assert r.json()["seed"] == seed and r.json()["character_class"] == cls
