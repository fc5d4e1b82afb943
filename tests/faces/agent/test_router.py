from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..conftest import LiveServer

PUT_EXAMPLE = {
    "name": "Eliza",
    "username": "eliza",
    "bio": "An AI agent with a unique personality.",
    "system": "You are Eliza, a helpful assistant.",
    "adjectives": ["curious", "witty"],
    "topics": ["technology", "art"],
    "style": {"all": ["Be concise"], "chat": ["Use casual language"], "post": ["Keep it short"]},
    "messageExamples": [
        [
            {"name": "{{user1}}", "content": {"text": "What's new?"}},
            {"name": "Eliza", "content": {"text": "Just shipped something cool~"}},
        ]
    ],
    "postExamples": ["Just shipped something cool~"],
}


def test_document_examples_as_written(live: LiveServer) -> None:
    with live.client() as http:
        got = http.get("/api/character").json()
        assert set(got) == {"character", "agentName"} and got["character"]["name"]
        r = http.put("/api/character", json=PUT_EXAMPLE)
        assert r.status_code == 200
        assert r.json() == {"ok": True, "character": PUT_EXAMPLE, "agentName": "Eliza"}
        got = http.get("/api/character").json()
        assert got["agentName"] == "Eliza" and got["character"]["topics"] == ["technology", "art"]
        r = http.put("/api/character", json={"name": "Eliza Two"})
        assert r.json()["character"] == {"name": "Eliza Two"}
        assert http.get("/api/character").json()["character"]["username"] == "eliza"

        for method in (http.post, http.get):
            name = method("/api/character/random-name").json()["name"]
            assert isinstance(name, str) and len(name) >= 2
        seeded = {
            http.post("/api/character/random-name", params={"seed": 9}).json()["name"]
            for _ in range(2)
        }
        assert len(seeded) == 1

        r = http.post(
            "/api/character/generate",
            json={
                "field": "bio",
                "context": {
                    "name": "Eliza",
                    "system": "A witty AI assistant",
                    "bio": "",
                    "style": {"all": ["Be concise"]},
                },
                "mode": "replace",
            },
        )
        assert r.status_code == 200 and isinstance(r.json()["generated"], str)
        for field in ("style", "chatExamples", "postExamples"):
            r = http.post(
                "/api/character/generate", json={"field": field, "context": {"name": "Eliza"}}
            )
            json.loads(r.json()["generated"])  # a JSON string, as documented

        fields = http.get("/api/character/schema").json()["fields"]
        assert {f["key"] for f in fields} >= {"name", "style", "bio", "system"}
        history = http.get("/api/character/history").json()["history"]
        assert [h["action"] for h in history][-2:] == ["update", "update"]


def test_validation_errors_and_malformed_json(live: LiveServer) -> None:
    with live.client() as http:
        r = http.put("/api/character", json={"name": 7, "style": {"all": [1]}})
        assert r.status_code == 422
        body = r.json()
        assert body["ok"] is False
        assert {"path": "name", "message": "Expected string"} in body["validationErrors"]
        assert "style.all.0" in [e["path"] for e in body["validationErrors"]]
        r = http.put(
            "/api/character", content=b"{oops", headers={"content-type": "application/json"}
        )
        assert r.status_code == 400
        r = http.put(
            "/api/character",
            content=b'{"bio": "' + b"x" * (1 << 20) + b'"}',
            headers={"content-type": "application/json"},
        )
        assert r.status_code == 413
        r = http.post("/api/character/generate", json={"field": "poem", "context": {}})
        assert r.status_code == 422 and r.json()["validationErrors"][0]["path"] == "field"


def test_profiles_and_bridge(live: LiveServer) -> None:
    with live.client() as http:
        r = http.post(
            "/api/characters",
            json={"profile": "bard", "character": {"name": "Bard", "bio": ["sings"]}},
        )
        assert r.status_code == 201
        assert http.post("/api/characters/bard/activate").status_code == 200
        assert http.get("/api/character").json()["agentName"] == "Bard"
        c = http.post(
            "/api/v1/companies/co/characters/autogenerate",
            json={"character_class": "HUNTER", "seed": 2},
        ).json()
        r = http.post(
            f"/api/characters/from-character/{c['id']}",
            params={"profile": "hunter", "company_id": "co"},
        )
        assert r.status_code == 201
        assert http.get("/api/character").json()["agentName"] == c["name"]
        profiles = http.get("/api/characters").json()["profiles"]
        assert {p["profile"] for p in profiles} >= {"default", "bard", "hunter"}
        assert http.post("/api/characters/nobody/activate").status_code == 404


KEYS = [
    "name",
    "username",
    "bio",
    "system",
    "adjectives",
    "topics",
    "style",
    "messageExamples",
    "postExamples",
    "other",
]
junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.text(max_size=120),
    st.lists(st.text(max_size=110), max_size=3),
    st.dictionaries(
        st.sampled_from(["all", "chat", "post", "x"]), st.lists(st.text(max_size=5), max_size=2)
    ),
)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(st.sampled_from(KEYS), junk, max_size=5))
def test_any_put_is_200_or_422_naming_a_path(live: LiveServer, body: dict) -> None:
    with live.client() as http:
        r = http.put("/api/character", json=body)
    assert r.status_code in (200, 422), r.text
    if r.status_code == 422:
        paths = [e["path"].split(".")[0] for e in r.json()["validationErrors"]]
        assert paths and all(p in KEYS or p == "(root)" for p in paths), paths
