"""The real Valentina client, unchanged, against `personae serve` on a loopback port.

`personae serve` runs as a subprocess; the driver (drive_client.py) runs in the client's
own Python 3.13 venv. Without that venv this test fails with the command to create it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ..conftest import personae_cmd, subprocess_env
from .vclient_env import HERE, client_python

API_KEY = "contract-key"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("contract") / "contract.db"
    port = _free_port()
    log = (db.parent / "server.log").open("w")
    proc = subprocess.Popen(
        [*personae_cmd(), "serve", "--port", str(port), "--db", str(db), "--api-key", API_KEY],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=subprocess_env(),
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                pytest.fail(f"personae serve exited: {Path(log.name).read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("personae serve did not answer /health within 60 s")
            time.sleep(0.2)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.mark.slow
def test_real_client_drives_every_route(server: str) -> None:
    done = subprocess.run(
        [str(client_python()), str(HERE / "drive_client.py"), server, API_KEY],
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"driver crashed (exit {done.returncode}):\n{done.stdout}\n{done.stderr}")
    assert report["failed"] == [], "\n".join(report["failed"])
    assert done.returncode == 0
    assert len(report["passed"]) > 100
