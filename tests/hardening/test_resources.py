"""Resources stay bounded: a huge request body never lands in server memory, `personae
fixtures` streams (peak memory does not grow with the count) and writes atomically."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from ..conftest import personae_cmd, subprocess_env
from .conftest import ServerProcess
from .test_cli_bad_input import rss_of

MiB = 1 << 20


def peak_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM")


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_100_mib_body_is_refused_without_being_held(server: ServerProcess) -> None:
    assert server.proc is not None
    before = peak_kib(server.proc.pid)

    def streamed() -> object:
        yield b"{"
        for _ in range(100):
            yield b" " * MiB
        yield b"}"

    with server.client() as http:
        declared = http.post(
            "/api/v1/companies/c/characters/autogenerate",
            content=b"{" + b" " * (100 * MiB) + b"}",
            headers={"content-type": "application/json"},
        )
        chunked = http.post(
            "/api/character/generate",
            content=streamed(),
            headers={"content-type": "application/json"},
        )
    assert declared.status_code == chunked.status_code == 413
    assert declared.headers["content-type"] == "application/problem+json"
    grown = peak_kib(server.proc.pid) - before
    print(f"\nserver peak memory grew {grown // 1024} MiB for two 100 MiB bodies")
    assert grown < 32 * 1024


def test_fixtures_memory_does_not_grow_with_the_count(tmp_path: Path) -> None:
    peaks = {}
    for count in (60, 600):
        out = tmp_path / f"f{count}.json"
        code, peaks[count] = rss_of(
            [*personae_cmd(), "fixtures", "--count", str(count), "--out", str(out)], tmp_path
        )
        assert code == 0
        assert len(json.loads(out.read_text())) == count
        assert out.stat().st_mode & 0o777 == 0o666 & ~_umask()
    print(f"\nfixtures peak RSS: 60 -> {peaks[60] // 1024} MiB, 600 -> {peaks[600] // 1024} MiB")
    assert peaks[600] - peaks[60] < 25 * 1024


def test_fixtures_killed_midway_leave_no_partial_file(tmp_path: Path) -> None:
    out = tmp_path / "fixtures.json"
    proc = subprocess.Popen(
        [*personae_cmd(), "fixtures", "--count", "100000", "--out", str(out)],
        env=subprocess_env(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".fixtures.json.*")) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1)  # writing has begun
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert not out.exists()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
