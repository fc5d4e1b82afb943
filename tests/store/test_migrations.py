from __future__ import annotations

import sqlite3
from pathlib import Path

import sqlite_utils

from personae import Store, generate_character
from personae.store import MIGRATIONS, current_version, migrate
from personae.store.characters import character_row


def test_blank_file_gets_every_migration(tmp_path: Path) -> None:
    store = Store(tmp_path / "s.db")
    assert current_version(store.db) == MIGRATIONS[-1].version
    assert {"characters", "chargen_sessions", "generation_log", "schema_version"} <= set(
        store.db.table_names()
    )
    assert store.db.execute("pragma journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("pragma foreign_keys").fetchone()[0] == 1


def test_previous_schema_is_upgraded_keeping_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite_utils.Database(sqlite3.connect(path, isolation_level=None))
    assert migrate(db, upto=1) == [1]
    c = generate_character(seed=1)
    db["characters"].insert(character_row(c))
    db.conn.close()
    store = Store(path)
    assert current_version(store.db) == MIGRATIONS[-1].version
    assert store.characters.get(c.id) == c
    assert "idx_generation_log_character_id" in {i.name for i in store.db["generation_log"].indexes}


def test_reopening_applies_nothing(tmp_path: Path) -> None:
    Store(tmp_path / "s.db").close()
    store = Store(tmp_path / "s.db")
    assert migrate(store.db) == []
