"""The model worker's rules, with plain functions standing in for model calls (no model
and no clock: events decide who runs when)."""

from __future__ import annotations

import threading

import pytest

from personae.errors import BusyError
from personae.server.worker import ModelWorker


def blocked(worker: ModelWorker) -> tuple[threading.Event, threading.Thread]:
    """Occupy the worker until the returned event is set."""
    release, started = threading.Event(), threading.Event()

    def hold() -> str:
        started.set()
        release.wait()
        return "held"

    holder = threading.Thread(target=worker.call, args=(hold,))
    holder.start()
    started.wait()
    return release, holder


def test_full_queue_is_refused_at_once_with_retry_after() -> None:
    worker = ModelWorker(max_queue=1, max_wait=60)
    release, holder = blocked(worker)
    queued = threading.Thread(target=worker.call, args=(lambda: "queued",))
    queued.start()
    while worker.stats()["queued"] < 1:
        threading.Event().wait(0.01)
    with pytest.raises(BusyError) as refused:
        worker.call(lambda: "never")
    assert refused.value.retry_after >= 1 and worker.stats()["refused"] == 1
    release.set()
    holder.join()
    queued.join()
    assert worker.call(lambda: 42) == 42


def test_a_request_that_waits_too_long_never_runs() -> None:
    worker = ModelWorker(max_queue=4, max_wait=0.2)
    release, holder = blocked(worker)
    ran = threading.Event()
    with pytest.raises(BusyError):
        worker.call(ran.set)
    release.set()
    holder.join()
    assert worker.call(lambda: "after") == "after"
    assert not ran.is_set() and worker.stats()["timed_out"] == 1


def test_errors_reach_the_caller_and_the_worker_goes_on() -> None:
    worker = ModelWorker()

    def broken() -> None:
        raise ValueError("model said no")

    with pytest.raises(ValueError, match="model said no"):
        worker.call(broken)
    assert worker.call(lambda: worker.call(lambda: "nested")) == "nested"
