"""Chargen sessions: N temporary options, pick one, the rest vanish, all atomically."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict, computed_field

from .character import Character
from .errors import ConflictError, FieldProblem, InvalidRequestError, NotFoundError
from .generate import Owner
from .identity import iso, now_iso, random_stamp
from .request import GenerationRequest
from .seeding import derive_seed
from .store import Store

DEFAULT_OPTIONS = 3
DEFAULT_EXPIRY_HOURS = 24.0
MAX_OPTIONS = 10


class ChargenSession(BaseModel):
    """Valentina's ChargenSessionResponse: `id`, also readable as `session_id`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    user_id: str | None
    company_id: str | None = None
    campaign_id: str | None
    status: str
    expires_at: str
    requires_selection: bool
    characters: list[Character]
    selected_character_id: str | None = None
    date_created: str
    date_modified: str

    @computed_field  # type: ignore[prop-decorator]
    @property
    def session_id(self) -> str:
        return self.id


def _now() -> datetime:
    return datetime.now(UTC)


def start_session(
    engine: Any,
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
    if not 0 < expires_hours <= 24 * 365:
        raise InvalidRequestError(FieldProblem("expires_hours", "must be > 0 and at most a year"))
    store: Store = engine.store
    purge_expired(store)
    request = request.with_seed()
    base_seed = request.seed or 0
    stamp = random_stamp()
    created = stamp.created
    expires = iso(_now() + timedelta(hours=expires_hours))
    taken = store.taken_names(owner.campaign_id)
    facts_requests = [
        request.model_copy(update={"seed": derive_seed(base_seed, "option", i)})
        for i in range(options)
    ]
    characters, logs = engine.make_many(
        facts_requests,
        owner=owner,
        taken_names=taken,
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
        "date_created": created,
        "date_modified": created,
    }
    with store.transaction() as db:
        db["chargen_sessions"].insert(row)
        for character, log in zip(characters, logs, strict=True):
            store.insert_character(db, character, log)
    return _session(row, characters)


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


def _load(store: Store, session_id: str) -> dict[str, Any]:
    rows = list(store.db["chargen_sessions"].rows_where("id = ?", [session_id], limit=1))
    if not rows:
        raise NotFoundError(f"no chargen session with id {session_id!r}")
    return rows[0]


def _expired(row: dict[str, Any]) -> bool:
    return row["status"] == "open" and row["expires_at"] <= now_iso()


def get_session(store: Store, session_id: str) -> ChargenSession:
    with store.read():
        row = _load(store, session_id)
        if _expired(row):
            raise NotFoundError(f"chargen session {session_id!r} has expired")
        return _session(row, _characters_of(store, row))


def _characters_of(store: Store, row: dict[str, Any]) -> list[Character]:
    if row["status"] == "finalized" and row["selected_character_id"]:
        ids = [row["selected_character_id"]]
        rows = store.db["characters"].rows_where("id = ?", ids)
    else:
        rows = store.db["characters"].rows_where("session_id = ?", [row["id"]], order_by="rowid")
    return [Character.model_validate_json(r["data"]) for r in rows]


def list_sessions(
    store: Store,
    *,
    user_id: str | None = None,
    campaign_id: str | None = None,
    include_closed: bool = False,
) -> list[ChargenSession]:
    """Sessions still open (or all, with include_closed), newest first."""
    purge_expired(store)
    where, args = ["1 = 1"], []
    if not include_closed:
        where.append("status = 'open'")
    if user_id is not None:
        where.append("user_id = ?")
        args.append(user_id)
    if campaign_id is not None:
        where.append("campaign_id = ?")
        args.append(campaign_id)
    with store.read() as db:
        rows = list(
            db["chargen_sessions"].rows_where(
                " and ".join(where), args, order_by="date_created desc, id"
            )
        )
        return [_session(r, _characters_of(store, r)) for r in rows if not _expired(r)]


def finalize_session(
    store: Store, session_id: str, selected_character_id: str, *, user_id: str | None = None
) -> Character:
    """Keep the chosen option, delete the others, close the session: one transaction."""
    with store.transaction() as db:
        row = _load(store, session_id)
        if row["status"] != "open":
            raise ConflictError(
                f"chargen session {session_id!r} is already finalized "
                f"(kept character {row['selected_character_id']})"
            )
        if _expired(row):
            raise NotFoundError(f"chargen session {session_id!r} has expired")
        found = list(db["characters"].rows_where("id = ?", [selected_character_id], limit=1))
        if not found or found[0]["session_id"] != session_id:
            raise InvalidRequestError(
                FieldProblem(
                    "selected_character_id",
                    f"{selected_character_id!r} is not one of this session's characters",
                )
            )
        now = now_iso()
        kept = Character.model_validate_json(found[0]["data"]).model_copy(
            update={"is_temporary": False, "date_modified": now}
        )
        db.execute(
            "delete from characters where session_id = ? and id != ?",
            [session_id, selected_character_id],
        )
        db["characters"].update(
            selected_character_id,
            {"is_temporary": 0, "data": kept.to_json(indent=None), "date_modified": now},
        )
        db["chargen_sessions"].update(
            session_id,
            {
                "status": "finalized",
                "selected_character_id": selected_character_id,
                "date_modified": now,
                **({"user_id": user_id} if user_id and not row["user_id"] else {}),
            },
        )
    return kept


def purge_expired(store: Store) -> int:
    """Delete expired open sessions and their temporary options; finalized ones stay."""
    now = now_iso()
    with store.transaction() as db:
        ids = [
            r[0]
            for r in db.execute(
                "select id from chargen_sessions where status = 'open' and expires_at <= ?", [now]
            ).fetchall()
        ]
        for sid in ids:
            db.execute("delete from characters where session_id = ? and is_temporary = 1", [sid])
            db.execute("delete from chargen_sessions where id = ?", [sid])
    return len(ids)
