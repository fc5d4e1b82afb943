"""Few-shot exemplars (prompts/exemplars.yaml): one earlier turn per character class."""

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


def slots(facts: NarrativeFacts) -> dict[str, str]:
    """The real character's terms that fill an exemplar's slots."""
    clan = "thin-blooded" if facts.thin_blood else (facts.clan or "")
    return {"clan": clan, "tribe": facts.tribe or "", "creed": facts.creed or ""}


def exemplar(facts: NarrativeFacts) -> dict[str, Any]:
    """The exemplar of this character's class, its answer filled with the sheet's terms."""
    data = _exemplars()
    raw = data.get(facts.character_class, data["MORTAL"])
    fill = slots(facts)
    answer = {k: (v.format(**fill) if isinstance(v, str) else v) for k, v in raw["answer"].items()}
    return {"facts": dict(raw["facts"]), "answer": answer}


def exemplar_texts(facts: NarrativeFacts | None = None) -> tuple[str, ...]:
    """Every exemplar's prose (slots filled for `facts`, or left empty): never to be copied."""
    fill = slots(facts) if facts else {"clan": "", "tribe": "", "creed": ""}
    return tuple(
        str(entry["answer"][k]).format(**fill)
        for entry in _exemplars().values()
        for k in _TEXT_KEYS
    )


def exemplar_names() -> frozenset[str]:
    """The exemplars' own character names: a real character must not reuse them."""
    return frozenset(
        part for entry in _exemplars().values() for part in str(entry["facts"]["name"]).split()
    )
