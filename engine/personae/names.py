"""Name pools from data/names.yaml: given names by culture and gender, family names,
nicknames, and the canonical setting characters' names no character may take.

Every list comes back in the file's order, so a seeded choice from it is reproducible.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from .pools import pool

GENDERS = ("female", "male", "nonbinary")
# the given-name lists of one culture in data/names.yaml
GIVEN_LISTS = ("female", "male", "neutral")


def _data() -> dict[str, Any]:
    data: dict[str, Any] = pool("names")
    return data


def _culture(culture: str) -> dict[str, Any]:
    try:
        entry: dict[str, Any] = _data()["cultures"][culture]
    except KeyError:
        raise KeyError(f"no culture {culture!r} in data/names.yaml") from None
    return entry


@cache
def cultures() -> list[str]:
    """Culture ids (slugs), in the file's order."""
    return list(_data()["cultures"])


def culture_label(culture: str) -> str:
    """The culture's display name ("Irish")."""
    return str(_culture(culture).get("label", culture))


@cache
def _given(culture: str, kind: str) -> tuple[str, ...]:
    return tuple(_culture(culture)["given"].get(kind) or ())


def given_names(culture: str, gender: str) -> list[str]:
    """Given names of a culture for a gender.

    `gender` is female, male or nonbinary; nonbinary draws from the culture's neutral names
    and falls back to its female and male names when it has none. `neutral` asks for the
    neutral list alone (possibly empty).
    """
    if gender in ("female", "male", "neutral"):
        return list(_given(culture, gender))
    if gender == "nonbinary":
        neutral = _given(culture, "neutral")
        if neutral:
            return list(neutral)
        return [*_given(culture, "female"), *_given(culture, "male")]
    raise ValueError(f"unknown gender {gender!r}; use one of {GENDERS}")


@cache
def _family(culture: str) -> tuple[str, ...]:
    return tuple(_culture(culture)["family"])


def family_names(culture: str) -> list[str]:
    """Family names of a culture."""
    return list(_family(culture))


@cache
def _all_given() -> tuple[str, ...]:
    return tuple(sorted({n for c in cultures() for kind in GIVEN_LISTS for n in _given(c, kind)}))


def all_given() -> list[str]:
    """Every distinct given name of every culture, sorted."""
    return list(_all_given())


@cache
def _all_family() -> tuple[str, ...]:
    return tuple(sorted({n for c in cultures() for n in _family(c)}))


def all_family() -> list[str]:
    """Every distinct family name of every culture, sorted."""
    return list(_all_family())


@cache
def _nicknames() -> tuple[str, ...]:
    return tuple(_data().get("nicknames") or ())


def nicknames() -> list[str]:
    """Short handles a character may go by."""
    return list(_nicknames())


@cache
def canon_names() -> frozenset[str]:
    """Names of well-known setting characters and clan founders, as written in the file."""
    return frozenset(_data().get("canon_names") or ())


@cache
def _canon_folded() -> frozenset[str]:
    return frozenset(n.casefold() for n in canon_names())


def is_canon_name(text: str) -> bool:
    """Whether `text` (one name, any case) is a canonical setting character's name."""
    return text.strip().casefold() in _canon_folded()


@cache
def _pool_names() -> frozenset[str]:
    return frozenset(_all_given()) | frozenset(_all_family()) | frozenset(_nicknames())


def is_pool_name(text: str) -> bool:
    """Whether `text` is a pool name: one given, family or nick name, or a name of several
    such parts separated by spaces ("Aoife Brennan"), exactly as the pools spell them."""
    parts = text.split()
    return bool(parts) and all(p in _pool_names() for p in parts)
