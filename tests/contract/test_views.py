"""The Valentina views parse with the published client's own models, for every class."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

import pytest

from personae import Character, generate_character
from personae.faces.valentina.specialties import load_specialty_table
from personae.faces.valentina.traits import build_trait_index, full_sheet, full_sheet_category
from personae.faces.valentina.views import character_detail, character_view, session_view
from personae.faces.valentina.wire import Page
from personae.ruleset import Ruleset

from .vclient_env import validate

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
OPTIONS: list[dict[str, Any]] = [
    {"experience_level": "NEW", "skill_focus": "JACK_OF_ALL_TRADES"},
    {"experience_level": "ELITE", "skill_focus": "SPECIALIST"},
    {"experience_level": "INTERMEDIATE", "character_type": "PLAYER"},
]
EXTRA: list[dict[str, Any]] = [
    {"character_class": "VAMPIRE", "vampire_clan_id": "thin-blood", "experience_level": "ELITE"},
    {"character_class": "VAMPIRE", "vampire_clan_id": "caitiff"},
    {"character_class": "WEREWOLF", "werewolf_tribe_id": "glass-walkers"},
    {"character_class": "HUNTER", "hunter_creed": "faithful", "experience_level": "ADVANCED"},
]


def _characters() -> list[Character]:
    out = []
    for cls in CLASSES:
        for seed, options in enumerate(OPTIONS, start=1):
            out.append(generate_character(character_class=cls, seed=seed, **options))
    for seed, fields in enumerate(EXTRA, start=50):
        out.append(generate_character(seed=seed, **fields))
    return out


@pytest.fixture(scope="module")
def characters() -> list[Character]:
    return _characters()


def _documents(c: Character, rules: Ruleset) -> list[tuple[str, Any]]:
    table = load_specialty_table()
    index = build_trait_index(c, rules, table, with_available=True)
    view = character_view(c, company_id="co-1", campaign_id="camp-1", ruleset=rules)
    docs: list[tuple[str, Any]] = [("Character", view.model_dump(mode="json"))]
    for include in ((), ("traits",), ("traits", "inventory", "notes", "assets")):
        detail = character_detail(
            c, company_id="co-1", campaign_id="camp-1", ruleset=rules, include=include
        )
        docs.append(("CharacterDetail", detail.model_dump(mode="json")))
    for available in (False, True):
        sheet = {
            "character": view.model_dump(mode="json"),
            "sections": [
                s.model_dump(mode="json")
                for s in full_sheet(index, include_available_traits=available)
            ],
        }
        docs.append(("CharacterFullSheet", sheet))
        for section in sheet["sections"]:
            for category in section["categories"]:
                one = full_sheet_category(index, category["id"], include_available_traits=available)
                docs.append(("FullSheetTraitCategory", one.model_dump(mode="json")))
    docs.append(("Health", view.health.model_dump(mode="json") if view.health else None))
    page = Page(items=index.traits[:10], limit=10, offset=0, total=len(index.traits))
    docs.append(("Page:CharacterTrait", page.model_dump(mode="json")))
    docs.extend(("CharacterTrait", t.model_dump(mode="json")) for t in index.traits)
    return docs


def test_every_view_parses_with_the_client(characters: list[Character], rules: Ruleset) -> None:
    docs: list[tuple[str, Any]] = []
    for c in characters:
        docs.extend(_documents(c, rules))
    views = [
        character_view(c, company_id="co-1", campaign_id="camp-1", ruleset=rules)
        for c in characters[:: len(OPTIONS)]  # one of each class, and the extras
    ]

    class _Session:
        id = "s1"
        user_id = None
        campaign_id = None
        status = "open"
        expires_at = "2030-01-01T00:00:00.000Z"
        requires_selection = True
        selected_character_id = None
        date_created = "2026-01-01T00:00:00.000Z"
        date_modified = "2026-01-01T00:00:00.000Z"
        narrate_backend = "llama"  # our field: the real client must still parse the session

    session = session_view(
        _Session(), views, user_id="user-1", company_id="co-1", campaign_id="camp-1"
    )
    docs.append(("ChargenSessionResponse", session.model_dump(mode="json")))
    docs.append(("List:ChargenSessionResponse", [session.model_dump(mode="json")]))
    errors = validate(docs)
    assert errors == [], errors[:3]


def test_character_fields_newer_api_versions_send(
    characters: list[Character], rules: Ruleset
) -> None:
    for c in characters:
        view = character_view(c, company_id="co-9", campaign_id="camp-9", ruleset=rules)
        data = view.model_dump(mode="json")
        assert (data["company_id"], data["campaign_id"]) == ("co-9", "camp-9")
        assert data["health"]["size"] == c.sheet.derived.health
        assert data["health"]["boxes"] == [None] * c.sheet.derived.health
        for key in ("asset_ids", "chapter_ids", "num_notes", "num_assets", "date_of_birth"):
            assert key in data
        assert len(data["character_trait_ids"]) == len(set(data["character_trait_ids"]))
        # skill specialties stay with the skills, not in Valentina's `specialties`
        skill_names = {(s.skill, s.name) for s in c.sheet.specialties}
        assert data["skill_specialties"] == [
            {"skill": s.skill, "name": s.name} for s in c.specialties
        ]
        index = build_trait_index(c, rules, load_specialty_table())
        on_skills = {(t.trait.name, s.name) for t in index.traits for s in t.specialties}
        assert on_skills == skill_names


def test_specialties_follow_the_sheet(characters: list[Character], rules: Ruleset) -> None:
    for c in characters:
        names = [
            s.name
            for s in character_view(c, company_id="c", campaign_id="k", ruleset=rules).specialties
        ]
        expected = [p for powers in c.sheet.powers.values() for p in powers]
        expected += [r.name for r in getattr(c.sheet, "rituals", []) if r.name not in expected]
        expected += [g.name for g in c.sheet.gifts] + list(c.sheet.rites)
        expected += [x for e in c.sheet.edges for x in (e.name, *e.perks)]
        if c.sheet.creation.predator_type:
            expected.append(rules.predator_type(c.sheet.creation.predator_type).name)
        assert sorted(names) == sorted(expected)


def test_trackers(characters: list[Character], rules: Ruleset) -> None:
    for c in characters:
        index = build_trait_index(c, rules, load_specialty_table())
        by_name = {t.trait.name: t for t in index.traits if t.tracker is not None}
        d = c.sheet.derived
        assert by_name["Health"].tracker.size == d.health  # type: ignore[union-attr]
        assert by_name["Willpower"].tracker.size == d.willpower  # type: ignore[union-attr]
        if d.humanity is not None:
            stains = by_name["Humanity"].tracker
            assert stains.humanity == d.humanity  # type: ignore[union-attr]
        else:
            assert "Humanity" not in by_name
        if d.rage is not None:
            assert by_name["Rage"].tracker.current == d.rage  # type: ignore[union-attr]


_IDS_SCRIPT = """
import json, sys
from personae import Character, load_ruleset
from personae.faces.valentina.specialties import load_specialty_table
from personae.faces.valentina.traits import build_trait_index
c = Character.model_validate_json(sys.stdin.read())
index = build_trait_index(c, load_ruleset("v5"), load_specialty_table())
print(json.dumps([[t.id, t.trait.id, t.trait.category_id] for t in index.traits]))
"""


def test_trait_ids_are_stable_across_processes(characters: list[Character], rules: Ruleset) -> None:
    c = characters[0]
    here = [
        [t.id, t.trait.id, t.trait.category_id]
        for t in build_trait_index(c, rules, load_specialty_table()).traits
    ]
    done = subprocess.run(
        [sys.executable, "-c", _IDS_SCRIPT],
        input=c.to_json(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(done.stdout) == here
    other = generate_character(character_class=c.character_class.value, seed=999)
    theirs = {t.id for t in build_trait_index(other, rules, load_specialty_table()).traits}
    assert theirs.isdisjoint(t[0] for t in here)


def test_available_traits_change_nothing_else(characters: list[Character], rules: Ruleset) -> None:
    table = load_specialty_table()
    for c in characters:
        lean = build_trait_index(c, rules, table)
        rich = build_trait_index(c, rules, table, with_available=True)
        assert [t.model_dump() for t in lean.traits] == [t.model_dump() for t in rich.traits]
        assert full_sheet(lean) == full_sheet(rich)
        assert any(cat.available_traits for s in rich.sections for cat in s.categories)
        with pytest.raises(ValueError, match="with_available"):
            full_sheet(lean, include_available_traits=True)
