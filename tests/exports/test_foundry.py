from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest

from personae import load_ruleset
from personae.exports import export
from personae.exports.data import table
from personae.testing.plugin import build_character
from tests.exports.conftest import CLASSES, LEVELS
from tests.exports.specs import (
    WOD5E_ATTRIBUTES,
    WOD5E_AUSPICES,
    WOD5E_DISCIPLINES,
    WOD5E_EDGES,
    WOD5E_GIFT_TYPES,
    WOD5E_RENOWN,
    WOD5E_SKILLS,
    validate_foundry_actor,
)


def actor(c) -> dict:
    return json.loads(export(c, "foundry").content)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_actor_is_valid_for_the_wod5e_data_models(characters, cls: str, level: str) -> None:
    a = actor(characters[(cls, level)])
    validate_foundry_actor(a)
    assert a["type"] == cls.lower()


def test_the_validator_can_fail(characters) -> None:
    a = actor(characters[("VAMPIRE", "NEW")])
    broken = copy.deepcopy(a)
    broken["system"]["skills"]["animal ken"] = broken["system"]["skills"].pop("animalken")
    with pytest.raises(jsonschema.ValidationError):
        validate_foundry_actor(broken)
    broken = copy.deepcopy(a)
    broken["items"].append({**broken["items"][0], "type": "gift"})
    with pytest.raises((AssertionError, jsonschema.ValidationError)):
        validate_foundry_actor(broken)


def test_every_ruleset_id_maps_to_a_system_key() -> None:
    rules = load_ruleset()
    spec = rules.spec
    assert spec.vampire and spec.werewolf and spec.hunter
    t = table("foundry")
    assert {t["attributes"][a] for a in rules.attributes} == WOD5E_ATTRIBUTES
    assert {t["skills"][s] for s in rules.skills} == WOD5E_SKILLS
    for d in spec.vampire.disciplines:
        assert t["disciplines"][d.name] in WOD5E_DISCIPLINES, d.name
    for clan in spec.vampire.clans:
        assert t["clans"][clan.id], clan.id
    for tribe in spec.werewolf.tribes:
        assert t["tribes"][tribe.id] in WOD5E_GIFT_TYPES, tribe.id
    for auspice in spec.werewolf.auspices:
        assert t["auspices"][auspice.id] in WOD5E_AUSPICES, auspice.id
    for renown in spec.werewolf.renown_types:
        assert t["renown"][renown] in WOD5E_RENOWN
    for edge in spec.hunter.edges:
        assert t["edges"][edge.name] in WOD5E_EDGES, edge.name
    # tribe keys are not our ids
    assert t["tribes"]["black-furies"] == "blackfury"


@pytest.mark.parametrize("cls", CLASSES)
def test_sheet_values_land_in_the_right_fields(characters, cls: str) -> None:
    c = characters[(cls, "ELITE")]
    a = actor(c)
    s = a["system"]
    t = table("foundry")
    for name, value in c.sheet.attributes.items():
        assert s["attributes"][t["attributes"][name]]["value"] == value
    for name, value in c.sheet.skills.items():
        assert s["skills"][t["skills"][name]]["value"] == value
    for spec in c.sheet.specialties:
        bonuses = s["skills"][t["skills"][spec.skill]]["bonuses"]
        assert any(b["source"] == spec.name and b["value"] == 1 for b in bonuses), spec
    d = c.sheet.derived
    assert s["health"]["max"] == s["health"]["value"] == d.health > 0
    assert s["willpower"]["max"] == s["willpower"]["value"] == d.willpower > 0
    if d.humanity is not None:
        assert s["humanity"]["value"] == d.humanity > 0
    # XP: the budget in, every purchase out; Foundry's own sum gives what is left
    total = sum(e["value"] for e in s["experiences"] if e["value"] >= 0)
    remaining = sum(e["value"] for e in s["experiences"])
    assert total == c.experience.budget
    assert remaining == c.experience.budget - c.experience.spent
    assert len(s["experiences"]) == len(c.experience.ledger) + 1
    # merits, backgrounds and flaws as feature items with points
    features = [i for i in a["items"] if i["type"] == "feature"]
    expected = [(m.name, m.kind, m.dots) for m in c.sheet.advantages] + [
        (f.name, "flaw", f.dots) for f in c.sheet.flaws
    ]
    assert [(i["name"], i["system"]["featuretype"], i["system"]["points"]) for i in features] == (
        expected
    )
    assert a["name"] == c.name_full
    assert c.biography.split(".")[0] in s["biography"]


@pytest.mark.parametrize("clan", ["tremere", "banu-haqim", "thin-blood", "caitiff"])
def test_vampire_fields(clan: str) -> None:
    c = build_character(
        3, character_class="VAMPIRE", vampire_clan_id=clan, experience_level="ELITE"
    )
    a = actor(c)
    validate_foundry_actor(a)
    s, items = a["system"], a["items"]
    va = c.vampire_attributes
    assert s["hunger"]["value"] >= 1
    assert s["blood"]["potency"] == va.blood_potency
    assert s["blood"]["potency"] > 0 or clan == "thin-blood"
    assert s["headers"]["generation"] == str(va.generation)
    assert s["headers"]["sire"] == (va.sire or "")
    clan_items = [i for i in items if i["type"] == "clan"]
    assert [i["name"] for i in clan_items] == [table("foundry")["clans"][clan]]
    if va.bane:
        assert va.bane.name in clan_items[0]["system"]["bane"]
    assert [i["name"] for i in items if i["type"] == "predatorType"] == [va.predator_type]
    powers = {(i["system"]["discipline"], i["name"]) for i in items if i["type"] == "power"}
    t = table("foundry")["disciplines"]
    for disc, dots in c.sheet.disciplines.items():
        assert s["disciplines"][t[disc]]["value"] == dots
        for p in c.sheet.powers.get(disc, []):
            assert (t[disc], p) in powers
    assert all(i["system"]["level"] >= 1 for i in items if i["type"] == "power")


