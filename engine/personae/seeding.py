"""Seeds and per-stage random generators. Nothing here touches global random state."""

from __future__ import annotations

import hashlib
import random
import secrets
from typing import Any

SEED_BITS = 63
MAX_SEED = (1 << SEED_BITS) - 1


def draw_seed() -> int:
    """A fresh seed for a request that did not bring one (recorded on the character)."""
    return secrets.randbits(SEED_BITS)


def derive_seed(seed: int, *labels: object) -> int:
    """A child seed for (seed, labels...), stable across processes and platforms."""
    text = ":".join([str(seed), *map(str, labels)])
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big") & MAX_SEED


def stage_rng(seed: int, stage: str, *labels: object) -> random.Random:
    """The random generator of one narrative or face stage; stages never share draws."""
    return random.Random(derive_seed(seed, stage, *labels))


class StageRandom(random.Random):
    """Python's Mersenne Twister with a cheaper integer draw: `choice`, `shuffle`, `sample`
    and `randrange` scale one 53-bit float instead of looping over `getrandbits` (the
    bias, below 2**-40 for the list sizes of a ruleset, is invisible). Same seed, same
    draws on every platform."""

    def _randbelow(self, n: int) -> int:  # type: ignore[override]
        return int(self.random() * n)

    def shuffle(self, x: list[Any]) -> None:  # type: ignore[override]
        """Shuffle in place by sorting on one float per item (a uniform permutation, like
        Fisher-Yates, with the loop in C)."""
        keys = [self.random() for _ in x]
        x[:] = [item for _, _, item in sorted(zip(keys, range(len(x)), x, strict=True))]


def pipeline_rng(seed: int, stage: str) -> random.Random:
    """The random generator of one sheet stage (resolve, sheet, xp): the hot path."""
    return StageRandom(derive_seed(seed, stage))
