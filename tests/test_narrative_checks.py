"""Pure-logic tests of the model-output checks (no model needed)."""

from __future__ import annotations

from personae.narrative.base import NarrativeFacts
from personae.narrative.checks import (
    check_narrative,
    copies_prompt,
    looping,
    malformed,
    placeholder,
    sentences,
)

FACTS = NarrativeFacts(
    character_class="VAMPIRE",
    character_type="NPC",
    level="NEW",
    concept="Healer",
    concept_blurb="Mends bodies.",
    clan="Brujah",
)
GOOD = {
    "name_first": "Marta",
    "name_last": "Okonkwo",
    "nickname": "Stitch",
    "gender": "female",
    "age": 31,
    "demeanor": "Caregiver",
    "nature": "Rebel",
    "appearance": "A wiry woman with cropped hair and a nurse's watch.",
    "personality": ["patient", "wry", "stubborn"],
    "biography": "Marta ran a night clinic in the docks. A patient bit her one winter. "
    "The Brujah who turned her wanted a medic. Now she patches up the gang.",
    "quote": "Hold still, this will sting.",
    "sire": "Viktor Sandoval",
}
RIVALS = {
    "clan": ["Brujah", "Toreador", "Ventrue"],
    "tribe": ["Glass Walkers"],
    "creed": ["Martial creed"],
}


def test_good_output_passes() -> None:
    assert check_narrative(GOOD, FACTS, "You write characters.", RIVALS, set()) == {}


def test_each_defect_is_caught_on_its_field() -> None:
    cases = {
        "biography": {"biography": "Marta is a Toreador healer. She works nights. She is kind."},
        "quote": {"quote": "lorem ipsum dolor sit amet"},
        "appearance": {"appearance": "tall tall tall tall and tall tall tall tall tall man."},
        "name_first": {"name_first": "Healer"},
        "nature": {"nature": "Caregiver"},
        "personality": {"personality": ["wry", "wry", "calm"]},
    }
    for field, change in cases.items():
        bad = check_narrative({**GOOD, **change}, FACTS, "Concept: Healer.", RIVALS, set())
        assert field in bad, (field, bad)


def test_taken_names_are_rejected() -> None:
    bad = check_narrative(GOOD, FACTS, "x", RIVALS, {"Marta Okonkwo"})
    assert "name_first" in bad


def test_helpers() -> None:
    assert placeholder("") and placeholder("[insert name]") and not placeholder("A real line.")
    assert looping("the the the end") and not looping("One two three four five.")
    assert malformed("no capital.") and malformed("Stops mid") and not malformed("Fine.")
    assert copies_prompt("She has best skills in brawl", "best skills in brawl and more")
    assert sentences("One. Two! Three?") == 3
