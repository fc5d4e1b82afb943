"""Model work off the event loop: one worker thread per server, a bounded queue in front.

A route that needs a model (generation with the llama or openai backend) hands the model
call to the worker and waits. When the queue is full it is refused at once, and when it
waits longer than `max_wait` before the worker picks it up it gives up: both are a
BusyError (HTTP 503 with Retry-After), and nothing is stored. Reads, /health and
rules-backend work never pass through here, so they never wait for the model.
"""

from __future__ import annotations

import contextlib
import math
import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any, TypeVar

from ..errors import BusyError
from ..narrative import NarrativeBackend

T = TypeVar("T")

DEFAULT_QUEUE = 4
DEFAULT_WAIT = 30.0


class _Job:
    __slots__ = ("cancelled", "fn", "future", "lock", "started")

    def __init__(self, fn: Callable[[], Any]) -> None:
        self.fn = fn
        self.future: Future[Any] = Future()
        self.started = threading.Event()
        self.cancelled = False
        self.lock = threading.Lock()


class ModelWorker:
    """One thread running model calls in order; at most `max_queue` waiting behind it."""

    def __init__(self, max_queue: int = DEFAULT_QUEUE, max_wait: float = DEFAULT_WAIT) -> None:
        self.max_queue, self.max_wait = max_queue, max_wait
        self._queue: queue.Queue[_Job | None] = queue.Queue(maxsize=max_queue)
        self._thread: threading.Thread | None = None
        self._start_lock = threading.Lock()
        self._last_seconds = 5.0  # how long the last job ran: the Retry-After estimate
        self.served = self.refused = self.timed_out = 0

    def _ensure_thread(self) -> None:
        with self._start_lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="personae-model-worker", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            with job.lock:
                if job.cancelled:
                    continue
                job.started.set()
            t0 = time.monotonic()
            try:
                job.future.set_result(job.fn())
            except BaseException as exc:  # handed to the waiting request
                job.future.set_exception(exc)
            self._last_seconds = time.monotonic() - t0
            self.served += 1

    def retry_after(self) -> int:
        return max(1, math.ceil(self._last_seconds * (self._queue.qsize() + 1)))

    def call(self, fn: Callable[[], T]) -> T:
        """Run fn on the worker and return its result (or raise its exception)."""
        if threading.current_thread() is self._thread:  # a model call inside a model call
            return fn()
        self._ensure_thread()
        job = _Job(fn)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            self.refused += 1
            raise BusyError(
                f"the model is busy ({self.max_queue} requests already waiting); "
                f"try again in {self.retry_after()} s",
                self.retry_after(),
            ) from None
        if not job.started.wait(self.max_wait):
            with job.lock:
                if not job.started.is_set():
                    job.cancelled = True
            if job.cancelled:
                self.timed_out += 1
                raise BusyError(
                    f"waited {self.max_wait:g} s for the model without a turn; "
                    f"try again in {self.retry_after()} s",
                    self.retry_after(),
                )
        result: T = job.future.result()
        return result

    def stats(self) -> dict[str, int | float]:
        return {
            "queued": self._queue.qsize(),
            "max_queue": self.max_queue,
            "max_wait_s": self.max_wait,
            "served": self.served,
            "refused": self.refused,
            "timed_out": self.timed_out,
        }

    def close(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            with contextlib.suppress(queue.Full):
                self._queue.put_nowait(None)


class GatedBackend(NarrativeBackend):
    """A narrative backend whose every call runs on a ModelWorker. Other attributes (name,
    optional methods such as npc_description or agent_field) pass through, so callers that
    ask `hasattr(backend, ...)` see what the wrapped backend has."""

    def __init__(self, inner: NarrativeBackend, worker: ModelWorker) -> None:
        self.inner, self.worker = inner, worker
        self.name = inner.name

    def narrate(self, *args: Any, **kwargs: Any) -> Any:
        return self.worker.call(lambda: self.inner.narrate(*args, **kwargs))

    def narrate_many(self, *args: Any, **kwargs: Any) -> Any:
        return self.worker.call(lambda: self.inner.narrate_many(*args, **kwargs))

    def describe(self) -> dict[str, Any]:
        return self.inner.describe()

    def __getattr__(self, attr: str) -> Any:
        value = getattr(self.inner, attr)
        if not callable(value) or attr.startswith("_"):
            return value

        def gated(*args: Any, **kwargs: Any) -> Any:
            return self.worker.call(lambda: value(*args, **kwargs))

        return gated
