from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import LiveServer
from .test_operations import DOC_BODY, DOC_CONTEXT

BASE = "/context/characters/game123/world456"


def test_document_example_as_written(live: LiveServer) -> None:
    with live.client() as http:
        r = http.post(
            BASE,
            json=DOC_BODY,
            params={
                "region_id": "region789",
                "location_id": "location789",
                "session_id": "60Z5aZjIuFlyYbjbZZKe",
            },
            headers={"Authorization": f"Bearer {live.api_key}", "X-API-KEY": ""},
        )
        assert r.status_code == 201, r.text
        body = r.json()
        assert set(body) == {"message", "character_id", "character_context"}
        assert body["character_context"] == DOC_CONTEXT
        assert body["message"] == (
            f"Character: {body['character_id']} has been created with the following context."
        )
        cid = body["character_id"]
        full = http.get(f"{BASE}/{cid}").json()
        assert full["region_id"] == "region789" and full["character_context"] == DOC_CONTEXT
        assert [
            n["character_id"] for n in http.get(BASE, params={"region_id": "region789"}).json()
        ] == [cid]
        assert http.get(BASE, params={"location_id": "elsewhere"}).json() == []


def test_update_and_delete(live: LiveServer) -> None:
    with live.client() as http:
        cid = http.post(BASE, json={"role": "shopkeeper", "seed": 1}).json()["character_id"]
        r = http.patch(f"{BASE}/{cid}", json={"name": "Mira", "tone": "formal"})
        assert r.status_code == 200 and r.json()["name"] == "Mira"
        assert r.json()["role"] == "shopkeeper"
        r = http.put(f"{BASE}/{cid}", json={"role": "questGiver"})
        assert r.status_code == 200 and r.json()["role"] == "questGiver"
        assert r.json()["quests"]
        r = http.patch(f"{BASE}/{cid}", json={"name": "x" * 26})
        assert r.status_code == 400
        assert r.json()["invalid_parameters"][0]["field"] == "name"
        assert http.delete(f"{BASE}/{cid}").status_code == 204
        assert http.get(f"{BASE}/{cid}").status_code == 404
        assert http.delete(f"{BASE}/{cid}").status_code == 404


def test_auth_and_limits(live: LiveServer) -> None:
    with live.client(**{"X-API-KEY": "nope"}) as http:
        assert http.post(BASE, json={}).status_code == 401
    with live.client() as http:
        for body, field in (
            ({"description": "d" * 1401}, "description"),
            (
                {"quests": [{"description": "q", "objective": "o", "reward": "r" * 126}]},
                "quests.0.reward",
            ),
            ({"role": "dragon"}, "role"),
        ):
            r = http.post(BASE, json=body)
            assert r.status_code == 400 and field in [
                p["field"] for p in r.json()["invalid_parameters"]
            ]


def test_from_character_bridge(live: LiveServer) -> None:
    with live.client() as http:
        c = http.post(
            "/api/v1/companies/co/characters/autogenerate",
            json={"character_class": "VAMPIRE", "seed": 3},
        ).json()
        r = http.post(f"{BASE}/from-character/{c['id']}", params={"company_id": "co"})
        assert r.status_code == 201
        assert r.json()["character_context"]["name"] in (c["name"], c["name_first"])


FIELDS = [
    "age",
    "description",
    "gender",
    "model",
    "filters",
    "items",
    "events",
    "name",
    "quests",
    "role",
    "tone",
    "traits",
    "seed",
    "extra",
]
values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 2**64),
    st.text(max_size=30),
    st.sampled_from(["adult", "healer", "formal", "premium", "standard"]),
    st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "type",
                    "itemName",
                    "unit",
                    "value",
                    "eventName",
                    "description",
                    "objective",
                    "reward",
                ]
            ),
            st.one_of(st.text(max_size=8), st.integers(0, 9), st.sampled_from(["trade", "action"])),
        ),
        max_size=2,
    ),
    st.dictionaries(st.sampled_from(["active", "violence", "drugs", "x"]), st.booleans()),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(st.sampled_from(FIELDS), values, max_size=6))
def test_any_body_is_201_or_400_naming_a_field(live: LiveServer, body: dict) -> None:
    with live.client() as http:
        r = http.post(BASE, json=body)
    assert r.status_code in (201, 400), r.text
    if r.status_code == 400:
        fields = [p["field"].split(".")[0] for p in r.json()["invalid_parameters"]]
        assert fields and all(f in FIELDS for f in fields), fields
