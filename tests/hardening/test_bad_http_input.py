"""Hostile bodies, URLs and headers over real HTTP: each gets a 4xx problem (or succeeds
harmlessly), never a 5xx, a reset connection or a traceback in the server log."""

from __future__ import annotations

import socket

import pytest

from .conftest import ServerProcess

NPC = "/context/characters/g/w"
GEN = "/api/v1/companies/c/characters/autogenerate"
START = "/api/v1/companies/c/characters/chargen/start"
DEEP = b"[" * 100_000 + b"]" * 100_000
CASES: list[tuple[str, str, bytes, int]] = [
    ("PUT", "/api/character", DEEP, 400),
    ("POST", "/api/character/generate", DEEP, 400),
    ("POST", "/api/characters", DEEP, 400),
    ("POST", GEN, DEEP, 400),
    ("POST", GEN, b'{"a":' * 70 + b"1" + b"}" * 70, 400),
    ("POST", GEN, b'{"seed": "1"}', 400),
    ("POST", GEN, b'{"seed": true}', 400),
    ("POST", GEN, b'{"seed": 1.5}', 400),
    ("POST", GEN, b'{"seed": ' + b"9" * 5000 + b"}", 400),
    ("POST", GEN, b'{"character_class": 7}', 400),
    ("POST", GEN, b"\xff\xfe{}", 400),
    ("POST", GEN, b'{"concept_id": "\\ud800"}', 400),
    ("POST", GEN, b"[]", 400),
    ("POST", START, b'{"options": "3"}', 400),
    ("POST", START, b'{"options": 3.0}', 400),
    ("POST", START, b'{"expires_hours": NaN}', 400),
    ("POST", START, b'{"options": 1000000}', 400),
    ("POST", NPC, b'{"seed": "1"}', 400),
    ("POST", NPC, b'{"filters": {"active": "yes"}}', 400),
    ("POST", NPC, b'{"items":[{"type":"trade","itemName":"a","unit":"u","value":NaN}]}', 400),
    ("POST", NPC, b'{"items":[{"type":"trade","itemName":"a","unit":"u","value":Infinity}]}', 400),
    ("POST", NPC, b'{"name": "\\udc00"}', 400),
    ("POST", NPC, b'{"name": "a\\u0000b"}', 201),
    ("PUT", "/api/character", b'{"name": "\\ud800"}', 400),
    ("PUT", "/api/character", b'{"name": 5}', 422),
    ("POST", "/api/characters", b'{"profile": "\\ud800", "character": {"name": "x"}}', 400),
    ("POST", "/api/character/generate", b'{"field": "bio", "context": {}, "seed": "1"}', 422),
    ("GET", f"{NPC}?offset=100000000000000000000", b"", 400),
    ("GET", f"{NPC}?limit=0", b"", 400),
    ("GET", f"{NPC}?limit=-1", b"", 400),
    ("GET", f"{NPC}/%ED%A0%80", b"", 404),
    ("GET", "/api/v1/companies/c/characters/chargen/sessions/%00", b"", 404),
    ("POST", "/api/characters/%ED%A0%80/activate", b"", 404),
    ("GET", "/api/v1/companies/c/characters?limit=100000", b"", 400),
    ("GET", "/api/v1/companies/c/characters?offset=100000000000000000000", b"", 400),
]


# the agent routes read JSON by hand whatever the content type says: the limits hold there too
TEXT_PLAIN = [c for c in CASES if c[3] == 400 and c[1].startswith("/api/char")]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "ctype"),
    [(*c, "application/json") for c in CASES] + [(*c, "text/plain") for c in TEXT_PLAIN],
)
def test_bad_body_or_url(
    server: ServerProcess, method: str, path: str, body: bytes, status: int, ctype: str
) -> None:
    with server.client() as http:
        r = http.request(method, path, content=body, headers={"content-type": ctype})
    assert r.status_code == status, r.text[:300]
    if status == 400:
        assert r.headers["content-type"] == "application/problem+json"


def test_odd_headers_and_over_long_urls(server: ServerProcess) -> None:
    with server.client() as http:
        latin = http.post(GEN, json={}, headers={"On-Behalf-Of": "\xe9".encode("latin-1")})
        assert latin.status_code == 201
        long_user = http.post(GEN, json={}, headers={"On-Behalf-Of": "u" * 201})
        assert long_user.status_code == 400
    bad_length = b"POST " + GEN.encode() + b" HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n"
    assert raw_status(server, bad_length) == 400
    for size in (9_000, 60_000, 500_000):
        status = raw_status(
            server, b"GET /health?x=" + b"a" * size + b" HTTP/1.1\r\nHost: h\r\n\r\n"
        )
        assert status == 414, size


def raw_status(server: ServerProcess, request: bytes) -> int:
    """Send bytes as they are (clients refuse URLs this long) and read the status."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as s:
        s.sendall(request)
        head = s.recv(200)
    return int(head.split(b" ", 2)[1])


def test_python_api_keeps_lenient_numbers() -> None:
    """Strict over HTTP only: the Python API still takes text numbers and names."""
    from personae import GenerationRequest, Personae, Store
    from personae.faces.npc.models import NPCBody

    assert GenerationRequest.parse({"seed": "7", "character_class": "vampire"}).seed == 7
    assert NPCBody.parse({"seed": "3", "filters": {"active": "true"}}).seed == 3
    engine = Personae(Store(":memory:"))
    assert engine.generate(seed="11", character_class="MORTAL", save=False).seed == 11
