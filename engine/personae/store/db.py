"""The SQLite store: one file, WAL, migrations on open, one lock per Store.

Every SQL statement of the project lives in this package. `Store` owns the connection and
the transaction discipline; each kind of record has its own module (characters, sessions,
npcs, agents) reached as `store.characters`, `store.sessions`, `store.npcs`, `store.agents`.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import platformdirs
import sqlite_utils

from ..errors import ConflictError, StoreError
from .migrations import migrate

ENV_DB = "PERSONAE_DB"


def default_db_path() -> Path:
    """$PERSONAE_DB, or personae.db in the user's data directory."""
    env = os.environ.get(ENV_DB)
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("personae", appauthor=False)) / "personae.db"


def _open(path: str) -> sqlite3.Connection:
    """Connect and prove the file is a usable SQLite database, naming it when it is not."""
    if path != ":memory:":
        target = Path(path).expanduser()
        if target.is_dir():
            raise StoreError(f"{target} is a directory; give --db a file path (or set PERSONAE_DB)")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the folder for {target} ({exc.strerror}); give --db (or "
                "PERSONAE_DB) a path in a folder you can write"
            ) from None
    try:
        conn = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        conn.execute("pragma busy_timeout = 30000")
        conn.execute("pragma schema_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise StoreError(_store_problem(path, exc)) from None
    return conn


MAX_PAGE = 1000
MAX_OFFSET = 1_000_000_000


def page(limit: int, offset: int) -> list[int]:
    """A checked LIMIT/OFFSET pair: every caller (HTTP, CLI, Python) meets the same bounds,
    so no number reaches SQLite that it cannot hold (a 400 naming the field, never a 500)."""
    from ..errors import FieldProblem, InvalidRequestError

    problems = []
    if isinstance(limit, bool) or not isinstance(limit, int) or not 0 <= limit <= MAX_PAGE:
        problems.append(FieldProblem("limit", f"must be a whole number from 0 to {MAX_PAGE}"))
    if isinstance(offset, bool) or not isinstance(offset, int) or not 0 <= offset <= MAX_OFFSET:
        problems.append(
            FieldProblem("offset", f"must be a whole number from 0 to {MAX_OFFSET:,}")
        )
    if problems:
        raise InvalidRequestError(problems)
    return [limit, offset]


def _store_problem(path: str, exc: sqlite3.DatabaseError) -> str:
    """One line: what is wrong with the store file and what to do about it."""
    text = str(exc)
    if "readonly" in text or "read-only" in text:
        return (f"{path} is read-only: give this user write access to the file and its "
                "folder, or choose another file with --db (or PERSONAE_DB)")
    if "locked" in text or "busy" in text:
        return f"{path} is locked by another process for too long ({text}); try again"
    if "full" in text:
        return f"no space left to write {path} ({text}); free some disk space"
    return (f"{path} is not a usable personae database ({text}); point --db (or "
            "PERSONAE_DB) at another file, or restore this one from a copy")


def _enable_wal(db: sqlite_utils.Database, patience: float = 30.0) -> None:
    """Switch the file to WAL once. Changing the journal mode needs the file to itself and
    SQLite does not wait for that (no busy timeout), so a process opening a new file while
    another does retries for a while instead of failing with "database is locked"."""
    deadline = time.monotonic() + patience
    while True:
        try:
            if db.execute("pragma journal_mode").fetchone()[0] != "wal":
                db.execute("pragma journal_mode = wal")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class Store:
    """One SQLite file (or :memory:). WAL mode, foreign keys on, migrations on open.

    Safe to share between threads: every operation takes the store's lock, and every
    read-modify-write runs inside one BEGIN IMMEDIATE transaction, so a writer in another
    process waits rather than interleaving.
    """

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        from .agents import AgentRecords
        from .characters import CharacterRecords
        from .npcs import NpcRecords
        from .sessions import SessionRecords

        target = default_db_path() if path is None else path
        self.path = os.fspath(target)
        conn = _open(self.path)
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        try:
            if self.path != ":memory:":
                _enable_wal(self.db)
            self.db.execute("pragma foreign_keys = on")
            with self._lock:
                migrate(self.db)
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreError(_store_problem(self.path, exc)) from None
        self.characters = CharacterRecords(self)
        self.sessions = SessionRecords(self)
        self.npcs = NpcRecords(self)
        self.agents = AgentRecords(self)

    def close(self) -> None:
        self.db.conn.close()

    def __repr__(self) -> str:
        return f"<Store {self.path}>"

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One atomic unit: everything inside commits together or not at all.

        A database that cannot be written (read-only, locked past the busy timeout, disk
        full, corrupt) is a StoreError naming the file; a broken constraint a ConflictError.
        """
        with self._lock, self._errors():
            self.db.execute("begin immediate")
            try:
                yield self.db
            except BaseException:
                if self.db.conn.in_transaction:
                    self.db.execute("rollback")
                raise
            self.db.execute("commit")

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        with self._lock, self._errors():
            yield self.db

    @contextmanager
    def _errors(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.IntegrityError as exc:
            raise ConflictError(f"the change conflicts with stored data ({exc})") from None
        except UnicodeEncodeError:  # a lone surrogate in some text: SQLite cannot take it
            from ..errors import FieldProblem, InvalidRequestError

            raise InvalidRequestError(
                FieldProblem("text", "contains a lone UTF-16 surrogate, which is not text; "
                             "send whole characters")
            ) from None
        except sqlite3.DatabaseError as exc:
            raise StoreError(_store_problem(self.path, exc)) from None

    def counts(self) -> dict[str, int]:
        tables = ("characters", "chargen_sessions", "generation_log", "npc_characters",
                  "agent_profiles")
        with self.read() as db:
            return {t: db[t].count for t in tables}

    def rows(self, sql: str, args: list[Any] | None = None) -> list[tuple[Any, ...]]:
        """A read-only query for tests and tools (the schema stays the store's business)."""
        with self.read() as db:
            return list(db.execute(sql, args or []).fetchall())
