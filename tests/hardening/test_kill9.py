"""kill -9 of the server under load, again and again: the file stays intact, no session is
half-finalized, and every write acknowledged before a kill is still there after it."""

from __future__ import annotations

import random
import threading
import time
from pathlib import Path

import pytest

from .conftest import ServerProcess
from .test_concurrency import Ledger, check_ledger, run_load

KILLS = 5


@pytest.mark.slow
def test_kill_9_loop_under_load(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path / "killed.db")
    ledger = Ledger()
    rng = random.Random(11)
    try:
        for _ in range(KILLS):
            server.start()
            with server.client() as http:  # a fresh process loads its tables on first use:
                http.get("/api/v1/companies/co0/characters/chargen/sessions")  # not timed
                http.post("/api/v1/companies/co0/characters/autogenerate?campaign_id=warm",
                          json={"character_type": "NPC", "seed": 1})
            stop = threading.Event()
            load = threading.Thread(target=run_load, args=(server, ledger, 8, 30, stop))
            load.start()
            time.sleep(2.5 + rng.random() * 3.0)  # the kill lands mid-write, at a random time
            server.kill9()
            stop.set()
            load.join()
        server.start()  # one more start: opening the file after the last kill works
        with server.client() as http:
            assert http.get("/api/v1/companies/co0/characters/chargen/sessions").status_code == 200
    finally:
        server.stop()
    assert len(ledger.characters) + len(ledger.npcs) > 20, "the load made no progress"
    assert not [s for s in ledger.statuses if s >= 500], ledger.statuses
    check_ledger(server, ledger)
    print(
        f"\n{KILLS} kills, {ledger.requests} answered requests, "
        f"{len(ledger.characters)} characters + {len(ledger.npcs)} NPCs + "
        f"{len(ledger.sessions_finalized)} finalized sessions + {ledger.agent_updates} agent "
        "updates acknowledged, all found"
    )
