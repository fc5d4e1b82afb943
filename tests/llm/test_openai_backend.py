"""The openai backend against llama-cpp-python's own OpenAI-compatible server on loopback."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from personae import GenerationError, generate_character, load_ruleset, validate_sheet
from personae.narrative.openai import OpenAIBackend


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(model_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    port = _free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "llama_cpp.server",
            "--model",
            str(model_path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--n_ctx",
            "2048",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/v1"
    deadline = time.monotonic() + 90
    while True:
        try:
            if httpx.get(f"{url}/models", timeout=2).status_code == 200:
                break
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or proc.poll() is not None:
            proc.kill()
            raise RuntimeError("llama_cpp.server did not start")
        time.sleep(0.5)
    yield url
    proc.terminate()
    proc.wait(timeout=30)


def test_openai_backend_generates_valid_characters(server: str) -> None:
    backend = OpenAIBackend(base_url=server, timeout=120)
    c = generate_character(character_class="VAMPIRE", seed=3, backend=backend)
    assert validate_sheet(load_ruleset(), c.sheet, c.experience) == []
    assert c.backend == "openai"
    assert any(s.startswith("openai:") for s in c.narrative_sources.values())
    assert backend._format == "json_object"  # this server needs the older format


def test_unreachable_server_fails_clearly_after_retries() -> None:
    backend = OpenAIBackend(base_url=f"http://127.0.0.1:{_free_port()}/v1", timeout=2, retries=1)
    with pytest.raises(GenerationError, match="failed after 2 tries"):
        generate_character(seed=1, backend=backend)
