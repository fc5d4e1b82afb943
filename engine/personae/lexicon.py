"""The words narrative may use: common English words, the pools' names and the ruleset's
proper nouns, all lower case.

data/lexicon.txt holds the most frequent English words (built by tools/build_lexicon.py
from the wordfreq package). `lexicon()` adds the words of every name in data/names.yaml,
of the pack and cell name word lists in data/narrative.yaml, and of every `name` in the
default ruleset (clans, disciplines, powers, tribes, auspices, gifts, rites, creeds, edges,
perks, merits, flaws, predator types, concepts, ...). `unknown_words` lists the words of a
text that are in none of them.

Nothing heavy is imported here (the pools' YAML loader only); the ruleset is loaded on the
first call to `lexicon()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from .pools import pool
from .resources import data_dir

LEXICON_FILE = "lexicon.txt"
# word lists of data/narrative.yaml that pack and cell names are made of
GROUP_NAME_LISTS = ("pack_name", "cell_name")
# a word: letters, optionally joined by apostrophes or hyphens ("don't", "well-known")
_WORD = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'"})


def _fold(word: str) -> str:
    return word.translate(_APOSTROPHES).casefold()


def words_of(text: str) -> list[str]:
    """The words of a text as written (letters joined by apostrophes or hyphens)."""
    return _WORD.findall(text)


@cache
def common_words() -> tuple[str, ...]:
    """The words of data/lexicon.txt, most frequent first, without careless spellings and
    without the short fragments that are not in data/checks.yaml's `short_words`."""
    path = data_dir() / LEXICON_FILE
    lines = path.read_text(encoding="utf-8").splitlines()
    words = tuple(s for line in lines if (s := line.strip()) and not s.startswith("#"))
    checks = pool("checks")
    drop = careless_spellings(words, frozenset(checks["careless_lookalikes_kept"]))
    short = frozenset(checks["short_words"])
    return tuple(w for w in words if w not in drop and (len(w) > 2 or w in short))


def careless_spellings(words: Iterable[str], kept: frozenset[str]) -> frozenset[str]:
    """Web spellings among `words` that careful text never uses: a contraction without
    its apostrophe ("dont", "hes") when the list has the contraction and the bare form is
    not in `kept` (a word of its own: "well", "its"), and a g-dropped form ("goin") when
    the list has its "-ing" form and its stem."""
    known = frozenset(words)
    out = {w.replace("'", "") for w in known if "'" in w} & known
    out |= {
        w
        for w in known
        if w.endswith("in") and len(w) > 3 and w + "g" in known and w[:-2] in known
    }
    return frozenset(out - kept)


def _folded_words(texts: Iterable[str]) -> Iterator[str]:
    """Lower-case words of some proper nouns, each part of their hyphenated words, and
    the base of a possessive ("Baal's" gives "baal's" and "baal")."""
    for text in texts:
        for word in words_of(text):
            folded = _fold(word)
            for part in {folded, *folded.split("-")}:
                yield part
                yield _possessive_base(part)


def _name_texts() -> Iterator[str]:
    from . import names

    yield from names.all_given()
    yield from names.all_family()
    yield from names.nicknames()
    narrative = pool("narrative")
    for key in GROUP_NAME_LISTS:
        for part in narrative.get(key, {}).values():
            yield from part


def _spec_names(node: Any) -> Iterator[str]:
    """Every `name` string found anywhere in a ruleset spec (pydantic models, lists, dicts)."""
    stack = [node]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, dict):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif hasattr(item, "__pydantic_fields__"):
            name = getattr(item, "name", None)
            if isinstance(name, str):
                yield name
            stack.extend(getattr(item, f) for f in type(item).__pydantic_fields__)


# Data files whose strings are text we wrote for narrative, NPCs and agents: every word in
# them is a word (template slots such as "{opener}" are not).
PROSE_POOLS = ("narrative", "npc", "agent")


def _strings(node: Any) -> Iterator[str]:
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)


def _prose_texts() -> Iterator[str]:
    for name in PROSE_POOLS:
        for text in _strings(pool(name)):
            yield re.sub(r"\{[^{}]*\}", " ", text)


def _ruleset_texts() -> Iterator[str]:
    from .ruleset import load_ruleset

    spec = load_ruleset().spec
    yield from _spec_names(spec)
    yield from spec.classes  # VAMPIRE, GHOUL, ...


@cache
def ruleset_words() -> frozenset[str]:
    """The lower-case words of the default ruleset's names (clans, powers, merits, ...)."""
    return frozenset(_folded_words(_ruleset_texts()))


@cache
def lexicon() -> frozenset[str]:
    """Every word narrative may use, lower case (cached for the process)."""
    found = set(common_words())
    found.update(_folded_words(_name_texts()))
    found.update(ruleset_words())
    found.update(_folded_words(_prose_texts()))
    return frozenset(found)


def is_known(word: str) -> bool:
    """Whether one word (any case, possessive allowed) is in the lexicon."""
    known = lexicon()
    folded = _fold(word)
    if folded in known:
        return True
    if folded.endswith("'s") and folded[:-2] in known:
        return True
    if "-" in folded:
        return all(part in known or _possessive_base(part) in known for part in folded.split("-"))
    return False


def _possessive_base(word: str) -> str:
    return word[:-2] if word.endswith("'s") else word


def unknown_words(text: str) -> list[str]:
    """The words of `text` not in the lexicon, as first written, each once, in order.

    Words are case-folded for the lookup; a possessive "'s" is stripped; a hyphenated
    compound passes when it is listed whole or when each of its parts is known.
    """
    unknown: dict[str, str] = {}
    for word in words_of(text):
        folded = _fold(word)
        if folded not in unknown and not is_known(word):
            unknown[folded] = word
    return list(unknown.values())
