"""Stored characters and the generation log."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..character import Character
from ..errors import ConflictError, NotFoundError
from ..identity import now_iso
from .db import page

if TYPE_CHECKING:
    import sqlite_utils

    from .db import Store

# How many name variants are tried before a campaign is declared out of names.
MAX_NAME_VARIANTS = 200

Renamer = Callable[[Character, int], Character]


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


class CharacterRecords:
    def __init__(self, store: Store) -> None:
        self.store = store

    # writing ----------------------------------------------------------------------------
    def insert(
        self,
        db: sqlite_utils.Database,
        c: Character,
        log: dict[str, Any] | None = None,
        rename: Renamer | None = None,
    ) -> Character:
        """Insert inside a caller's transaction. When the name is taken in the campaign and a
        `rename` is given, the next name variant is tried until one is free."""
        candidate = c
        for variant in range(1, MAX_NAME_VARIANTS + 1):
            if candidate.campaign_id is None or rename is None or not self._taken(db, candidate):
                break
            candidate = rename(c, variant)
        try:
            db["characters"].insert(character_row(candidate))
        except sqlite3.IntegrityError:
            raise ConflictError(
                f"the name {candidate.name!r} is already used in campaign "
                f"{candidate.campaign_id!r}"
            ) from None
        if log is not None:
            db["generation_log"].insert({**log, "character_id": candidate.id, "created": now_iso()})
        return candidate

    def save(
        self, c: Character, log: dict[str, Any] | None = None, rename: Renamer | None = None
    ) -> Character:
        with self.store.transaction() as db:
            return self.insert(db, c, log, rename)

    def _taken(self, db: sqlite_utils.Database, c: Character) -> bool:
        row = db.execute(
            "select 1 from characters where campaign_id = ? and name = ? limit 1",
            [c.campaign_id, c.name],
        ).fetchone()
        return row is not None

    def modify(
        self,
        character_id: str,
        change: Callable[[Character], Character],
        *,
        company_id: str | None = None,
    ) -> Character:
        """Read, change and write one character in one transaction (404 if it is gone)."""
        with self.store.transaction() as db:
            current = self._get(db, character_id, company_id)
            updated = change(current)
            try:
                db["characters"].update(character_id, character_row(updated))
            except sqlite3.IntegrityError:
                raise ConflictError(
                    f"the name {updated.name!r} is already used in campaign "
                    f"{updated.campaign_id!r}"
                ) from None
            return updated

    def delete(self, character_id: str, *, company_id: str | None = None) -> None:
        with self.store.transaction() as db:
            self._get(db, character_id, company_id)
            db.execute("delete from generation_log where character_id = ?", [character_id])
            db.execute("delete from characters where id = ?", [character_id])

    # reading ----------------------------------------------------------------------------
    def _get(
        self, db: sqlite_utils.Database, character_id: str, company_id: str | None
    ) -> Character:
        row = db.execute("select data, company_id from characters where id = ?",
                         [character_id]).fetchone()
        if row is None or (company_id is not None and row[1] not in (None, company_id)):
            raise NotFoundError(f"no character with id {character_id!r}")
        return Character.model_validate_json(row[0])

    def get(self, character_id: str, *, company_id: str | None = None) -> Character:
        with self.store.read() as db:
            return self._get(db, character_id, company_id)

    def list(
        self,
        *,
        company_id: str | None = None,
        campaign_id: str | None = None,
        filters: dict[str, Any] | None = None,
        include_temporary: bool = False,
        limit: int = 100,
        offset: int = 0,
    ) -> tuple[list[Character], int]:
        """A page of characters, oldest first, and the total matching count.

        `filters` may name columns: user_id, character_class, and JSON fields type,
        status, is_temporary (exact matches)."""
        where, args = ["1 = 1"], []
        if company_id is not None:
            where.append("(company_id = ? or company_id is null)")
            args.append(company_id)
        if campaign_id is not None:
            where.append("campaign_id = ?")
            args.append(campaign_id)
        for key, value in (filters or {}).items():
            if value is None:
                continue
            if key in ("user_id", "character_class"):
                where.append(f"{key} = ?")
                args.append(value)
            elif key == "is_temporary":
                where.append("is_temporary = ?")
                args.append(int(bool(value)))
            elif key in ("type", "status", "user_player_id", "user_creator_id"):
                where.append(f"json_extract(data, '$.{key}') = ?")
                args.append(value)
        if not include_temporary and "is_temporary" not in (filters or {}):
            where.append("is_temporary = 0")
        clause = " and ".join(where)
        with self.store.read() as db:
            total = db.execute(
                f"select count(*) from characters where {clause}", args
            ).fetchone()[0]
            rows = db.execute(
                f"select data from characters where {clause} order by date_created, id "
                "limit ? offset ?",
                [*args, *page(limit, offset)],
            ).fetchall()
        return [Character.model_validate_json(r[0]) for r in rows], int(total)

    def taken_names(self, campaign_id: str | None) -> set[str]:
        """Full names already used in a campaign (names are unique per campaign)."""
        with self.store.read() as db:
            if campaign_id is None:
                return set()
            rows = db.execute("select name from characters where campaign_id = ?", [campaign_id])
            return {r[0] for r in rows.fetchall()}

    def log_rows(self) -> list[dict[str, Any]]:
        with self.store.read() as db:
            return [
                dict(r, request=json.loads(r["request"]) if r["request"] else None)
                for r in db["generation_log"].rows
            ]
