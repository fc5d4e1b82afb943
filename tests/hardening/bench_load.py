"""Not a test: a longer mixed load for figures. Run from the repository root:

    .venv/bin/python -m tests.hardening.bench_load [CLIENTS] [SECONDS]

Starts `personae serve` on a temporary file, runs CLIENTS busy clients for SECONDS, then
checks every acknowledged write in the file and prints the counts."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from .conftest import ServerProcess
from .test_concurrency import Ledger, check_ledger, run_load


def main() -> None:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60
    with tempfile.TemporaryDirectory() as tmp:
        server = ServerProcess(Path(tmp) / "bench.db").start()
        ledger = Ledger()
        t0 = time.perf_counter()
        try:
            run_load(server, ledger, clients, seconds)
        finally:
            server.stop()
        wall = time.perf_counter() - t0
        check_ledger(server, ledger)
        print(
            f"{clients} clients, {wall:.0f} s: {ledger.requests} answered "
            f"({ledger.requests / wall:.0f}/s) {dict(sorted(ledger.statuses.items()))}; "
            f"acknowledged and found: {len(ledger.characters)} characters, {len(ledger.npcs)} "
            f"NPCs ({len(ledger.npcs_deleted)} deleted and still gone), "
            f"{len(ledger.sessions_finalized)} finalized sessions, {ledger.agent_updates} "
            f"agent updates; tracebacks in the server log: "
            f"{server.server_log().count('Traceback')}"
        )


if __name__ == "__main__":
    main()
