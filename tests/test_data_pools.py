"""Every word pool loads with the types the code expects (YAML turns `no` into False), and
the name pools and the lexicon hold what narrative relies on."""

from __future__ import annotations

import re
from collections import Counter
from typing import Any

import pytest

from personae import names
from personae.lexicon import common_words, lexicon, unknown_words
from personae.pools import pool
from personae.resources import data_dir

POOLS = sorted(p.stem for p in data_dir().glob("*.yaml"))
# The brief's shape with `[a-z]*` after the capital, so that O'Brien and O'Neill pass.
NAME = re.compile(r"^[A-Z][a-z]*([-'][A-Z]?[a-z]+)?$")
LEXICON_WORD = re.compile(r"^[a-z]+(['-][a-z]+)*$")
# wordfreq folds case, so names people write often rank among its most frequent "words".
# These given names are in the lexicon's top 5,000 only as names, not as ordinary words.
NAMES_NOT_WORDS = frozenset(
    {"Adam", "Barbara", "Alex", "Ali", "Alice", "Anderson", "Anna", "Arthur", "Austin", "Cameron"}
    | {"Carolina", "Charles", "Charlie", "Charlotte", "Chelsea", "Dallas", "Dan", "Daniel"}
    | {"Diego", "Edward", "Elizabeth", "Emma", "Francisco", "Gary", "George", "Georgia"}
    | {"Gordon", "Harry", "Henry", "Hong", "Jacob", "James", "Jeff", "Jonathan", "Jordan"}
    | {"Jose", "Joseph", "Justin", "Kevin", "Kim", "Laura", "Louis", "Margaret", "Matthew"}
    | {"Morgan", "Murray", "Oliver", "Oscar", "Patrick", "Peter", "Richard", "Robert"}
    | {"Roman", "Ryan", "Sam", "Sarah", "Scott", "Simon", "Stephen", "Taylor", "Thomas"}
    | {"Walter", "Washington", "Wayne", "William", "Wilson"}
)


