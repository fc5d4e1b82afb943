"""Generation jobs over HTTP (no browser): validation up front, a cap on worker processes,
cancel, company scoping, and a finished job's result in the route's own shape."""

from __future__ import annotations

import time

from .conftest import LiveServer
from .test_page import api

JOBS = "/api/v1/companies/local/jobs"


def wait_done(live: LiveServer, job_id: str, timeout: float = 60) -> dict[str, object]:
    deadline = time.monotonic() + timeout
    while True:
        status, job = api(live, "GET", f"{JOBS}/{job_id}")
        assert status == 200 and isinstance(job, dict)
        if job["status"] != "running" or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


def test_bad_bodies_are_refused_before_any_work(live: LiveServer) -> None:
    status, problem = api(live, "POST", JOBS, {"operation": "autogenerate", "body": {"seed": "x"}})
    assert status == 400 and isinstance(problem, dict)
    assert problem["invalid_parameters"] == [
        {"field": "seed", "message": "Input should be a valid integer"}
    ]
    status, _ = api(live, "POST", JOBS, {"operation": "reroll", "character_id": "nope"})
    assert status == 404
    status, _ = api(live, "POST", JOBS, {"operation": "autogenerate", "backend": "nope"})
    assert status == 400


def test_a_job_runs_the_operation_like_its_route(live: LiveServer) -> None:
    status, job = api(
        live, "POST", JOBS,
        {"operation": "autogenerate", "backend": "rules",
         "body": {"character_class": "GHOUL", "seed": 5}},
    )
    assert status == 202 and isinstance(job, dict) and job["status"] == "running"
    done = wait_done(live, str(job["id"]))
    assert done["status"] == "done" and done["progress"] == 1.0
    result = done["result"]
    assert isinstance(result, dict) and result["character_class"] == "GHOUL"
    status, stored = api(live, "GET", f"/api/v1/companies/local/characters/{result['id']}")
    assert status == 200 and isinstance(stored, dict) and stored["name"] == result["name"]
    # another company does not see the job
    assert api(live, "GET", f"/api/v1/companies/other/jobs/{job['id']}")[0] == 404


def test_workers_are_capped_and_cancel_stores_nothing(live: LiveServer) -> None:
    before = live.engine.store.characters.list(limit=1)[1]
    body = {"operation": "autogenerate", "backend": "llama", "body": {"seed": 1}}
    ids = []
    for _ in range(2):
        status, job = api(live, "POST", JOBS, body)
        assert status == 202 and isinstance(job, dict)
        ids.append(job["id"])
    status, problem = api(live, "POST", JOBS, body)
    assert status == 503 and isinstance(problem, dict) and "running" in str(problem["detail"])
    for job_id in ids:
        status, job = api(live, "DELETE", f"{JOBS}/{job_id}")
        assert status == 200 and isinstance(job, dict) and job["status"] == "cancelled"
    assert live.engine.store.characters.list(limit=1)[1] == before


def test_npc_jobs_create_and_replace_like_their_routes(live: LiveServer) -> None:
    place = {"game_id": "g", "world_id": "w"}
    status, problem = api(live, "POST", JOBS, {"operation": "npc_create", "body": {}})
    assert status == 400 and isinstance(problem, dict)
    assert {p["field"] for p in problem["invalid_parameters"]} == {"game_id", "world_id"}
    status, job = api(live, "POST", JOBS, {
        "operation": "npc_create", "backend": "rules", "place": place,
        "body": {"name": "Ilse", "role": "healer", "seed": 3},
    })
    assert status == 202 and isinstance(job, dict)
    done = wait_done(live, str(job["id"]))
    created = done["result"]
    assert isinstance(created, dict) and created["character_context"]["name"] == "Ilse"
    status, job = api(live, "POST", JOBS, {
        "operation": "npc_replace", "backend": "rules", "place": place,
        "character_id": created["character_id"], "body": {"name": "Ilse", "seed": 4},
    })
    assert status == 202 and isinstance(job, dict)
    replaced = wait_done(live, str(job["id"]))["result"]
    assert isinstance(replaced, dict) and replaced["name"] == "Ilse" and replaced["seed"] == 4
    assert replaced["sources"]["role"] != "caller"  # left out: generated again
