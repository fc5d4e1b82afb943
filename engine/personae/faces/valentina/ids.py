"""Stable ids in the shape Valentina uses (24 lowercase hex digits, like a Mongo ObjectId)."""

from __future__ import annotations

import hashlib

ID_LENGTH = 24


def stable_id(*parts: str) -> str:
    """The same parts give the same id in every process: sha256 of the parts, 24 hex digits."""
    joined = "\x1f".join(parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:ID_LENGTH]