def _leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _leaves(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [x for i, v in enumerate(node) for x in _leaves(v, f"{path}[{i}]")]
    return [(path, node)]


@pytest.mark.parametrize("name", POOLS)
def test_pool_leaves_are_text_or_numbers(name: str) -> None:
    for path, leaf in _leaves(pool(name)):
        assert isinstance(leaf, str | int | float) and not isinstance(leaf, bool), (name, path)
        if isinstance(leaf, str):
            assert leaf.strip(), (name, path)


# --- names ----------------------------------------------------------------------------------


def _name_lists() -> list[tuple[str, list[str]]]:
    """Every list of names in data/names.yaml, labelled culture.list."""
    found: list[tuple[str, list[str]]] = []
    for culture, entry in pool("names")["cultures"].items():
        for kind, given in entry["given"].items():
            found.append((f"{culture}.{kind}", list(given or [])))
        found.append((f"{culture}.family", list(entry["family"])))
    return found


def test_name_pools_are_large_and_spread_over_cultures() -> None:
    assert len(names.cultures()) >= 30
    assert len(names.all_given()) >= 1500
    assert len(names.all_family()) >= 1000
    for culture in names.cultures():
        assert names.culture_label(culture), culture
        assert len(names.given_names(culture, "female")) >= 20, culture
        assert len(names.given_names(culture, "male")) >= 20, culture
        assert len(names.family_names(culture)) >= 30, culture


def test_names_are_plain_ascii_and_well_formed() -> None:
    for label, listed in _name_lists():
        for name in listed:
            assert NAME.match(name) and 3 <= len(name) <= 14, (label, name)


def test_no_duplicates_in_a_list_and_genders_do_not_overlap() -> None:
    for label, listed in _name_lists():
        assert not [n for n, k in Counter(listed).items() if k > 1], label
    for culture in names.cultures():
        female = set(names.given_names(culture, "female"))
        male = set(names.given_names(culture, "male"))
        neutral = set(names.given_names(culture, "neutral"))
        assert not female & male and not (female | male) & neutral, culture


def test_nicknames_are_short_plain_words() -> None:
    nicks = names.nicknames()
    assert len(nicks) >= 60 and len(set(nicks)) == len(nicks)
    assert all(re.fullmatch(r"[A-Z][a-z]{2,11}", n) for n in nicks), nicks


def test_canon_names_stay_out_of_the_pools() -> None:
    canon = {n.casefold() for n in names.canon_names()}
    assert len(canon) >= 40
    assert {"beckett", "lucita", "caine", "lilith", "tremere", "ventrue"} <= canon
    assert not [n for n in names.all_family() if n.casefold() in canon]
    assert not [n for n in names.all_given() if n.casefold() in canon]
    assert not [n for n in names.nicknames() if n.casefold() in canon]
    assert names.is_canon_name("beckett") and not names.is_canon_name("Aoife")


def test_given_names_are_not_ordinary_words() -> None:
    top = set(common_words()[:5000])
    clashes = {n for n in names.all_given() if n.lower() in top}
    assert clashes <= NAMES_NOT_WORDS, sorted(clashes - NAMES_NOT_WORDS)
    for word in ("Will", "Rose", "Hope", "Grace", "Mark", "Bill", "Frank", "Dawn", "Hunter"):
        assert word not in names.all_given(), word


def test_every_pool_name_is_in_the_lexicon() -> None:
    everything = [*names.all_given(), *names.all_family(), *names.nicknames()]
    assert unknown_words(" ".join(everything)) == []


def test_given_names_by_gender() -> None:
    assert names.given_names("irish", "female")[:2] == ["Aoife", "Ciara"]
    neutral = names.given_names("english", "neutral")
    assert neutral and names.given_names("english", "nonbinary") == neutral
    # a culture without neutral names falls back to both gendered lists for nonbinary
    assert names.given_names("armenian", "neutral") == []
    both = names.given_names("armenian", "female") + names.given_names("armenian", "male")
    assert names.given_names("armenian", "nonbinary") == both
    with pytest.raises(ValueError):
        names.given_names("irish", "other")
    with pytest.raises(KeyError):
        names.family_names("atlantean")


def test_pool_name_lookup() -> None:
    assert names.is_pool_name("Aoife Brennan") and names.is_pool_name("O'Brien")
    assert not names.is_pool_name("Bossa-Vaaradellosqueengogitlusceanoftj Af")
    assert not names.is_pool_name("") and not names.is_pool_name("aoife")


# --- lexicon --------------------------------------------------------------------------------


def test_lexicon_file_is_large_and_clean() -> None:
    text = (data_dir() / "lexicon.txt").read_text(encoding="utf-8")
    header = [line for line in text.splitlines()[:8] if line.startswith("#")]
    assert any("wordfreq" in line for line in header)
    assert any("CC BY-SA 4.0" in line for line in header)
    assert any("tools/build_lexicon.py" in line for line in header)
    words = common_words()
    assert len(words) >= 20_000 and len(set(words)) == len(words)
    assert all(LEXICON_WORD.match(w) and len(w) <= 20 for w in words)
    assert {"the", "rain", "walked", "don't", "it's"} <= set(words)
    blocked = (data_dir() / "lexicon_blocklist.txt").read_text(encoding="utf-8").splitlines()
    blocked_words = {w.strip() for w in blocked if w.strip() and not w.startswith("#")}
    assert blocked_words and not blocked_words & set(words)


def test_lexicon_adds_names_and_ruleset_terms() -> None:
    words = lexicon()
    assert len(words) > len(common_words())
    assert {"aoife", "o'brien", "okonkwo", "brujah", "tremere", "ahroun"} <= words
    assert all(w == w.lower() for w in words)


def test_unknown_words() -> None:
    junk = "Bossa-Vaaradellosqueengogitlusceanoftj giantismehreiagamint"
    assert unknown_words(junk) == ["Bossa-Vaaradellosqueengogitlusceanoftj", "giantismehreiagamint"]
    assert unknown_words("She walked into the rain, didn't she?") == []
    assert unknown_words("The Tremere's haven, a well-known Brujah’s bar.") == []
    assert unknown_words("Glaadyswale met Aoife; glaadyswale left.") == ["Glaadyswale"]


# --- narrative word lists -------------------------------------------------------------------


@pytest.mark.parametrize("key", ["pack_name", "cell_name"])
def test_group_name_words(key: str) -> None:
    parts = pool("narrative")[key]
    first, second = parts["first"], parts["second"]
    assert len(first) >= 40 and len(second) >= 40
    assert len(set(first)) == len(first) and len(set(second)) == len(second)
    assert not set(first) & set(second)
    assert unknown_words(" ".join(first + second)) == []
    canon = {n.casefold() for n in names.canon_names()}
    assert not [w for w in first + second if w.casefold() in canon]


def test_gender_weights() -> None:
    weights = pool("narrative")["gender_weights"]
    assert set(weights) == {"female", "male", "nonbinary"}
    assert all(isinstance(w, int | float) and w > 0 for w in weights.values())
