"""Gender, names and group names, each from its own seeded stream, always from data/ pools.

The narrative never takes the names already used in a campaign: a character's content
depends only on (ruleset, request, seed, backend, model). The store picks the first free
name variant and calls `rename_text` to move the written text onto it.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from .. import names
from ..pools import pool
from ..seeding import stage_rng
from .base import Narrative, NarrativeFacts

GENDERS = ("female", "male", "nonbinary")
_ATTEMPTS = 64


@dataclass(frozen=True)
class NameChoice:
    """A character's name: given and family name from one culture, an optional nickname."""

    first: str
    last: str
    nick: str | None
    culture: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"


def choose_gender(seed: int) -> str:
    """The character's gender, from its own stream, weighted by data/narrative.yaml."""
    weights = pool("narrative")["gender_weights"]
    rng = stage_rng(seed, "gender")
    return rng.choices(GENDERS, weights=[float(weights[g]) for g in GENDERS], k=1)[0]


def given_pool(culture: str, gender: str) -> list[str]:
    """Given names of one culture that fit a gender (neutral names for nonbinary)."""
    return names.given_names(culture, gender)


def _pick(rng: random.Random, gender: str, avoid: set[str]) -> tuple[str, str, str]:
    cultures = names.cultures()
    canon = set(names.canon_names())
    for _ in range(_ATTEMPTS):
        culture = rng.choice(cultures)
        given = given_pool(culture, gender)
        family = list(names.family_names(culture))
        if not given or not family:
            continue
        first, last = rng.choice(given), rng.choice(family)
        parts = {first, last}
        if first != last and not parts & avoid and not parts & canon:
            return first, last, culture
    raise RuntimeError("data/names.yaml has too few names to pick from; add more names")


def choose_name(facts: NarrativeFacts | None, seed: int, variant: int, gender: str) -> NameChoice:
    """Variant `variant` of the character's name, from the ('name', variant) stream."""
    del facts  # names do not depend on the sheet today; kept so they may (e.g. by region)
    rng = stage_rng(seed, "name", variant)
    first, last, culture = _pick(rng, gender, set())
    nick = None
    if rng.random() < float(pool("narrative")["nickname_chance"]):
        options = [n for n in names.nicknames() if n not in (first, last)]
        nick = rng.choice(options) if options else None
    return NameChoice(first=first, last=last, nick=nick, culture=culture)


def sire_name(seed: int, own: NameChoice) -> str:
    """A different person's pool name (never sharing a name part with the character)."""
    rng = stage_rng(seed, "sire")
    gender = rng.choice(("female", "male"))
    first, last, _ = _pick(rng, gender, {own.first, own.last, own.nick or ""})
    return f"{first} {last}"


def _group_name(seed: int, key: str) -> str:
    parts = pool("narrative")[key]
    rng = stage_rng(seed, key)
    return f"{rng.choice(parts['first'])} {rng.choice(parts['second'])}"


def pack_name(seed: int) -> str:
    return _group_name(seed, "pack_name")


def cell_name(seed: int) -> str:
    return _group_name(seed, "cell_name")


def rename_text(text: str, old: NameChoice, new: NameChoice) -> str:
    """Move text written about `old` onto `new`: the full name, then the given name, the
    family name and the nickname, each only as a whole, case-sensitive word."""
    pairs = [(old.full, new.full), (old.first, new.first), (old.last, new.last)]
    if old.nick:
        pairs.append((old.nick, new.nick or new.first))
    pairs = [(a, b) for a, b in pairs if a and a != b]
    if not pairs:
        return text
    # one pass, longest first, so a replaced name is never replaced again
    table = dict(pairs)
    pattern = re.compile(
        r"(?<![\w'-])("
        + "|".join(re.escape(a) for a in sorted(table, key=len, reverse=True))
        + r")(?![\w-])"
    )
    return pattern.sub(lambda m: table[m.group(1)], text)


NAME_FIELDS = ("name_first", "name_last", "name_nick")
TEXT_FIELDS = ("appearance", "biography", "quote")


def rename_narrative(
    narrative: Narrative, facts: NarrativeFacts, seed: int, variant: int
) -> Narrative:
    """The same narrative under name variant `variant` (written with variant 0)."""
    if variant == 0:
        return narrative
    old = NameChoice(
        narrative.name_first, narrative.name_last, narrative.name_nick, narrative.culture
    )
    new = choose_name(facts, seed, variant, narrative.gender)
    changes: dict[str, object] = {
        "name_first": new.first,
        "name_last": new.last,
        "name_nick": new.nick,
        "culture": new.culture,
        "name_variant": variant,
    }
    for key in TEXT_FIELDS:
        changes[key] = rename_text(getattr(narrative, key), old, new)
    return narrative.model_copy(update=changes)
