"""SQLite persistence through sqlite-utils: every SQL statement of the project is here."""

from .db import Store, default_db_path
from .migrations import MIGRATIONS, current_version, migrate

__all__ = ["MIGRATIONS", "Store", "current_version", "default_db_path", "migrate"]
