"""Few-shot exemplars (prompts/exemplars.yaml): one fixed earlier turn per class."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from ..resources import prompts_dir
from .base import NarrativeFacts

_TEXT_KEYS = ("appearance", "biography", "quote")


@cache
def _exemplars() -> dict[str, Any]:
    with (prompts_dir() / "exemplars.yaml").open(encoding="utf-8") as fh:
        data: dict[str, Any] = yaml.safe_load(fh)
    return data


def exemplar(facts: NarrativeFacts | str) -> dict[str, Any]:
    """The exemplar of this character's class (or of a class named): facts and answer."""
    data = _exemplars()
    cls = facts if isinstance(facts, str) else facts.character_class
    raw = data.get(cls, data["MORTAL"])
    return {"facts": dict(raw["facts"]), "answer": dict(raw["answer"])}


def exemplar_classes() -> tuple[str, ...]:
    """The classes that have an exemplar of their own."""
    return tuple(_exemplars())


@cache
def exemplar_texts() -> tuple[str, ...]:
    """Every exemplar's prose: output must never copy it."""
    return tuple(str(entry["answer"][k]) for entry in _exemplars().values() for k in _TEXT_KEYS)


@cache
def exemplar_people() -> tuple[str, ...]:
    """The given and family names of the exemplars' people: a character's text must not
    borrow them (unless they are its own)."""
    parts = {
        part
        for entry in _exemplars().values()
        for key in ("name", "sire")
        for part in str(entry["facts"].get(key) or "").split()
    }
    return tuple(sorted(parts))
