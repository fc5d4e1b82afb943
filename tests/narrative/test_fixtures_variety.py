"""A thousand fixture characters through the whole pipeline (rules backend): varied, clean."""

from __future__ import annotations

import re
from collections import Counter

from personae import Personae, Store, load_ruleset
from personae.audit import audit_character

SENTENCE = re.compile(r"[^.!?]+[.!?]")


def test_a_thousand_fixtures() -> None:
    store = Store(":memory:")
    characters = Personae(store).fixtures(1000, 1)
    store.close()
    rules = load_ruleset()
    identity = dict(rules.identity_names)
    identity["predator type"] = [p.name for p in rules.vampire.predator_types]
    moons = [a.moon for a in rules.werewolf.auspices]
    quotes = {c.quote for c in characters}
    sentences: Counter[str] = Counter()
    for c in characters:
        sentences.update({s.strip() for s in SENTENCE.findall(c.biography)})
        assert audit_character(c, identity, moons) == [], c.name
    assert len(quotes) >= 500
    assert sentences.most_common(1)[0][1] <= 30
    genders = Counter(c.gender for c in characters)
    assert genders["nonbinary"] < genders["female"] and genders["nonbinary"] < genders["male"]
