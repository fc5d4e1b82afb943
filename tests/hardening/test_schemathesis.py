"""Schemathesis over the whole OpenAPI document of a running server, with and without a key:
no 5xx and no status code the document does not list. Bounded in time (the seconds per run
come from PERSONAE_FUZZ_SECONDS, default 45; raise it for a longer hunt)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ..conftest import subprocess_env
from .conftest import KEY, ServerProcess

SECONDS = int(os.environ.get("PERSONAE_FUZZ_SECONDS", "45"))
# Deliberate 5xx answers the 5xx check would count: the Valentina face's documented 501 for
# roll statistics (it rolls no dice) and the page's job routes' 503 while their own
# generations are all running. Schemathesis cannot waive one status on one route, so those
# routes are left out of this run.
EXCLUDE = ["--exclude-path-regex", "(/statistics|/jobs.*)$"]


def schemathesis() -> list[str]:
    exe = Path(sys.executable).parent / "schemathesis"
    if not exe.exists():
        if shutil.which("schemathesis") is None:
            pytest.skip("schemathesis is not installed (pip install -e '.[dev]')")
        return ["schemathesis"]
    return [str(exe)]


@pytest.fixture(scope="module")
def fuzzed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("fuzz") / "fuzz.db").start()
    yield srv
    srv.stop()


@pytest.mark.slow
@pytest.mark.parametrize("with_key", [True, False], ids=["key", "no-key"])
def test_no_5xx_and_no_undocumented_status(
    fuzzed: ServerProcess, with_key: bool, tmp_path: Path
) -> None:
    headers = ["-H", f"X-API-KEY: {KEY}"] if with_key else []
    seconds = SECONDS if with_key else max(10, SECONDS // 3)
    done = subprocess.run(
        [
            *schemathesis(),
            "run",
            f"{fuzzed.url}/openapi.json",
            "--checks",
            "not_a_server_error,status_code_conformance",
            "--max-time",
            str(seconds),
            "--seed",
            "11",
            "--generation-database",
            "none",
            "--no-color",
            "--warnings",
            "off",
            "--request-timeout",
            "60",
            *EXCLUDE,
            *headers,
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=subprocess_env(),
        timeout=seconds * 4 + 120,
    )
    summary = done.stdout[-6000:]
    log = fuzzed.server_log()
    errors = [line for line in log.splitlines() if line and not line.startswith(" ")][-20:]
    assert done.returncode == 0, summary + "\nserver log:\n" + "\n".join(errors)
    assert "Traceback" not in log, log[-4000:]
    generated = [line for line in done.stdout.splitlines() if " generated" in line]
    print("\n" + (generated[-1].strip() if generated else summary[-300:]))
