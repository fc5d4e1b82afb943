"""Ids and timestamps: random in normal use, derived from the seed in fixtures mode."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

FIXTURE_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class Stamp:
    id: str
    created: str


def random_stamp() -> Stamp:
    return Stamp(uuid.uuid4().hex, now_iso())


def fixture_stamp(seed: int, index: int, kind: str = "character") -> Stamp:
    """A deterministic id and date for fixture `index` of a run seeded with `seed`."""
    digest = hashlib.sha256(f"{kind}:{seed}:{index}".encode()).digest()[:16]
    return Stamp(
        uuid.UUID(bytes=digest, version=4).hex, iso(FIXTURE_EPOCH + timedelta(seconds=index))
    )
