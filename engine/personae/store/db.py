"""The SQLite store: characters, chargen sessions and the generation log, in one file."""

from __future__ import annotations

import json
import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
import sqlite_utils

from ..character import Character
from ..errors import NotFoundError
from ..identity import now_iso
from .migrations import migrate

ENV_DB = "PERSONAE_DB"


def default_db_path() -> Path:
    """$PERSONAE_DB, or personae.db in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("personae", appauthor=False)) / "personae.db"


class Store:
    """One SQLite file (or :memory:). WAL mode, foreign keys on, migrations on open.

    Safe to share between threads: every operation takes the store's lock, and every
    multi-row change runs inside one transaction.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        target = default_db_path() if path is None else path
        self.path = str(target)
        if self.path != ":memory:":
            Path(self.path).expanduser().parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None, timeout=30)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        if self.path != ":memory:":
            self.db.enable_wal()
        self.db.execute("pragma foreign_keys = on")
        self.db.execute("pragma busy_timeout = 30000")
        with self._lock:
            migrate(self.db)

    def close(self) -> None:
        self.db.conn.close()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit: everything inside commits together or not at all."""
        with self._lock:
            self.db.execute("begin immediate")
            try:
                yield self.db
            except BaseException:
                self.db.execute("rollback")
                raise
            self.db.execute("commit")

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            yield self.db

    # characters -------------------------------------------------------------------------
    @staticmethod
    def character_row(c: Character) -> dict[str, Any]:
        return {
            "id": c.id,
            "campaign_id": c.campaign_id,
            "company_id": c.company_id,
            "user_id": c.user_creator_id,
            "session_id": c.chargen_session_id,
            "is_temporary": int(c.is_temporary),
            "name": c.name,
            "character_class": c.character_class.value,
            "seed": c.seed,
            "ruleset_id": c.ruleset.id,
            "ruleset_version": c.ruleset.version,
            "backend": c.backend,
            "data": c.to_json(indent=None),
            "date_created": c.date_created,
            "date_modified": c.date_modified,
        }

    def insert_character(
        self, db: sqlite_utils.Database, c: Character, log: dict[str, Any] | None = None
    ) -> None:
        """Insert inside a caller's transaction (see `transaction`)."""
        db["characters"].insert(self.character_row(c))
        if log is not None:
            db["generation_log"].insert({**log, "character_id": c.id, "created": now_iso()})

    def save_character(self, c: Character, log: dict[str, Any] | None = None) -> Character:
        with self.transaction() as db:
            self.insert_character(db, c, log)
        return c

    def get_character(self, character_id: str) -> Character:
        with self.read() as db:
            rows = list(db["characters"].rows_where("id = ?", [character_id], limit=1))
        if not rows:
            raise NotFoundError(f"no character with id {character_id!r}")
        return Character.model_validate_json(rows[0]["data"])

    def list_characters(
        self,
        *,
        campaign_id: str | None = None,
        include_temporary: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> list[Character]:
        where, args = ["1 = 1"], []
        if campaign_id is not None:
            where.append("campaign_id = ?")
            args.append(campaign_id)
        if not include_temporary:
            where.append("is_temporary = 0")
        with self.read() as db:
            rows = db["characters"].rows_where(
                " and ".join(where), args, order_by="date_created, id", limit=limit, offset=offset
            )
            return [Character.model_validate_json(r["data"]) for r in rows]

    def taken_names(self, campaign_id: str | None) -> set[str]:
        """Full names already used in a campaign (names are unique per campaign)."""
        with self.read() as db:
            if campaign_id is None:
                rows = db.execute("select name from characters where campaign_id is null")
            else:
                rows = db.execute(
                    "select name from characters where campaign_id = ?", [campaign_id]
                )
            return {r[0] for r in rows.fetchall()}

    def counts(self) -> dict[str, int]:
        with self.read() as db:
            return {t: db[t].count for t in ("characters", "chargen_sessions", "generation_log")}

    def log_rows(self) -> list[dict[str, Any]]:
        with self.read() as db:
            return [
                dict(r, request=json.loads(r["request"]) if r["request"] else None)
                for r in db["generation_log"].rows
            ]
