"""Processes that open one new file at once all get a migrated store, each migration
applied exactly once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

from personae.store import MIGRATIONS

from ..conftest import subprocess_env

OPEN = """
import sys, time
from personae import Store
start = float(sys.argv[2])
while time.time() < start:
    pass
Store(sys.argv[1]).close()
"""


def test_concurrent_first_opens_migrate_once(tmp_path: Path) -> None:
    import time

    db = tmp_path / "fresh.db"
    start = time.time() + 6  # every process is imported and waiting when the moment comes
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", OPEN, str(db), str(start)],
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        for _ in range(6)
    ]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0] * 6, errors
    conn = sqlite3.connect(db)
    versions = [r[0] for r in conn.execute("select version from schema_version order by 1")]
    conn.close()
    assert versions == [m.version for m in MIGRATIONS]
