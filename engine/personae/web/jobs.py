"""Long generations (the local model takes seconds per character) as cancellable jobs.

A job runs one existing operation — autogenerate, a chargen session, a reroll — in a
worker process of its own, on the same store file, so cancelling really stops the work:
the process is ended and SQLite rolls back whatever it had not committed. The page polls
the job for its stage, elapsed time and an estimate from the last runs of the same kind.
With an in-memory store (tests) a job runs in a thread and cannot be cancelled.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ..core import Personae
from ..errors import (
    BusyError,
    ConflictError,
    FieldProblem,
    InvalidRequestError,
    NotFoundError,
    PersonaeError,
    UnsupportedError,
    problems_from,
)

log = logging.getLogger("personae.web")
Operation = Literal["autogenerate", "chargen_start", "reroll", "npc_create", "npc_replace"]
Status = Literal["running", "done", "failed", "cancelled"]
# first guesses of seconds per character before any run was measured
_FIRST_GUESS = {"rules": 0.2, "llama": 8.0}
_KEEP_FINISHED = 50  # finished jobs remembered for polling
MAX_RUNNING = 2  # worker processes at once; more waits (503 with Retry-After)


class JobBody(BaseModel):
    """What to run: an operation, its body as the operation's own route takes it, and the
    narrative backend (the page's choice; the server's default when left out)."""

    model_config = ConfigDict(extra="forbid")

    operation: Operation
    backend: str | None = Field(default=None, max_length=40)
    campaign_id: str | None = Field(default=None, max_length=200)
    character_id: str | None = Field(default=None, max_length=200)
    body: dict[str, Any] = {}
    # the NPC routes' path and query: game_id, world_id, region_id, location_id, session_id
    place: dict[str, Annotated[str, Field(max_length=200)]] = {}


@dataclass
class Job:
    id: str
    operation: str
    backend: str
    units: int
    started: float
    company_id: str = ""
    status: Status = "running"
    stage: str = "starting"
    finished: float | None = None
    result: Any = None
    problem: dict[str, Any] | None = None
    cancellable: bool = True
    process: Any = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def view(self, estimate: float) -> dict[str, Any]:
        end = self.finished or time.monotonic()
        elapsed = end - self.started
        return {
            "id": self.id,
            "operation": self.operation,
            "backend": self.backend,
            "status": self.status,
            "stage": self.stage,
            "elapsed": round(elapsed, 2),
            "estimate": round(estimate, 2),
            # an estimate, never 100% before the work is done
            "progress": 1.0 if self.status == "done" else round(min(0.95, elapsed / estimate), 3)
            if estimate > 0 else 0.0,
            "cancellable": self.cancellable and self.status == "running",
            "result": self.result,
            "problem": self.problem,
        }


def problem_of(exc: BaseException) -> dict[str, Any]:
    """The problem JSON the app's handlers give for the same error."""
    if isinstance(exc, InvalidRequestError):
        return {
            "status": 400,
            "title": "Bad Request",
            "detail": str(exc),
            "invalid_parameters": [{"field": p.field, "message": p.message} for p in exc.problems],
        }
    if isinstance(exc, UnsupportedError):
        return {
            "status": 400,
            "title": "Bad Request",
            "detail": str(exc),
            "invalid_parameters": [{"field": "character_class", "message": str(exc)}],
        }
    if isinstance(exc, NotFoundError):
        return {"status": 404, "title": "Not Found", "detail": str(exc)}
    if isinstance(exc, ConflictError):
        return {"status": 409, "title": "Conflict", "detail": str(exc)}
    if isinstance(exc, PersonaeError):
        return {"status": 400, "title": "Bad Request", "detail": str(exc)}
    return {"status": 500, "title": "Internal Server Error", "detail": f"{type(exc).__name__}"}


