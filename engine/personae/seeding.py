"""Seeds and per-stage random generators. Nothing here touches global random state."""

from __future__ import annotations

import hashlib
import importlib
import random
import secrets
from collections.abc import Sequence
from typing import Any, TypeVar

T = TypeVar("T")

SEED_BITS = 63


def _small_sha256() -> Any:
    """SHA-256 (the same digest whichever implementation): Python's own is quicker than
    OpenSSL's for the few bytes of a seed label."""
    for module in ("_sha2", "_sha256"):
        try:
            return importlib.import_module(module).sha256
        except (ImportError, AttributeError):
            continue
    return hashlib.sha256


_sha256 = _small_sha256()
_seed = random.Random.__mro__[1].seed  # the C generator's own seeding (an int seed)
MAX_SEED = (1 << SEED_BITS) - 1


def draw_seed() -> int:
    """A fresh seed for a request that did not bring one (recorded on the character)."""
    return secrets.randbits(SEED_BITS)


def derive_seed(seed: int, *labels: object) -> int:
    """A child seed for (seed, labels...), stable across processes and platforms."""
    text = ":".join([str(seed), *map(str, labels)])
    return int.from_bytes(_sha256(text.encode()).digest()[:8], "big") & MAX_SEED


def stage_rng(seed: int, stage: str, *labels: object) -> random.Random:
    """The random generator of one narrative or face stage; stages never share draws."""
    return random.Random(derive_seed(seed, stage, *labels))


class StageRandom(random.Random):
    """Python's Mersenne Twister with a cheaper integer draw: `choice`, `shuffle`, `sample`
    and `randrange` scale one 53-bit float instead of looping over `getrandbits` (the
    bias, below 2**-40 for the list sizes of a ruleset, is invisible). Same seed, same
    draws on every platform."""

    def __init__(self, x: int) -> None:
        # what Random.__init__ and Random.seed do for an int seed, without their type checks
        _seed(self, x)
        self.gauss_next = None

    def _randbelow(self, n: int) -> int:  # type: ignore[override]
        return int(self.random() * n)

    def randrange(self, start: int, stop: int | None = None, step: int = 1) -> int:  # type: ignore[override]
        """The draw of `Random.randrange` (the same value for the same state), with the
        common one- and two-argument integer cases done here."""
        if step == 1 and type(start) is int:
            if stop is None:
                if start > 0:
                    return int(self.random() * start)
            elif type(stop) is int and stop > start:
                return start + int(self.random() * (stop - start))
        return super().randrange(start, stop, step)

    def randint(self, a: int, b: int) -> int:
        return self.randrange(a, b + 1)

    def choice(self, seq: Sequence[T]) -> T:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        return seq[int(self.random() * n)]

    def sample(  # type: ignore[override]
        self, population: Sequence[T], k: int, *, counts: Any = None
    ) -> list[T]:
        """The draw of `Random.sample` (the same items for the same state), with the usual
        case (a list or tuple, at most 5 items) done here."""
        if counts is None and type(population) in (list, tuple) and 0 <= k <= 5:
            n = len(population)
            if k <= n:
                rand = self.random
                result: list[T] = []
                if n <= 21:  # Random.sample's pool method for a small population
                    pool = list(population)
                    for i in range(k):
                        j = int(rand() * (n - i))
                        result.append(pool[j])
                        pool[j] = pool[n - i - 1]
                    return result
                selected: set[int] = set()  # and its set method for a larger one
                for _ in range(k):
                    j = int(rand() * n)
                    while j in selected:
                        j = int(rand() * n)
                    selected.add(j)
                    result.append(population[j])
                return result
        return super().sample(population, k, counts=counts)

    def shuffle(self, x: list[Any]) -> None:  # type: ignore[override]
        """Shuffle in place by sorting on one float per item (a uniform permutation, like
        Fisher-Yates, with the loop in C); equal floats keep their order."""
        rand = self.random
        keys = [rand() for _ in x]
        x[:] = map(x.__getitem__, sorted(range(len(keys)), key=keys.__getitem__))


def pipeline_rng(seed: int, stage: str) -> random.Random:
    """The random generator of one sheet stage (resolve, sheet, xp): the hot path."""
    return StageRandom(derive_seed(seed, stage))
