"""Every class and option combination gives Character, CharacterDetail and full-sheet JSON
that the published client parses: levels x skill focuses x types for each class, and every
clan, predator type, tribe x auspice and creed of the ruleset."""

from __future__ import annotations

import itertools
from typing import Any

from personae import generate_character
from personae.errors import InvalidRequestError
from personae.faces.valentina.specialties import load_specialty_table
from personae.faces.valentina.traits import build_trait_index, full_sheet
from personae.faces.valentina.views import character_detail, character_view
from personae.ruleset import Ruleset

from .vclient_env import validate

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]


def _requests(rules: Ruleset) -> list[dict[str, Any]]:
    spec = rules.spec
    levels = [name for name, level in spec.experience.levels.items()]
    focuses = list(spec.skills.focuses)
    out: list[dict[str, Any]] = [
        {
            "character_class": c,
            "experience_level": lv,
            "skill_focus": f,
            "character_type": ["PLAYER", "NPC", "STORYTELLER"][n % 3],
        }
        for n, (c, lv, f) in enumerate(itertools.product(CLASSES, levels, focuses))
    ]
    assert spec.vampire and spec.werewolf and spec.hunter
    out += [{"character_class": "VAMPIRE", "vampire_clan_id": c.id} for c in spec.vampire.clans]
    out += [
        {"character_class": "VAMPIRE", "predator_type": p.id, "experience_level": "ELITE"}
        for p in spec.vampire.predator_types
    ]
    out += [
        {"character_class": "WEREWOLF", "werewolf_tribe_id": t.id, "werewolf_auspice_id": a.id}
        for t in spec.werewolf.tribes
        for a in spec.werewolf.auspices
    ]
    out += [{"character_class": "HUNTER", "hunter_creed": c.id} for c in spec.hunter.creeds]
    return out


def test_every_option_combination_parses(rules: Ruleset) -> None:
    table = load_specialty_table()
    docs: list[tuple[str, Any]] = []
    made = 0
    for seed, fields in enumerate(_requests(rules)):
        try:
            c = generate_character(seed=seed, **fields)
        except InvalidRequestError:  # a combination the ruleset forbids (a clan's bans, ...)
            continue
        made += 1
        index = build_trait_index(c, rules, table, with_available=True)
        view = character_view(c, company_id="co", campaign_id="camp", ruleset=rules, index=index)
        docs.append(("Character", view.model_dump(mode="json")))
        detail = character_detail(
            c, company_id="co", campaign_id="camp", ruleset=rules, include=["traits"]
        )
        docs.append(("CharacterDetail", detail.model_dump(mode="json")))
        docs.append(
            (
                "CharacterFullSheet",
                {
                    "character": view.model_dump(mode="json"),
                    "sections": [
                        s.model_dump(mode="json")
                        for s in full_sheet(index, include_available_traits=True)
                    ],
                },
            )
        )
    assert made >= 100
    errors = validate(docs)
    assert errors == [], errors[:3]
