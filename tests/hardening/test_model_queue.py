"""`serve --backend llama` with the real default model: model work waits on one worker
behind a bounded queue; what does not fit gets 503 with Retry-After and stores nothing;
reads and /health answer while the model is busy. No timings are asserted: the figures are
printed (run with -s) for the report."""

from __future__ import annotations

import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from .conftest import ServerProcess
from .test_concurrency import rows

NPC = "/context/characters/g/w"  # an NPC description: the shortest model call


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> ServerProcess:
    pytest.importorskip("llama_cpp")
    from personae.llm.model import default_model_path

    try:
        default_model_path()
    except Exception as exc:  # the shipped model package is missing
        pytest.skip(str(exc))
    srv = ServerProcess(
        tmp_path_factory.mktemp("llama") / "llama.db",
        # no warm-up job: it would hold the worker while the requests below arrive
        args=["--backend", "llama", "--model-queue", "2", "--model-wait", "3", "--no-warm"],
    ).start(timeout=180)
    yield srv
    srv.stop()


@pytest.mark.llm
@pytest.mark.slow
def test_model_requests_queue_or_get_503_while_reads_answer(llama_server: ServerProcess) -> None:
    srv = llama_server
    done = threading.Event()
    read_ms: list[float] = []

    def reads() -> None:
        with srv.client() as http:
            while not done.is_set():
                for path in ("/health", "/context/characters/other/w", "/api/character"):
                    t0 = time.perf_counter()
                    assert http.get(path).status_code == 200
                    read_ms.append((time.perf_counter() - t0) * 1000)

    def generate(i: int) -> httpx.Response:
        with srv.client() as http:
            http.timeout = httpx.Timeout(900)  # one call may take minutes on a busy machine
            return http.post(NPC, json={"seed": 100 + i})

    reader = threading.Thread(target=reads)
    reader.start()
    t0 = time.perf_counter()
    try:
        with ThreadPoolExecutor(6) as pool:
            answers = list(pool.map(generate, range(6)))
    finally:
        done.set()
        reader.join()
    wall = time.perf_counter() - t0
    created = [a for a in answers if a.status_code == 201]
    busy = [a for a in answers if a.status_code == 503]
    assert len(created) + len(busy) == len(answers), [a.status_code for a in answers]
    assert created and busy  # 1 running + 2 queued: the rest cannot all fit
    for a in busy:
        assert int(a.headers["Retry-After"]) >= 1
        assert a.headers["content-type"] == "application/problem+json"
    stored = rows(srv, "select count(*) from npc_characters")[0][0]
    assert stored == len(created)  # a 503 stored nothing
    assert read_ms, "no read was answered while the model worked"
    print(
        f"\n6 concurrent llama NPC creates in {wall:.1f} s: {len(created)} created, "
        f"{len(busy)} got 503 + Retry-After; {len(read_ms)} reads meanwhile, median "
        f"{statistics.median(read_ms):.0f} ms, max {max(read_ms):.0f} ms"
    )
