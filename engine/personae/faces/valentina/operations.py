"""The Valentina-style operations, one implementation each, shared by Python, CLI and HTTP.

Chargen sessions hold N temporary options; finalizing keeps one, deletes the rest and
closes the session, atomically (the store does the transaction).

With a model backend, a session by default (`narrate="chosen"`) previews its options with
the rules backend (sheets, names, concepts and a rules sketch, in milliseconds) and has the
model write only the option that is kept, at finalize: the kept character is then exactly
the one `generate` gives for the same request, seed and backend, under the option's name.
A session so costs about one model character, not one per option. `narrate="all"` has
the model write every option at start instead.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from ...character import Character
from ...core import Personae
from ...errors import ConflictError, FieldProblem, InvalidRequestError, NotFoundError
from ...identity import Stamp, iso, random_stamp
from ...pipeline import GenerationRequest, Owner
from ...seeding import derive_seed
from .models import MAX_EXPIRY_HOURS, MAX_OPTIONS, ChargenSession, Narrate

DEFAULT_OPTIONS = 3
DEFAULT_EXPIRY_HOURS = 24.0
DEFAULT_NARRATE: Narrate = "chosen"
PREVIEW_BACKEND = "rules"


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
    narrate: Narrate = DEFAULT_NARRATE,
) -> ChargenSession:
    """Generate `options` temporary characters and store them with a new session. With a
    model backend and narrate="chosen", the options carry a rules preview and the kept
    one is written by the model at finalize."""
    if not 1 <= options <= MAX_OPTIONS:
        raise InvalidRequestError(FieldProblem("options", f"must be 1-{MAX_OPTIONS}"))
    if not 0 < expires_hours <= MAX_EXPIRY_HOURS:
        raise InvalidRequestError(FieldProblem("expires_hours", "must be > 0 and at most a year"))
    if narrate not in ("chosen", "all"):
        raise InvalidRequestError(FieldProblem("narrate", "must be 'chosen' or 'all'"))
    writer = engine.backend(backend)
    deferred = narrate == "chosen" and writer.name != PREVIEW_BACKEND and options > 1
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
        backend=PREVIEW_BACKEND if deferred else writer,
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
        "narrate_backend": writer.name if deferred else None,
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
        narrate_backend=row.get("narrate_backend") if row["status"] == "open" else None,
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
    backend: Any = None,
) -> Character:
    """Keep the chosen option, delete the others, close the session: one transaction.

    When the session left the narrative to finalize, the chosen option's narrative is
    written first (by `backend`, or else the backend the session was started with), outside
    the transaction; the transaction then checks the session is still open."""
    written: Character | None = None
    log: dict[str, Any] | None = None
    try:
        row, options = engine.store.sessions.get(
            session_id, company_id=company_id, user_id=user_id
        )
    except NotFoundError:  # the transaction below says why (unknown, expired, not yours)
        row, options = {}, []
    chosen = next((c for c in options if c.id == selected_character_id), None)
    if row.get("status") == "open" and row.get("narrate_backend") and chosen is not None:
        written, log = _narrate_option(engine, row, chosen, backend or row["narrate_backend"])

    def keep(option: Character, now: str) -> Character:
        kept = written if written is not None and option.id == written.id else option
        return kept.model_copy(update={"is_temporary": False, "date_modified": now})

    return engine.store.sessions.finalize(
        session_id,
        selected_character_id,
        company_id=company_id,
        user_id=user_id,
        keep=keep,
        log=log,
    )


def _narrate_option(
    engine: Personae, row: dict[str, Any], option: Character, backend: Any
) -> tuple[Character, dict[str, Any]]:
    """The option as the backend writes it: the same request and seed (so the same sheet
    and name stream), the option's id, owner and name variant, not temporary."""
    request = GenerationRequest.model_validate_json(row["request"]).model_copy(
        update={"seed": option.seed}
    )
    (made,), (log,) = engine.make_many(
        [request],
        owner=Owner(option.user_creator_id, option.company_id, option.campaign_id),
        stamps=[Stamp(option.id, option.date_created)],
        backend=backend,
        session_id=row["id"],
    )
    if made.sheet != option.sheet:
        raise ConflictError(
            f"the ruleset changed since chargen session {row['id']!r} started "
            f"(its options no longer build the same sheets): start a new session"
        )
    if option.name_variant:
        made = engine.renamer(made, option.name_variant)
    return made, log
