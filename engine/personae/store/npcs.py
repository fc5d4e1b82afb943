"""NPC contexts, stored as JSON documents scoped by game and world."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import NotFoundError
from .db import page

if TYPE_CHECKING:
    import sqlite_utils

    from .db import Store

Record = dict[str, Any]


def _not_found(game_id: str, world_id: str, character_id: str) -> NotFoundError:
    return NotFoundError(f"no NPC {character_id!r} in game {game_id!r}, world {world_id!r}")


class NpcRecords:
    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    def _row(record: Record, data: str) -> Record:
        return {
            "id": record["character_id"],
            "game_id": record["game_id"],
            "world_id": record["world_id"],
            "region_id": record.get("region_id"),
            "location_id": record.get("location_id"),
            "session_id": record.get("session_id"),
            "name": record["name"],
            "data": data,
            "date_created": record["date_created"],
            "date_modified": record["date_modified"],
        }

    def insert(self, record: Record, data: str) -> None:
        with self.store.transaction() as db:
            db["npc_characters"].insert(self._row(record, data))

    def _get(
        self, db: sqlite_utils.Database, game_id: str, world_id: str, character_id: str
    ) -> str:
        row = db.execute(
            "select data from npc_characters where id = ? and game_id = ? and world_id = ?",
            [character_id, game_id, world_id],
        ).fetchone()
        if row is None:
            raise _not_found(game_id, world_id, character_id)
        return str(row[0])

    def get(self, game_id: str, world_id: str, character_id: str) -> str:
        with self.store.read() as db:
            return self._get(db, game_id, world_id, character_id)

    def modify(
        self,
        game_id: str,
        world_id: str,
        character_id: str,
        change: Callable[[str], tuple[Record, str]],
    ) -> str:
        """Read, change and write one NPC in one transaction; a missing one is a 404,
        never an insert (a concurrent delete wins)."""
        with self.store.transaction() as db:
            current = self._get(db, game_id, world_id, character_id)
            record, data = change(current)
            db["npc_characters"].update(character_id, self._row(record, data))
            return data

    def delete(self, game_id: str, world_id: str, character_id: str) -> None:
        with self.store.transaction() as db:
            self._get(db, game_id, world_id, character_id)
            db.execute("delete from npc_characters where id = ?", [character_id])

    def list(
        self,
        game_id: str,
        world_id: str,
        *,
        region_id: str | None = None,
        location_id: str | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> list[str]:
        where, args = ["game_id = ?", "world_id = ?"], [game_id, world_id]
        for column, value in (("region_id", region_id), ("location_id", location_id)):
            if value is not None:
                where.append(f"{column} = ?")
                args.append(value)
        with self.store.read() as db:
            rows = db.execute(
                f"select data from npc_characters where {' and '.join(where)} "
                "order by date_created, id limit ? offset ?",
                [*args, *page(limit, offset)],
            ).fetchall()
        return [str(r[0]) for r in rows]
