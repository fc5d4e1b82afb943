"""Killing a writer at any moment leaves no half-written session or character."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from personae import Store

WRITER = """
import sys
from personae.faces.valentina.service import sync_character_autogen_service
autogen = sync_character_autogen_service("u", "camp", "co", db=sys.argv[1], options=3)
print("ready", flush=True)
i = 0
while True:
    s = autogen.start_chargen_session(seed=i)
    if i % 2:
        autogen.finalize_chargen_session(s.id, s.characters[i % 3].id)
    if i == 0:
        print("wrote", flush=True)
    i += 1
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.4, 0.9, 1.7])
def test_kill_mid_write_leaves_a_consistent_file(tmp_path: Path, delay: float) -> None:
    db = tmp_path / "crash.db"
    proc = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(db)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    # the first session is stored before the clock starts (a busy machine is slow to start)
    assert proc.stdout.readline().strip() == "wrote"
    time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    store = Store(db)
    try:
        _check_consistent(store)
    finally:
        store.close()


def _check_consistent(store: Store) -> None:
    assert store.db.execute("pragma integrity_check").fetchone()[0] == "ok"
    sessions = list(store.db["chargen_sessions"].rows)
    assert sessions, "the writer made no progress before the kill"
    for s in sessions:
        rows = list(store.db["characters"].rows_where("session_id = ?", [s["id"]]))
        if s["status"] == "open":
            assert len(rows) == 3 and all(r["is_temporary"] == 1 for r in rows)
        else:
            assert [r["id"] for r in rows] == [s["selected_character_id"]]
            assert rows[0]["is_temporary"] == 0
    orphans = store.db.execute(
        "select count(*) from characters c left join chargen_sessions s on c.session_id = s.id "
        "where c.session_id is not null and s.id is null"
    ).fetchone()[0]
    assert orphans == 0
    for r in store.db["characters"].rows:  # every stored JSON parses back into a Character
        assert store.characters.get(r["id"]).id == r["id"]