def test_werewolf_fields(characters) -> None:
    c = characters[("WEREWOLF", "ELITE")]
    a = actor(c)
    s, items = a["system"], a["items"]
    assert s["rage"]["value"] == c.sheet.derived.rage >= 1
    for name, dots in c.sheet.renown.items():
        assert s["renown"][name.lower()]["value"] == dots
    assert sum(v["value"] for v in s["renown"].values()) == c.werewolf_attributes.total_renown
    tribe_key = table("foundry")["tribes"][c.werewolf_attributes.tribe_id]
    gifts = {i["name"]: i["system"] for i in items if i["type"] == "gift"}
    for g in c.sheet.gifts:
        expected = {
            "native": "native",
            "tribe": tribe_key,
            "auspice": c.werewolf_attributes.auspice_id,
        }[g.source]
        assert gifts[g.name]["giftType"] == expected
        assert gifts[g.name]["renown"] == g.renown.lower()
    for r in c.sheet.rites:
        assert gifts[r]["giftType"] == "rite"
    assert [i["name"] for i in items if i["type"] == "tribe"] == [c.werewolf_attributes.tribe_name]
    assert [i["name"] for i in items if i["type"] == "auspice"] == [
        c.werewolf_attributes.auspice_name
    ]
    warnings = export(c, "foundry").warnings
    assert any("pack" in w for w in warnings)
    assert c.werewolf_attributes.pack_name in s["notes"]


def test_hunter_fields(characters) -> None:
    c = characters[("HUNTER", "ELITE")]
    a = actor(c)
    s, items = a["system"], a["items"]
    ha = c.hunter_attributes
    assert [i["name"] for i in items if i["type"] == "creed"] == [ha.creed]
    assert [i["name"] for i in items if i["type"] == "drive"] == [ha.drive]
    assert s["headers"]["cellname"] == ha.cell_name
    perks = {(i["system"]["edge"], i["name"]) for i in items if i["type"] == "perk"}
    t = table("foundry")["edges"]
    for e in c.sheet.edges:
        assert s["edges"][t[e.name]]["visible"] is True
        for p in e.perks:
            assert (t[e.name], p) in perks


def test_ghoul_has_disciplines_and_no_hunger(characters) -> None:
    c = characters[("GHOUL", "NEW")]
    s = actor(c)["system"]
    assert s["hunger"]["value"] == 0
    assert any(v["value"] > 0 for v in s["disciplines"].values())
    assert "domitor" in s["headers"]["domitor"].lower()


def _with_rituals(clan: str, level: str | None = None) -> Any:
    """The first seeded character of `clan` who learned its ritual discipline."""
    built = (
        build_character(
            seed, character_class="VAMPIRE", vampire_clan_id=clan, experience_level=level
        )
        for seed in range(100)
    )
    c = next((c for c in built if c.sheet.rituals), None)
    assert c is not None, "the generator gives a free ritual or ceremony"
    return c


@pytest.mark.parametrize(("clan", "key"), [("tremere", "rituals"), ("hecata", "ceremonies")])
def test_rituals_and_ceremonies_are_power_items(clan: str, key: str) -> None:
    c = _with_rituals(clan, "ELITE")
    a = actor(c)
    validate_foundry_actor(a)
    items = {
        (i["system"]["discipline"], i["name"], i["system"]["level"])
        for i in a["items"]
        if i["type"] == "power"
    }
    for r in c.sheet.rituals:
        assert (key, r.name, r.level) in items
    assert a["system"]["disciplines"][key]["visible"] is True


def test_werewolf_balance_and_patron(characters) -> None:
    c = characters[("WEREWOLF", "ELITE")]
    a = actor(c)
    d = c.sheet.derived
    if d.harano is not None:
        assert a["system"]["balance"]["harano"]["value"] == d.harano
    if d.hauglosk is not None:
        assert a["system"]["balance"]["hauglosk"]["value"] == d.hauglosk
    tribe = next(i for i in a["items"] if i["type"] == "tribe")
    if c.sheet.creation.patron_ban:
        assert c.sheet.creation.patron_ban in tribe["system"]["patronSpirit"]["ban"]
    if c.sheet.creation.patron_favor:
        assert c.sheet.creation.patron_favor in tribe["system"]["patronSpirit"]["favor"]


def test_sheet_fields_the_exports_do_not_know_are_reported(characters, monkeypatch) -> None:
    from personae.exports import view

    c = _with_rituals("tremere")
    assert export(c, "foundry").warnings == [
        w for w in export(c, "foundry").warnings if "not part of this export" not in w
    ]
    monkeypatch.setattr(view, "KNOWN_SHEET_FIELDS", view.KNOWN_SHEET_FIELDS - {"rituals"})
    for fmt in ("foundry", "html", "ccv2", "eliza"):
        assert "sheet field 'rituals' is not part of this export" in export(c, fmt).warnings