def _validated(model: Any, data: dict[str, Any]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise InvalidRequestError(problems_from(exc)) from None


def check(engine: Personae, company_id: str, spec: JobBody) -> None:
    """Refuse a job whose body its operation would refuse, before any process starts."""
    from ..faces.valentina.models import ChargenStartBody
    from ..pipeline import GenerationRequest
    from .api import RerollBody

    if spec.operation.startswith("npc_"):
        from ..faces.npc.models import NPCBody
        from ..faces.npc.operations import get_npc

        missing = [k for k in ("game_id", "world_id") if not spec.place.get(k)]
        if missing:
            raise InvalidRequestError([FieldProblem(k, "required") for k in missing])
        _validated(NPCBody, spec.body)
        if spec.operation == "npc_replace":
            if not spec.character_id:
                raise InvalidRequestError(FieldProblem("character_id", "names the NPC"))
            get_npc(engine.store, spec.place["game_id"], spec.place["world_id"],
                    spec.character_id)
    elif spec.operation == "autogenerate":
        _validated(GenerationRequest, spec.body)
    elif spec.operation == "chargen_start":
        _validated(ChargenStartBody, {"character_type": "PLAYER", **spec.body})
    else:
        _validated(RerollBody, spec.body)
        if not spec.character_id:
            raise InvalidRequestError(
                FieldProblem("character_id", "a reroll names its character")
            )
        engine.get(spec.character_id, company_id=company_id)


def run_operation(engine: Personae, company_id: str, spec: JobBody) -> Any:
    """Run one operation as its route does (same owner rules, same response shape)."""
    from ..faces.valentina import characters as ops
    from ..faces.valentina.models import ChargenStartBody
    from ..faces.valentina.operations import (
        DEFAULT_EXPIRY_HOURS,
        DEFAULT_NARRATE,
        DEFAULT_OPTIONS,
        generate,
        start_session,
    )
    from ..pipeline import GenerationRequest
    from ..reroll import reroll

    if spec.operation == "reroll":
        if not spec.character_id:
            raise InvalidRequestError(
                FieldProblem("character_id", "a reroll names its character")
            )
        from .api import RerollBody

        try:
            body = RerollBody.model_validate(spec.body)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None
        return reroll(
            engine, spec.character_id, body.keep, body.seed, company_id=company_id,
            backend=spec.backend,
        ).to_dict()
    if spec.operation.startswith("npc_"):
        from ..faces.npc.models import NPCBody
        from ..faces.npc.operations import create_npc, update_npc

        place = spec.place
        if spec.operation == "npc_create":
            return create_npc(
                engine, NPCBody.parse(spec.body), game_id=place["game_id"],
                world_id=place["world_id"], region_id=place.get("region_id") or None,
                location_id=place.get("location_id") or None,
                session_id=place.get("session_id") or None,
            ).created_response()
        return update_npc(
            engine, place["game_id"], place["world_id"], str(spec.character_id),
            NPCBody.parse(spec.body).model_dump(exclude_unset=True), replace=True,
        ).full_view()
    owner = ops.owner_for(engine, company_id, spec.campaign_id, None)
    if spec.operation == "autogenerate":
        made = generate(engine, GenerationRequest.parse(spec.body), owner=owner)
        return ops.view(engine, made, company_id).model_dump(mode="json")
    try:
        start = ChargenStartBody.model_validate({"character_type": "PLAYER", **spec.body})
    except ValidationError as exc:
        raise InvalidRequestError(problems_from(exc)) from None
    started = start_session(
        engine,
        GenerationRequest.parse(start.generation_fields()),
        owner=owner,
        options=start.options or DEFAULT_OPTIONS,
        expires_hours=start.expires_hours or DEFAULT_EXPIRY_HOURS,
        narrate=start.narrate or DEFAULT_NARRATE,
    )
    return ops.session(engine, started, company_id).model_dump(mode="json")


def worker_main() -> None:
    """The worker process (`python -m personae.web.worker`): one JSON spec on stdin, JSON
    lines on stdout: {"stage": ...} while it works, then {"done": result} or
    {"failed": problem}."""
    import json
    import sys

    def say(**message: Any) -> None:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()

    try:
        spec = json.loads(sys.stdin.read())
        say(stage="loading")
        engine = Personae(
            spec["db"], ruleset=spec["ruleset"], backend=spec["backend"],
            backend_options=spec["options"],
        )
        say(stage="generating")
        job = JobBody.model_validate(spec["job"])
        say(done=run_operation(engine, spec["company_id"], job))
    except BaseException as exc:  # everything goes back as a problem
        say(failed=problem_of(exc))


class JobManager:
    """The server's jobs, by id."""

    def __init__(self, engine: Personae) -> None:
        self.engine = engine
        self.jobs: dict[str, Job] = {}
        self.seconds_per_unit: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def estimate(self, job: Job) -> float:
        per = self.seconds_per_unit.get(
            (job.operation, job.backend), _FIRST_GUESS.get(job.backend, 8.0)
        )
        return per * job.units

    def view(self, job: Job) -> dict[str, Any]:
        return job.view(self.estimate(job))

    def get(self, job_id: str, company_id: str | None = None) -> Job:
        job = self.jobs.get(job_id)
        if job is None or (company_id is not None and job.company_id != company_id):
            raise NotFoundError(f"no job with id {job_id!r} (finished jobs are kept a while)")
        return job

    def start(self, company_id: str, spec: JobBody) -> Job:
        backend = spec.backend or self.engine.backend().name
        self.engine.backend(backend)  # an unknown backend or a missing model fails now
        check(self.engine, company_id, spec)  # bad input is a 400 now, not a failed job
        options = spec.body.get("options")
        units = (
            options if spec.operation == "chargen_start" and isinstance(options, int)
            and 1 <= options <= 10 else 3 if spec.operation == "chargen_start" else 1
        )
        running = [j for j in self.jobs.values() if j.status == "running"]
        if len(running) >= MAX_RUNNING:
            wait = min(self.estimate(j) - (time.monotonic() - j.started) for j in running)
            raise BusyError(
                f"{len(running)} generations are running; wait for one to finish or cancel it",
                retry_after=max(1, round(wait)),
            )
        job = Job(uuid.uuid4().hex, spec.operation, backend, max(1, units), time.monotonic(),
                  company_id=company_id)
        spec = spec.model_copy(update={"backend": backend})
        with self._lock:
            self.jobs[job.id] = job
            finished = [j for j in self.jobs.values() if j.status != "running"]
            for old in finished[:-_KEEP_FINISHED]:
                del self.jobs[old.id]
        if self.engine.store.path == ":memory:":
            job.cancellable = False
            threading.Thread(target=self._in_thread, args=(job, company_id, spec),
                             daemon=True).start()
        else:
            self._in_process(job, company_id, spec)
        return job

    def _finish(self, job: Job, status: Status, result: Any = None,
                problem: dict[str, Any] | None = None) -> None:
        with job.lock:
            if job.status != "running":
                return
            job.status, job.result, job.problem = status, result, problem
            job.finished = time.monotonic()
            job.stage = status
            if status == "done":
                self.seconds_per_unit[(job.operation, job.backend)] = (
                    job.finished - job.started
                ) / job.units

    def _in_thread(self, job: Job, company_id: str, spec: JobBody) -> None:
        job.stage = "generating"
        try:
            engine = self.engine
            if spec.backend != engine.backend().name:
                engine = Personae(engine.store, ruleset=engine.rules, backend=spec.backend,
                                  backend_options=engine.backend_options)
            self._finish(job, "done", run_operation(engine, company_id, spec))
        except Exception as exc:
            self._finish(job, "failed", problem=problem_of(exc))

    def _in_process(self, job: Job, company_id: str, spec: JobBody) -> None:
        engine = self.engine
        payload = {
            "db": engine.store.path,
            "ruleset": engine.rules.source,
            "backend": spec.backend,
            "options": engine.backend_options if spec.backend == "llama" else {},
            "company_id": company_id,
            "job": spec.model_dump(mode="json"),
        }
        # the worker's stderr (llama.cpp logs there); the watcher closes it
        errors = tempfile.TemporaryFile()  # noqa: SIM115
        process = subprocess.Popen(
            [sys.executable, "-m", "personae.web.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
        job.process = process
        threading.Thread(
            target=self._watch, args=(job, process, payload, errors), daemon=True
        ).start()

    def _watch(
        self, job: Job, process: subprocess.Popen[str], payload: dict[str, Any], errors: Any
    ) -> None:
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(payload))
            process.stdin.close()
            for line in process.stdout:
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if "stage" in message:
                    job.stage = str(message["stage"])
                elif "done" in message:
                    self._finish(job, "done", message["done"])
                    return
                elif "failed" in message:
                    self._finish(job, "failed", problem=message["failed"])
                    return
            if job.status == "running":  # not cancelled: say why in the server log
                errors.seek(0)
                tail = errors.read()[-2000:].decode("utf-8", "replace")
                log.warning("job %s: worker ended without an answer:\n%s", job.id, tail)
            self._finish(job, "failed", problem={
                "status": 500, "title": "Internal Server Error",
                "detail": "the worker process ended without an answer; see the server log",
            })
        except OSError:
            self._finish(job, "failed", problem={
                "status": 500, "title": "Internal Server Error",
                "detail": "the worker process could not be reached",
            })
        finally:
            process.stdout.close()
            process.wait()
            errors.close()

    def cancel(self, job_id: str, company_id: str | None = None) -> Job:
        job = self.get(job_id, company_id)
        if job.status != "running":
            return job
        if not job.cancellable or job.process is None:
            raise ConflictError("this job runs in the server process and cannot be cancelled")
        with job.lock:
            job.process.terminate()
            job.status, job.stage, job.finished = "cancelled", "cancelled", time.monotonic()
        return job

    def close(self) -> None:
        for job in self.jobs.values():
            if job.status == "running" and job.process is not None:
                job.process.terminate()
