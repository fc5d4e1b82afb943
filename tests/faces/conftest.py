"""A real uvicorn server on a loopback port per test module."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest
import uvicorn

from personae import Personae, Store
from personae.server import create_app


@dataclass
class LiveServer:
    url: str
    engine: Personae
    api_key: str

    def client(self, **headers: str) -> httpx.Client:
        return httpx.Client(
            base_url=self.url, timeout=60, headers={"X-API-KEY": self.api_key, **headers}
        )


def start_server(
    engine: Personae, api_keys: list[str]
) -> tuple[uvicorn.Server, threading.Thread, str]:
    config = uvicorn.Config(
        create_app(engine, api_keys=api_keys),
        host="127.0.0.1",
        port=0,
        log_level="warning",
        lifespan="off",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    return server, thread, f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("http") / "server.db"
    engine = Personae(Store(db))
    server, thread, url = start_server(engine, ["secret-key"])
    yield LiveServer(url, engine, "secret-key")
    server.should_exit = True
    thread.join(timeout=10)
