"""Forward migrations: an ordered list, each applied once in its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlite_utils

from ..identity import now_iso


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[sqlite_utils.Database], None]


def _initial(db: sqlite_utils.Database) -> None:
    db["chargen_sessions"].create(
        {
            "id": str,
            "user_id": str,
            "company_id": str,
            "campaign_id": str,
            "status": str,
            "expires_at": str,
            "requires_selection": int,
            "request": str,
            "selected_character_id": str,
            "date_created": str,
            "date_modified": str,
        },
        pk="id",
        not_null={"status", "expires_at"},
    )
    db["characters"].create(
        {
            "id": str,
            "campaign_id": str,
            "company_id": str,
            "user_id": str,
            "session_id": str,
            "is_temporary": int,
            "name": str,
            "character_class": str,
            "seed": int,
            "ruleset_id": str,
            "ruleset_version": str,
            "backend": str,
            "data": str,
            "date_created": str,
            "date_modified": str,
        },
        pk="id",
        not_null={"data", "name", "character_class"},
        foreign_keys=[("session_id", "chargen_sessions", "id")],
    )
    db["generation_log"].create(
        {
            "id": int,
            "character_id": str,
            "session_id": str,
            "request": str,
            "seed": int,
            "backend": str,
            "ruleset_id": str,
            "ruleset_version": str,
            "ms_sheet": float,
            "ms_narrative": float,
            "created": str,
        },
        pk="id",
    )
    db["characters"].create_index(["campaign_id", "name"])
    db["characters"].create_index(["session_id"])
    db["chargen_sessions"].create_index(["expires_at"])


def _log_indexes(db: sqlite_utils.Database) -> None:
    db["generation_log"].create_index(["character_id"])
    db["characters"].create_index(["date_created"])


def _npc_and_agents(db: sqlite_utils.Database) -> None:
    db["npc_characters"].create(
        {
            "id": str,
            "game_id": str,
            "world_id": str,
            "region_id": str,
            "location_id": str,
            "session_id": str,
            "name": str,
            "data": str,
            "date_created": str,
            "date_modified": str,
        },
        pk="id",
        not_null={"game_id", "world_id", "data"},
    )
    db["npc_characters"].create_index(["game_id", "world_id", "region_id", "location_id"])
    db["agent_profiles"].create(
        {
            "id": str,
            "profile": str,
            "active": int,
            "data": str,
            "date_created": str,
            "date_modified": str,
        },
        pk="id",
        not_null={"profile", "data"},
    )
    db["agent_profiles"].create_index(["profile"], unique=True)
    db["agent_history"].create(
        {
            "id": int,
            "profile_id": str,
            "action": str,
            "changes": str,
            "before": str,
            "at": str,
        },
        pk="id",
        foreign_keys=[("profile_id", "agent_profiles", "id")],
    )
    db["agent_history"].create_index(["profile_id", "id"])


def _unique_names(db: sqlite_utils.Database) -> None:
    """Names are unique per campaign, enforced by the database (older files may hold
    duplicates made by racing writers: those keep their name but get a numbered suffix)."""
    dupes = db.execute(
        "select id, campaign_id, name from characters where campaign_id is not null and id not in"
        " (select min(id) from characters where campaign_id is not null"
        " group by campaign_id, name)"
    ).fetchall()
    for n, (cid, _campaign, name) in enumerate(dupes, start=2):
        db.execute("update characters set name = ? where id = ?", [f"{name} ({n})", cid])
    db.execute(
        "create unique index if not exists characters_campaign_name on characters"
        "(campaign_id, name) where campaign_id is not null"
    )


def _campaigns(db: sqlite_utils.Database) -> None:
    """Campaigns known to the store; each company gets a default one on first use."""
    db["campaigns"].create(
        {
            "id": str,
            "company_id": str,
            "name": str,
            "is_default": int,
            "date_created": str,
            "date_modified": str,
        },
        pk="id",
        not_null={"company_id", "name"},
    )
    db.execute(
        "create unique index if not exists campaigns_one_default on campaigns(company_id)"
        " where is_default = 1"
    )


def _deferred_narrative(db: sqlite_utils.Database) -> None:
    """A chargen session may leave its options' narrative to be written at finalize, for
    the chosen option only, by the backend named here (null: the options are final)."""
    db["chargen_sessions"].add_column("narrate_backend", str)


MIGRATIONS: list[Migration] = [
    Migration(1, "initial tables", _initial),
    Migration(2, "indexes for the generation log and listing", _log_indexes),
    Migration(3, "NPC contexts, agent profiles and their history", _npc_and_agents),
    Migration(4, "unique character names per campaign", _unique_names),
    Migration(5, "campaigns, with a default per company", _campaigns),
    Migration(6, "chargen sessions that write the chosen option's narrative", _deferred_narrative),
]


def current_version(db: sqlite_utils.Database) -> int:
    if "schema_version" not in db.table_names():
        return 0
    row = db.execute("select max(version) from schema_version").fetchone()
    return int(row[0] or 0)


def migrate(db: sqlite_utils.Database, upto: int | None = None) -> list[int]:
    """Apply every migration newer than the file; return the versions applied.

    Each runs in its own BEGIN IMMEDIATE transaction and checks the version again inside
    it, so two processes opening a new file at once apply each migration exactly once (the
    second waits, then finds it done). A file already current takes no write lock."""
    wanted = [m for m in MIGRATIONS if upto is None or m.version <= upto]
    if wanted and current_version(db) >= wanted[-1].version:
        return []
    applied = []
    for m in wanted:
        db.execute("begin immediate")
        try:
            if "schema_version" not in db.table_names():
                db["schema_version"].create(
                    {"version": int, "name": str, "applied_at": str}, pk="version"
                )
            if m.version > current_version(db):
                m.apply(db)
                db["schema_version"].insert(
                    {"version": m.version, "name": m.name, "applied_at": now_iso()}
                )
                applied.append(m.version)
            db.execute("commit")
        except BaseException:
            if db.conn.in_transaction:
                db.execute("rollback")
            raise
    return applied
