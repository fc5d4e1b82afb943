"""The output checks, one defect at a time (no model needed)."""

from __future__ import annotations

import pytest

from personae.llm.words import WordGuard, pending_word
from personae.narrative.checks import (
    Subject,
    base_words,
    check_narrative,
    copies,
    looping,
    malformed,
    placeholder,
    sentences,
    text_problem,
)

from .conftest import make_facts

FACTS = make_facts("VAMPIRE", 4).model_copy(update={"clan": "Brujah", "thin_blood": False})
SUBJECT = Subject(
    gender="female",
    allowed=frozenset({"Marta", "Okafor", "Brujah"}),
    rivals=("Toreador", "Ventrue"),
    sources=("Write about the character named in the facts.", "She walks the quiet city."),
)
GOOD = "Marta ran a night clinic by the docks. A patient bit her one winter. She still keeps a pen."


def test_good_text_passes() -> None:
    assert text_problem(GOOD, SUBJECT, span=(3, 4)) is None


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Marta met Glaadyswale at the docks.", "not words"),
        ("Marta reads https at night.", "markup"),
        ("Marta keeps a {name} card.", "markup"),
        ("Marta is one of the Toreador now.", "another identity"),
        ("Marta thinks he is lost.", "not words"),
        ("Marta walks walks walks home.", "repeats"),
        ("marta walks home.", "clean prose"),
        ("Marta walks home", "clean prose"),
        ("Write about the character named in the facts.", "copies the prompt"),
        ("Marta knows she walks the quiet city now.", "exemplar"),
    ],
)
def test_each_defect_is_caught(text: str, reason: str) -> None:
    found = text_problem(text, SUBJECT, span=(1, 3))
    assert found is not None and reason in found, found


def test_narrative_fields() -> None:
    fields = {
        "name_first": "Marta",
        "name_last": "Okafor",
        "name_nick": None,
        "culture": "",
        "gender": "female",
        "demeanor": "Caregiver",
        "nature": "Rebel",
        "personality": ["patient", "loyal", "kind"],
        "appearance": "A tall woman with red curls and a grey coat.",
        "biography": GOOD,
        "quote": "Hold still, this will sting.",
        "sire": "Viktor Sandoval",
    }
    subject = Subject(gender="female", allowed=frozenset({"Marta", "Okafor", "Viktor", "Sandoval"}))
    assert check_narrative(fields, FACTS, subject) == {}
    cases = {
        "personality": {"personality": ["kind", "kind", "loyal"]},
        "nature": {"nature": "Caregiver"},
        "quote": {"quote": GOOD},
        "name_first": {"name_first": "Zzyzx"},
        "sire": {"sire": "Marta Sandoval"},
    }
    for key, change in cases.items():
        assert key in check_narrative({**fields, **change}, FACTS, subject), key


def test_helpers() -> None:
    assert placeholder("") and placeholder("[insert name]") and not placeholder("A real line.")
    assert looping("the the the end") and not looping("One two three four five.")
    assert malformed("no capital.") and malformed("Stops mid") and not malformed("Fine.")
    assert copies("she has skills in brawl and more", "skills in brawl and more here", 5)
    assert sentences("One. Two! Three?") == 3


def test_word_guard() -> None:
    guard = WordGuard.build(base_words(), ["Marta"], ["he", "him", "his"])
    assert guard.allows("", " the")
    assert guard.allows("mar", "ta ")
    assert not guard.allows("", "glaadys")
    assert not guard.allows("", " he ")
    assert guard.allows("", " hel")  # may still become "help"
    assert guard.allows("don", "'t ")
    assert not guard.allows("the", "'tribe")
    assert pending_word("Marta wal") == "wal" and pending_word("Marta ") == ""


def test_a_statement_cut_off_mid_phrase_is_refused_but_a_question_may_end_on_for() -> None:
    from personae.narrative.checks import dangling

    assert dangling("Everyone asks about the depth of. What do you think it means?")
    assert dangling("She was born in the.")
    assert not dangling("Who do you work for?")
    assert not dangling("I keep my promises, even the ugly ones.")


@pytest.mark.parametrize(
    ("field", "text", "reason"),
    [
        ("appearance", "I have read about people like her and I am afraid.", "first person"),
        ("appearance", "A tall man with a thick beard.", "not words"),  # she is a woman
        ("biography", "Ruth Adler rode for the Stone Knights until dawn. She never stopped."
         " She is still there.", "capitalized"),
        ("biography", "Ruth Adler worked the docks. Who could blame her? She left.", "question"),
        ("quote", "Ruth has always loved life. She does not care.", "voice"),
        ("quote", "She has no fear. She will fight for what matters.", "voice"),
        ("biography", "Ruth Adler was born in the Ireland. She left. She came back.", "article"),
        ("quote", "The Shadow Of The Past Saved The Future.", "capitalized"),
    ],
)
def test_voice_gender_and_made_up_names(field: str, text: str, reason: str) -> None:
    facts = make_facts("MORTAL", 3)
    fields = {
        "name_first": "Ruth",
        "name_last": "Adler",
        "gender": "female",
        "appearance": "A lean woman in a grey coat.",
        "biography": "Ruth Adler grew up by the docks. She learned to listen. She still does.",
        "quote": "I keep my promises.",
    }
    fields[field] = text
    subject = Subject(gender="female", allowed=frozenset({"Ruth", "Adler"}))
    bad = check_narrative(fields, facts, subject, only=[field])
    assert field in bad and reason in bad[field], bad
    assert check_narrative({**fields, field: {
        "appearance": "A lean woman in a grey coat.",
        "biography": "Ruth Adler grew up by the docks. She learned to listen. She still does.",
        "quote": "I keep my promises.",
    }[field]}, facts, subject, only=[field]) == {}
