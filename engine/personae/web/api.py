"""JSON routes the storyteller's page needs beyond the three faces: lock and reroll and
cancellable generation jobs. Mounted under the
app's API-key check like every other API route."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, ConfigDict, Field

from ..character import Character
from ..core import Personae
from ..reroll import IMPLIES, keepable, reroll
from ..seeding import MAX_SEED
from .jobs import JobBody, JobManager

router = APIRouter(prefix="/api/v1", tags=["storyteller"])
BASE = "/companies/{company_id}/characters"


class RerollBody(BaseModel):
    """Fields to keep (see GET .../reroll for this character's), the new seed (drawn when
    left out) and the narrative backend (the character's own when left out)."""

    model_config = ConfigDict(extra="forbid")

    keep: Annotated[list[Annotated[str, Field(max_length=40)]], Field(max_length=40)] = []
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
    backend: Annotated[str, Field(max_length=40)] | None = None


def _engine(request: Request) -> Personae:
    engine: Personae = request.app.state.engine
    return engine


def _jobs(request: Request) -> JobManager:
    jobs: JobManager = request.app.state.jobs
    return jobs


@router.get(f"{BASE}/{{character_id}}/reroll")
def reroll_fields(request: Request, company_id: str, character_id: str) -> dict[str, Any]:
    """What a reroll of this character may keep, and what each kept field brings along."""
    character = _engine(request).get(character_id, company_id=company_id)
    fields = keepable(character)
    return {
        "keepable": fields,
        "implies": {k: [v for v in IMPLIES.get(k, ()) if v in fields] for k in fields},
        "last": character.reroll.model_dump() if character.reroll else None,
    }


@router.post(f"{BASE}/{{character_id}}/reroll", response_model=Character)
def reroll_character(
    request: Request, company_id: str, character_id: str, body: RerollBody
) -> Character:
    """Keep the named fields, draw the rest again from the seed; the character is replaced
    in place (same id) and records the seed and the kept fields."""
    return reroll(
        _engine(request), character_id, body.keep, body.seed,
        company_id=company_id, backend=body.backend,
    )


@router.post("/companies/{company_id}/jobs", status_code=202)
def start_job(request: Request, company_id: str, body: JobBody) -> dict[str, Any]:
    """Run autogenerate, a chargen session or a reroll as a job with progress and cancel
    (the local model takes seconds a character). Poll GET .../jobs/{id}."""
    jobs = _jobs(request)
    return jobs.view(jobs.start(company_id, body))


@router.get("/companies/{company_id}/jobs/{job_id}")
def job(request: Request, company_id: str, job_id: str) -> dict[str, Any]:
    jobs = _jobs(request)
    return jobs.view(jobs.get(job_id, company_id))


@router.delete("/companies/{company_id}/jobs/{job_id}")
def cancel_job(request: Request, company_id: str, job_id: str) -> dict[str, Any]:
    """Stop a running job: its worker process ends and nothing of it is stored."""
    jobs = _jobs(request)
    return jobs.view(jobs.cancel(job_id, company_id))
