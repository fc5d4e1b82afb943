"""Races over real loopback HTTP, counted in the database afterwards.

The three races of issue 11 (concurrent PATCHes of one NPC, DELETE against PATCH, same-seed
autogenerate in one campaign), then a mixed load in which every acknowledged write must be
found in the file."""

from __future__ import annotations

import json
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest

from .conftest import ServerProcess

NPC = "/context/characters/g1/w1"
AUTOGEN = "/api/v1/companies/co1/characters/autogenerate"
PATCH_FIELDS: dict[str, Callable[[int, int], Any]] = {
    "name": lambda r, i: f"Name {r}-{i}",
    "description": lambda r, i: f"Description {r}-{i}.",
    "gender": lambda r, i: f"g{r}-{i}",
    "tone": lambda r, i: ["formal", "casual", "sarcastic", "mysterious", "emotive"][(r + i) % 5],
    "age": lambda r, i: ["child", "adult", "elderly", "teenager"][(r + i) % 4],
    "traits": lambda r, i: [f"trait{r}", f"x{i}"],
    "role": lambda r, i: ["mentor", "healer", "guard", "rival"][(r + i) % 4],
}


def rows(server: ServerProcess, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(server.db, timeout=30)
    try:
        return conn.execute(sql, args).fetchall()
    finally:
        conn.close()


def together(calls: list[Callable[[], httpx.Response]]) -> list[httpx.Response]:
    """Run the calls at once (a barrier lines the threads up first)."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], httpx.Response]) -> httpx.Response:
        barrier.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_concurrent_patches_of_one_npc_all_land(server: ServerProcess) -> None:
    """Seven PATCHes to seven fields at once, 20 rounds: all 140 changes are kept."""
    clients = [server.client() for _ in PATCH_FIELDS]
    try:
        for r in range(20):
            npc = clients[0].post(NPC, json={"seed": r}).json()["character_id"]
            expected = {f: make(r, 0) for f, make in PATCH_FIELDS.items()}
            answers = together(
                [
                    (lambda c=c, f=f, v=v, npc=npc: c.patch(f"{NPC}/{npc}", json={f: v}))
                    for c, (f, v) in zip(clients, expected.items(), strict=True)
                ]
            )
            assert [a.status_code for a in answers] == [200] * len(PATCH_FIELDS)
            (data,) = rows(server, "select data from npc_characters where id = ?", (npc,))[0]
            stored = json.loads(data)
            assert {f: stored[f] for f in expected} == expected
            assert all(stored["sources"][f] == "caller" for f in expected)
    finally:
        for c in clients:
            c.close()


def test_delete_answered_204_stays_deleted_under_concurrent_patch(server: ServerProcess) -> None:
    deleted = 0
    with server.client() as a, server.client() as b:
        for r in range(20):
            npc = a.post(NPC, json={"seed": 100 + r}).json()["character_id"]
            calls = [
                lambda npc=npc: a.delete(f"{NPC}/{npc}"),
                lambda npc=npc, r=r: b.patch(f"{NPC}/{npc}", json={"name": f"Late {r}"}),
            ]
            if r % 2:
                calls.reverse()
            answers = {resp.request.method: resp.status_code for resp in together(calls)}
            assert answers["DELETE"] == 204
            assert answers["PATCH"] in (200, 404)
            deleted += 1
            assert rows(server, "select count(*) from npc_characters where id = ?", (npc,)) == [
                (0,)
            ]
            assert a.get(f"{NPC}/{npc}").status_code == 404
    assert deleted == 20


@pytest.mark.parametrize("clients", [8, 50])
def test_same_seed_autogenerates_in_one_campaign_get_distinct_names(
    server: ServerProcess, clients: int
) -> None:
    campaign = f"camp-{clients}"
    http = [server.client() for _ in range(clients)]
    try:
        answers = together(
            [
                (
                    lambda c=c: c.post(
                        AUTOGEN,
                        params={"campaign_id": campaign},
                        json={"character_class": "MORTAL", "seed": 77},
                    )
                )
                for c in http
            ]
        )
    finally:
        for c in http:
            c.close()
    assert [a.status_code for a in answers] == [201] * clients, answers[0].text
    names = [a.json()["name"] for a in answers]
    assert len(set(names)) == clients
    stored = rows(server, "select id, name from characters where campaign_id = ?", (campaign,))
    assert sorted(n for _, n in stored) == sorted(names)
    assert {i for i, _ in stored} == {a.json()["id"] for a in answers}
    # the sheet is the seed's: only the name moved
    sheets = {
        json.dumps(a.json().get("sheet") or a.json().get("traits"), sort_keys=True) for a in answers
    }
    assert len(sheets) == 1


class Ledger:
    """Every write the server acknowledged, to be found in the file afterwards."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.characters: set[str] = set()
        self.sessions_finalized: dict[str, str] = {}
        self.sessions_open: set[str] = set()
        self.npcs: set[str] = set()
        self.npcs_deleted: set[str] = set()
        # deletes sent whose answer never came (the server was killed): either outcome is right
        self.npcs_unsure: set[str] = set()
        self.npc_last: dict[str, dict[str, str]] = {}
        self.agent_updates = 0
        self.profiles: set[str] = set()
        self.requests = 0
        self.statuses: dict[int, int] = {}

    def saw(self, status: int) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[status] = self.statuses.get(status, 0) + 1


def one_step(http: httpx.Client, rng: random.Random, ledger: Ledger, worker: int) -> None:
    """One random operation of a busy client; acknowledged writes go into the ledger."""
    pick = rng.random()
    company = f"co{worker % 3}"
    base = f"/api/v1/companies/{company}/characters"
    if pick < 0.2:
        r = http.post(
            f"{base}/autogenerate",
            params={"campaign_id": f"c{worker % 2}"},
            json={"seed": rng.randrange(50)},
        )
        ledger.saw(r.status_code)
        if r.status_code == 201:
            with ledger.lock:
                ledger.characters.add(r.json()["id"])
    elif pick < 0.35:
        r = http.post(
            f"{base}/chargen/start",
            json={"options": 2, "seed": rng.randrange(10**6)},
            headers={"On-Behalf-Of": f"u{worker}"},
        )
        ledger.saw(r.status_code)
        if r.status_code != 201:
            return
        session = r.json()
        if rng.random() < 0.7:
            chosen = session["characters"][rng.randrange(2)]["id"]
            f = http.post(
                f"{base}/chargen/finalize",
                json={"session_id": session["id"], "selected_character_id": chosen},
                headers={"On-Behalf-Of": f"u{worker}"},
            )
            ledger.saw(f.status_code)
            with ledger.lock:
                if f.status_code == 200:
                    ledger.sessions_finalized[session["id"]] = chosen
                    ledger.characters.add(chosen)
                else:
                    ledger.sessions_open.add(session["id"])
        else:
            with ledger.lock:
                ledger.sessions_open.add(session["id"])
    elif pick < 0.55:
        r = http.post(NPC, json={"seed": rng.randrange(10**6)})
        ledger.saw(r.status_code)
        if r.status_code == 201:
            with ledger.lock:
                ledger.npcs.add(r.json()["character_id"])
    elif pick < 0.75:
        with ledger.lock:
            live = sorted(ledger.npcs - ledger.npcs_deleted)
        if not live:
            return
        npc = rng.choice(live)
        field = f"w{worker}"
        if rng.random() < 0.15:
            with ledger.lock:
                ledger.npcs_unsure.add(npc)
            r = http.delete(f"{NPC}/{npc}")  # a kill now leaves it unsure: no answer came
            ledger.saw(r.status_code)
            with ledger.lock:
                ledger.npcs_unsure.discard(npc)
                if r.status_code == 204:
                    ledger.npcs_deleted.add(npc)
            return
        value = f"v{worker}-{rng.randrange(10**6)}"
        r = http.patch(f"{NPC}/{npc}", json={"traits": [field, value]})
        ledger.saw(r.status_code)
        if r.status_code == 200:
            with ledger.lock:
                ledger.npc_last.setdefault(npc, {})[field] = value
    elif pick < 0.9:
        r = http.put("/api/character", json={"topics": [f"t{worker}-{rng.randrange(10**6)}"]})
        ledger.saw(r.status_code)
        if r.status_code == 200:
            with ledger.lock:
                ledger.agent_updates += 1
    else:
        r = http.get(rng.choice(["/health", f"{base}/chargen/sessions", NPC, "/api/characters"]))
        ledger.saw(r.status_code)


def run_load(
    server: ServerProcess,
    ledger: Ledger,
    clients: int,
    seconds: float,
    stop: threading.Event | None = None,
) -> None:
    stop = stop or threading.Event()
    deadline = time.monotonic() + seconds

    def client(worker: int) -> None:
        rng = random.Random(worker)
        with server.client() as http:
            while time.monotonic() < deadline and not stop.is_set():
                try:
                    one_step(http, rng, ledger, worker)
                except httpx.TransportError:
                    if stop.is_set():
                        return
                    time.sleep(0.05)  # the server is restarting: unacknowledged, retried

    threads = [threading.Thread(target=client, args=(w,)) for w in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def check_ledger(server: ServerProcess, ledger: Ledger) -> None:
    """Every acknowledged write is in the file, and the file is consistent."""
    assert rows(server, "pragma integrity_check") == [("ok",)]
    stored = {r[0] for r in rows(server, "select id from characters where is_temporary = 0")}
    assert ledger.characters <= stored, f"lost {len(ledger.characters - stored)} characters"
    for sid, kept in ledger.sessions_finalized.items():
        assert rows(
            server,
            "select status, selected_character_id from chargen_sessions where id = ?",
            (sid,),
        ) == [("finalized", kept)]
        assert rows(server, "select id from characters where session_id = ?", (sid,)) == [(kept,)]
    npcs = {r[0]: json.loads(r[1]) for r in rows(server, "select id, data from npc_characters")}
    assert not (ledger.npcs_deleted & set(npcs)), "a deleted NPC came back"
    assert ledger.npcs - ledger.npcs_deleted - ledger.npcs_unsure <= set(npcs), "an NPC was lost"
    check_sessions_whole(server)
    history = rows(server, "select count(*) from agent_history where action = 'update'")[0][0]
    assert history >= ledger.agent_updates


def check_sessions_whole(server: ServerProcess) -> None:
    """No half-finalized session: open ones keep all their temporary options, finalized
    ones exactly their kept character; no log row without its character."""
    for sid, status, kept in rows(
        server, "select id, status, selected_character_id from chargen_sessions"
    ):
        options = rows(
            server, "select id, is_temporary from characters where session_id = ?", (sid,)
        )
        if status == "open":
            assert options and all(t == 1 for _, t in options), sid
        else:
            assert options == [(kept, 0)], sid
    assert rows(
        server,
        "select count(*) from generation_log where character_id not in (select id from characters)",
    ) == [(0,)]


def test_mixed_load_loses_no_acknowledged_write(server: ServerProcess) -> None:
    ledger = Ledger()
    run_load(server, ledger, clients=16, seconds=12)
    assert ledger.requests > 200
    assert not [s for s in ledger.statuses if s >= 500], ledger.statuses
    check_ledger(server, ledger)
    print(
        f"\nmixed load: {ledger.requests} answered requests {ledger.statuses}, "
        f"{len(ledger.characters)} characters, {len(ledger.npcs)} NPCs, "
        f"{sum(map(len, ledger.npc_last.values()))} patched NPC fields, "
        f"{ledger.agent_updates} agent updates acknowledged, all found"
    )
    # the last acknowledged PATCH of each NPC's traits per worker: the final state holds
    # one of the values that worker was told were saved
    for npc, fields in ledger.npc_last.items():
        if npc in ledger.npcs_deleted:
            continue
        (data,) = rows(server, "select data from npc_characters where id = ?", (npc,))[0]
        traits = json.loads(data)["traits"]
        if traits[0] in fields:  # the last committed PATCH is that worker's last acknowledged
            assert traits[1] == fields[traits[0]]
