"""A real `personae serve` process on a loopback port, and a small HTTP load helper.

No mocks: the server is the installed command, the store a real SQLite file, and every
check afterwards reads that file."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from ..conftest import personae_cmd, subprocess_env

KEY = "hardening-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class ServerProcess:
    """`personae serve` in a subprocess; `restart()` brings it back on the same file."""

    db: Path
    args: list[str] = field(default_factory=list)
    keys: tuple[str, ...] = (KEY,)
    proc: subprocess.Popen[bytes] | None = None
    port: int = 0
    log: Path | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 60) -> ServerProcess:
        self.port = free_port()
        cmd = [
            *personae_cmd(),
            "serve",
            "--db",
            str(self.db),
            "--port",
            str(self.port),
            *[a for k in self.keys for a in ("--api-key", k)],
            *self.args,
        ]
        self.log = self.db.with_suffix(f".{self.port}.log")
        with self.log.open("wb") as out:
            self.proc = subprocess.Popen(
                cmd, stdout=out, stderr=subprocess.STDOUT, env=subprocess_env()
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def client(self, **headers: str) -> httpx.Client:
        base = {"X-API-KEY": self.keys[0]} if self.keys else {}
        return httpx.Client(base_url=self.url, timeout=120, headers={**base, **headers})

    def kill9(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill9()

    def server_log(self) -> str:
        return self.log.read_text(errors="replace") if self.log and self.log.exists() else ""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per test module (starting one takes seconds); tests use their own ids."""
    srv = ServerProcess(tmp_path_factory.mktemp("server") / "hard.db").start()
    yield srv
    srv.stop()
    assert "Traceback" not in srv.server_log(), srv.server_log()[-3000:]
