"""Chargen sessions: a row per session, its options stored as temporary characters."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..character import Character
from ..errors import ConflictError, FieldProblem, InvalidRequestError, NotFoundError
from ..identity import now_iso
from .characters import Renamer, character_row

if TYPE_CHECKING:
    import sqlite_utils

    from .db import Store

SessionRow = dict[str, Any]


def _visible(row: SessionRow | None, company_id: str | None, user_id: str | None) -> bool:
    """A session is seen by its own company, and by its own user when both name one."""
    if row is None:
        return False
    if company_id is not None and row["company_id"] not in (None, company_id):
        return False
    return not (user_id is not None and row["user_id"] not in (None, user_id))


class SessionRecords:
    def __init__(self, store: Store) -> None:
        self.store = store

    def create(
        self,
        row: SessionRow,
        characters: list[Character],
        logs: list[dict[str, Any]],
        rename: Renamer | None = None,
    ) -> list[Character]:
        """Store a session and its options in one transaction; returns the options as
        stored (a name taken in the campaign moves to its next variant)."""
        stored = []
        with self.store.transaction() as db:
            db["chargen_sessions"].insert(row)
            for character, log in zip(characters, logs, strict=True):
                stored.append(self.store.characters.insert(db, character, log, rename))
        return stored

    def _row(self, db: sqlite_utils.Database, session_id: str) -> SessionRow | None:
        rows = list(db["chargen_sessions"].rows_where("id = ?", [session_id], limit=1))
        return rows[0] if rows else None

    def get(
        self, session_id: str, *, company_id: str | None = None, user_id: str | None = None
    ) -> tuple[SessionRow, list[Character]]:
        with self.store.read() as db:
            row = self._row(db, session_id)
            if row is None or not _visible(row, company_id, user_id) or _expired(row):
                raise NotFoundError(f"no open or finalized chargen session with id {session_id!r}")
            return row, self._characters(db, row)

    def _characters(self, db: sqlite_utils.Database, row: SessionRow) -> list[Character]:
        if row["status"] == "finalized" and row["selected_character_id"]:
            found = db.execute(
                "select data from characters where id = ?", [row["selected_character_id"]]
            ).fetchall()
        else:
            found = db.execute(
                "select data from characters where session_id = ? order by rowid", [row["id"]]
            ).fetchall()
        return [Character.model_validate_json(r[0]) for r in found]

    def list(
        self,
        *,
        company_id: str | None = None,
        user_id: str | None = None,
        campaign_id: str | None = None,
        include_closed: bool = False,
    ) -> list[tuple[SessionRow, list[Character]]]:
        """Sessions still open (or all, with include_closed), newest first. A read: expired
        sessions are left out here and purged by the next write (a new session)."""
        where, args = ["1 = 1"], []
        if not include_closed:
            where.append("status = 'open'")
        for column, value in (
            ("company_id", company_id), ("user_id", user_id), ("campaign_id", campaign_id)
        ):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        with self.store.read() as db:
            rows = list(
                db["chargen_sessions"].rows_where(
                    " and ".join(where), args, order_by="date_created desc, id"
                )
            )
            return [(r, self._characters(db, r)) for r in rows if not _expired(r)]

    def finalize(
        self,
        session_id: str,
        selected_character_id: str,
        *,
        company_id: str | None = None,
        user_id: str | None = None,
        keep: Callable[[Character, str], Character],
        log: dict[str, Any] | None = None,
    ) -> Character:
        """Keep the chosen option, delete the others, close the session: one transaction.
        `keep(option, now)` returns the option as it is kept (no longer temporary); `log`,
        when given, replaces the kept option's generation log row (its narrative was
        written at finalize)."""
        with self.store.transaction() as db:
            row = self._row(db, session_id)
            if row is None or not _visible(row, company_id, user_id):
                raise NotFoundError(f"no chargen session with id {session_id!r}")
            if row["status"] != "open":
                raise ConflictError(
                    f"chargen session {session_id!r} is already finalized "
                    f"(kept character {row['selected_character_id']})"
                )
            if _expired(row):
                raise NotFoundError(f"chargen session {session_id!r} has expired")
            found = db.execute(
                "select data, session_id from characters where id = ?", [selected_character_id]
            ).fetchone()
            if found is None or found[1] != session_id:
                raise InvalidRequestError(
                    FieldProblem(
                        "selected_character_id",
                        f"{selected_character_id!r} is not one of this session's characters",
                    )
                )
            now = now_iso()
            kept = keep(Character.model_validate_json(found[0]), now)
            db.execute(
                "delete from generation_log where character_id in (select id from characters "
                "where session_id = ? and id != ?)",
                [session_id, selected_character_id],
            )
            db.execute(
                "delete from characters where session_id = ? and id != ?",
                [session_id, selected_character_id],
            )
            db["characters"].update(selected_character_id, character_row(kept))
            if log is not None:
                db.execute(
                    "delete from generation_log where character_id = ?", [selected_character_id]
                )
                db["generation_log"].insert(
                    {**log, "character_id": selected_character_id, "created": now}
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

    def purge_expired(self) -> int:
        """Delete expired open sessions and their temporary options; finalized ones stay."""
        now = now_iso()
        with self.store.transaction() as db:
            ids = [
                r[0]
                for r in db.execute(
                    "select id from chargen_sessions where status = 'open' and expires_at <= ?",
                    [now],
                ).fetchall()
            ]
            for sid in ids:
                db.execute(
                    "delete from generation_log where character_id in (select id from "
                    "characters where session_id = ? and is_temporary = 1)",
                    [sid],
                )
                db.execute(
                    "delete from characters where session_id = ? and is_temporary = 1", [sid]
                )
                db.execute("delete from chargen_sessions where id = ?", [sid])
        return len(ids)


def _expired(row: SessionRow) -> bool:
    return row["status"] == "open" and row["expires_at"] <= now_iso()
