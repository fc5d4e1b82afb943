from __future__ import annotations

import json

import pytest

from personae.exports import export
from personae.exports.data import table
from personae.exports.formats.inconnu import identifier
from personae.testing.plugin import build_character
from tests.exports.conftest import CLASSES, LEVELS
from tests.exports.specs import validate_inconnu


def body(c) -> dict:
    return json.loads(export(c, "inconnu").content)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_creation_body_passes_inconnus_rules(characters, cls: str, level: str) -> None:
    c = characters[(cls, level)]
    b = body(c)
    validate_inconnu(b)
    traits = {t["name"]: t for t in b["traits"]}
    for name, value in c.sheet.attributes.items():
        assert traits[name]["rating"] == value and traits[name]["type"] == "attribute"
    for s in c.sheet.specialties:
        skill = table("inconnu")["skills"][s.skill]
        assert identifier(s.name, 20) in traits[skill]["subtraits"]
    assert b["health"] == c.sheet.derived.health
    assert b["willpower"] == c.sheet.derived.willpower


def test_splats_and_warnings() -> None:
    thin = build_character(3, character_class="VAMPIRE", vampire_clan_id="thin-blood")
    assert body(thin)["splat"] == "thin-blood"
    clan = build_character(3, character_class="VAMPIRE", vampire_clan_id="banu-haqim")
    b = body(clan)
    assert b["splat"] == "vampire"
    assert {"name": "BloodSorcery", "type": "discipline"}.items() <= next(
        t for t in b["traits"] if t["type"] == "discipline" and t["name"] == "BloodSorcery"
    ).items() or "BloodSorcery" not in json.dumps(b)
    for cls in ("WEREWOLF", "HUNTER"):
        c = build_character(3, character_class=cls)
        result = export(c, "inconnu")
        assert json.loads(result.content)["splat"] == "mortal"
        assert any("no " + cls.lower() + " splat" in w for w in result.warnings)
        assert any("Humanity" in w for w in result.warnings)
    wolf = build_character(3, character_class="WEREWOLF", experience_level="ELITE")
    names = {t["name"] for t in body(wolf)["traits"]}
    assert {"Rage", "Glory", "Honor", "Wisdom", "Gifts"} <= names


def test_identifiers() -> None:
    assert identifier("Lock Picking", 20) == "Lock_Picking"
    assert identifier("Halt the Coward's Flight", 20) == "Halt_The_Cowards_Fli"
    assert identifier("Break-ins", 20) == "Break_Ins"
    assert identifier("Coup de Grâce", 20) == "Coup_De_Grace"


def test_the_validator_can_fail(characters) -> None:
    b = body(characters[("MORTAL", "NEW")])
    b["traits"].append(dict(b["traits"][0]))
    with pytest.raises(AssertionError):
        validate_inconnu(b)
    b = body(characters[("MORTAL", "NEW")])
    b["traits"][0]["name"] = "Hunger"
    with pytest.raises(AssertionError):
        validate_inconnu(b)


def test_rituals_are_subtraits_of_their_discipline() -> None:
    c = build_character(
        3, character_class="VAMPIRE", vampire_clan_id="tremere", experience_level="ELITE"
    )
    b = body(c)
    validate_inconnu(b)
    sorcery = next(t for t in b["traits"] if t["name"] == "BloodSorcery")
    for r in c.sheet.rituals:
        assert identifier(r.name, 20) in sorcery["subtraits"]
