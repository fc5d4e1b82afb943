"""The Valentina-style operations, one implementation each, shared by Python, CLI and HTTP.

Chargen sessions hold N temporary options; finalizing keeps one, deletes the rest and
closes the session, atomically (the store does the transaction).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ...character import Character
from ...core import Personae
from ...errors import FieldProblem, InvalidRequestError
from ...identity import iso, random_stamp
from ...pipeline import GenerationRequest, Owner
from ...seeding import derive_seed
from .models import MAX_EXPIRY_HOURS, MAX_OPTIONS, ChargenSession

DEFAULT_OPTIONS = 3
DEFAULT_EXPIRY_HOURS = 24.0


def generate(engine: Personae, request: GenerationRequest, *, owner: Owner) -> Character:
    """Generate and store one character for the owner's campaign."""
    return engine.generate(request, owner=owner)


def start_session(
    engine: Personae,
    request: GenerationRequest,
    *,
    owner: Owner,
    options: int = DEFAULT_OPTIONS,
    expires_hours: float = DEFAULT_EXPIRY_HOURS,
    backend: Any = None,
) -> ChargenSession:
    """Generate `options` temporary characters and store them with a new session."""
    if not 1 <= options <= MAX_OPTIONS:
        raise InvalidRequestError(FieldProblem("options", f"must be 1-{MAX_OPTIONS}"))
    if not 0 < expires_hours <= MAX_EXPIRY_HOURS:
        raise InvalidRequestError(FieldProblem("expires_hours", "must be > 0 and at most a year"))
    store = engine.store
    store.sessions.purge_expired()
    request = request.with_seed()
    base_seed = request.seed or 0
    stamp = random_stamp()
    expires = iso(datetime.now(UTC) + timedelta(hours=expires_hours))
    option_requests = [
        request.model_copy(update={"seed": derive_seed(base_seed, "option", i)})
        for i in range(options)
    ]
    characters, logs = engine.make_many(
        option_requests,
        owner=owner,
        backend=backend,
        temporary=True,
        session_id=stamp.id,
    )
    row = {
        "id": stamp.id,
        "user_id": owner.user_id,
        "company_id": owner.company_id,
        "campaign_id": owner.campaign_id,
        "status": "open",
        "expires_at": expires,
        "requires_selection": int(options > 1),
        "request": request.model_dump_json(exclude_none=True),
        "selected_character_id": None,
        "date_created": stamp.created,
        "date_modified": stamp.created,
    }
    stored = store.sessions.create(row, characters, logs, engine.renamer)
    return _session(row, stored)


def _session(row: dict[str, Any], characters: list[Character]) -> ChargenSession:
    return ChargenSession(
        id=row["id"],
        user_id=row["user_id"],
        company_id=row["company_id"],
        campaign_id=row["campaign_id"],
        status=row["status"],
        expires_at=row["expires_at"],
        requires_selection=bool(row["requires_selection"]),
        characters=characters,
        selected_character_id=row["selected_character_id"],
        date_created=row["date_created"],
        date_modified=row["date_modified"],
    )


def get_session(
    engine: Personae,
    session_id: str,
    *,
    company_id: str | None = None,
    user_id: str | None = None,
) -> ChargenSession:
    """One session visible to the company (and user, when both name one)."""
    return _session(
        *engine.store.sessions.get(session_id, company_id=company_id, user_id=user_id)
    )


def list_sessions(
    engine: Personae,
    *,
    company_id: str | None = None,
    user_id: str | None = None,
    campaign_id: str | None = None,
    include_closed: bool = False,
) -> list[ChargenSession]:
    """Open sessions (or all, with include_closed), newest first."""
    return [
        _session(row, characters)
        for row, characters in engine.store.sessions.list(
            company_id=company_id,
            user_id=user_id,
            campaign_id=campaign_id,
            include_closed=include_closed,
        )
    ]


def finalize_session(
    engine: Personae,
    session_id: str,
    selected_character_id: str,
    *,
    company_id: str | None = None,
    user_id: str | None = None,
) -> Character:
    """Keep the chosen option, delete the others, close the session: one transaction."""
    return engine.store.sessions.finalize(
        session_id,
        selected_character_id,
        company_id=company_id,
        user_id=user_id,
        keep=lambda option, now: option.model_copy(
            update={"is_temporary": False, "date_modified": now}
        ),
    )
