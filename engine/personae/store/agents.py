"""Agent character profiles and the history of every change to them."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import ConflictError, NotFoundError
from ..identity import now_iso, random_stamp

if TYPE_CHECKING:
    import sqlite_utils

    from .db import Store

DEFAULT_PROFILE = "default"


class AgentRecords:
    """Named agent characters (JSON documents); exactly one profile is active."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def ensure_default(self, make_default: Callable[[], str]) -> None:
        """Create the default profile, active, when there is none yet."""
        with self.store.transaction() as db:
            if db.execute("select count(*) from agent_profiles").fetchone()[0] == 0:
                now = now_iso()
                db["agent_profiles"].insert(
                    {
                        "id": random_stamp().id,
                        "profile": DEFAULT_PROFILE,
                        "active": 1,
                        "data": make_default(),
                        "date_created": now,
                        "date_modified": now,
                    }
                )

    def active(self) -> tuple[str, str]:
        with self.store.read() as db:
            row = db.execute(
                "select profile, data from agent_profiles where active = 1 limit 1"
            ).fetchone()
        if row is None:
            raise NotFoundError("no active agent profile; activate one with POST "
                                "/api/characters/{profile}/activate")
        return str(row[0]), str(row[1])

    def list(self) -> list[tuple[str, str, bool]]:
        with self.store.read() as db:
            rows = db.execute(
                "select profile, data, active from agent_profiles order by date_created, profile"
            ).fetchall()
        return [(str(r[0]), str(r[1]), bool(r[2])) for r in rows]

    def create(self, profile: str, data: str, *, activate: bool = False) -> None:
        now = now_iso()
        with self.store.transaction() as db:
            if db.execute("select 1 from agent_profiles where profile = ?", [profile]).fetchone():
                raise ConflictError(f"profile {profile!r} already exists")
            pid = random_stamp().id
            db["agent_profiles"].insert(
                {
                    "id": pid,
                    "profile": profile,
                    "active": 0,
                    "data": data,
                    "date_created": now,
                    "date_modified": now,
                }
            )
            self._log(db, pid, "create", data, None, now)
            if activate:
                db.execute("update agent_profiles set active = (profile = ?)", [profile])

    def activate(self, profile: str) -> None:
        with self.store.transaction() as db:
            if not db.execute(
                "select 1 from agent_profiles where profile = ?", [profile]
            ).fetchone():
                raise NotFoundError(f"no agent profile {profile!r}")
            db.execute("update agent_profiles set active = (profile = ?)", [profile])

    def modify_active(self, change: Callable[[str], tuple[str, Any]]) -> tuple[str, str, Any]:
        """Read, change and write the active profile in one transaction.
        `change(data)` returns (new data, what changed); returns (profile, new data, changed)."""
        with self.store.transaction() as db:
            row = db.execute(
                "select id, profile, data from agent_profiles where active = 1 limit 1"
            ).fetchone()
            if row is None:
                raise NotFoundError("no active agent profile")
            new, given = change(str(row[2]))
            now = now_iso()
            db["agent_profiles"].update(row[0], {"data": new, "date_modified": now})
            self._log(db, row[0], "update", json.dumps(given), row[2], now)
            return str(row[1]), new, given

    @staticmethod
    def _log(
        db: sqlite_utils.Database,
        profile_id: str,
        action: str,
        changes: str,
        before: str | None,
        at: str,
    ) -> None:
        db["agent_history"].insert(
            {"profile_id": profile_id, "action": action, "changes": changes, "before": before,
             "at": at}
        )

    def history(self, profile: str) -> list[dict[str, Any]]:
        with self.store.read() as db:
            rows = db.execute(
                "select h.id, h.action, h.changes, h.at from agent_history h join "
                "agent_profiles p on p.id = h.profile_id where p.profile = ? order by h.id",
                [profile],
            ).fetchall()
        return [
            {"id": r[0], "action": r[1], "changes": json.loads(r[2]) if r[2] else None, "at": r[3]}
            for r in rows
        ]
