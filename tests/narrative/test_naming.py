"""Gender, names and renames: seeded streams from the pools."""

from __future__ import annotations

from collections import Counter

from personae import names
from personae.narrative.naming import (
    NameChoice,
    choose_gender,
    choose_name,
    rename_text,
    sire_name,
)
from personae.pools import pool

from .conftest import make_facts

FACTS = make_facts("MORTAL", 1)


def test_names_are_seeded_gendered_and_from_the_pools() -> None:
    for seed in range(300):
        gender = choose_gender(seed)
        a = choose_name(FACTS, seed, 0, gender)
        assert a == choose_name(FACTS, seed, 0, gender)
        assert a.first in names.given_names(a.culture, gender)
        assert a.last in names.family_names(a.culture)
        assert not {a.first, a.last} & names.canon_names()
        assert a.nick is None or a.nick in names.nicknames()


def test_variants_are_other_names_from_their_own_stream() -> None:
    seen = {choose_name(FACTS, 5, v, "female").full for v in range(20)}
    assert len(seen) >= 18


def test_gender_follows_the_data_weights() -> None:
    weights = pool("narrative")["gender_weights"]
    counts = Counter(choose_gender(seed) for seed in range(4000))
    total = sum(float(w) for w in weights.values())
    for gender, weight in weights.items():
        assert abs(counts[gender] / 4000 - float(weight) / total) < 0.03


def test_sire_is_another_person() -> None:
    for seed in range(200):
        own = choose_name(FACTS, seed, 0, "male")
        sire = sire_name(seed, own)
        first, last = sire.split(" ")
        assert {first, last}.isdisjoint({own.first, own.last})
        assert names.is_pool_name(sire)


def test_rename_replaces_whole_names_only() -> None:
    old = NameChoice("Ana", "Lopez", "Doc", "spanish")
    new = NameChoice("Marta", "Kovac", None, "slavic")
    text = "Ana Lopez met Anabel. Ana's coat; Doc laughed, and Lopez left. Doctor Ana."
    out = rename_text(text, old, new)
    want = "Marta Kovac met Anabel. Marta's coat; Marta laughed, and Kovac left. Doctor Marta."
    assert out == want
    assert rename_text(out, new, new) == out
