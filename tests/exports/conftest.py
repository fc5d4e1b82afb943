from __future__ import annotations

import re
from typing import Any

import pytest

from personae import Character, SheetInvalidError
from personae.testing.plugin import build_character

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
LEVELS = ["NEW", "ELITE"]

# Words a reader would see if a template or a view went wrong.
LEFTOVERS = re.compile(r"\{\{|\}\}|\{%|%\}|\bNone\b|\[\]|\bundefined\b|\bnull\b|\bnan\b")
# Card macros the Character Card specs define ({{char}}, {{user}}, {{original}}).
CARD_MACROS = re.compile(r"\{\{(char|user|original)\}\}")
WRONG_PRONOUNS = {
    "male": re.compile(r"\b(she|her|hers|herself)\b", re.IGNORECASE),
    "female": re.compile(r"\b(he|him|his|himself)\b", re.IGNORECASE),
    "nonbinary": re.compile(r"\b(he|him|his|himself|she|her|hers|herself)\b", re.IGNORECASE),
}


def leftovers(text: str, card: bool = False) -> list[str]:
    if card:
        text = CARD_MACROS.sub("", text)
    return LEFTOVERS.findall(text)


@pytest.fixture(scope="session")
def characters() -> dict[tuple[str, str], Character]:
    """Every class at a fresh and an elite level, with stable ids and dates."""
    return {
        (cls, level): build_character(7, character_class=cls, experience_level=level)
        for cls in CLASSES
        for level in LEVELS
    }


@pytest.fixture(scope="session")
def by_gender() -> dict[str, Character]:
    """One character of each gender the narrative uses (searched by seed)."""
    found: dict[str, Any] = {}
    for seed in range(200):
        try:
            c = build_character(seed, character_class=CLASSES[seed % len(CLASSES)])
        except SheetInvalidError:  # the generator's own tests cover this; find another seed
            continue
        found.setdefault(c.gender, c)
        if len(found) >= 3:
            break
    return found
