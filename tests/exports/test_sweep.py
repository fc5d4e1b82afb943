"""Many characters through every format: nothing crashes, every file validates, no format
meets an id it cannot map, and no human-facing text has template leftovers."""

from __future__ import annotations

import json

import pytest

from personae import SheetInvalidError
from personae.exports import export
from personae.exports.cards import import_card
from personae.testing.plugin import build_character
from tests.exports.conftest import CLASSES, leftovers
from tests.exports.specs import (
    validate_agent,
    validate_card,
    validate_eliza,
    validate_foundry_actor,
    validate_inconnu,
)

LEVELS = ["NEW", "INTERMEDIATE", "ADVANCED", "ELITE"]
UNMAPPED = ("has no wod5e", "has no entry", "has no Inconnu name", "no lore line")


def _characters():  # type: ignore[no-untyped-def]
    for seed in range(12):
        cls = CLASSES[seed % len(CLASSES)]
        level = LEVELS[seed % len(LEVELS)]
        try:
            yield build_character(100 + seed, character_class=cls, experience_level=level)
        except SheetInvalidError:  # the generator's own tests cover illegal sheets
            continue


@pytest.mark.parametrize("character", list(_characters()), ids=lambda c: f"{c.seed}")
def test_every_format_validates(character) -> None:
    results = {
        fmt: export(character, fmt)
        for fmt in ("foundry", "ccv2", "ccv3", "png", "eliza", "inconnu", "json", "html")
    }
    validate_foundry_actor(json.loads(results["foundry"].content))
    validate_card(json.loads(results["ccv2"].content), 2)
    validate_card(json.loads(results["ccv3"].content), 3)
    validate_eliza(json.loads(results["eliza"].content))
    validate_inconnu(json.loads(results["inconnu"].content))
    validate_agent(import_card(results["png"].content))
    for fmt, result in results.items():
        for w in result.warnings:
            assert not any(u in w for u in UNMAPPED), (fmt, w)
    card = json.loads(results["ccv3"].content)["data"]
    for field in ("description", "personality", "scenario", "first_mes", "mes_example"):
        assert not leftovers(card[field], card=True), (field, card[field])
