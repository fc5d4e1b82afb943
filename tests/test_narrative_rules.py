from __future__ import annotations

import re

from personae import Personae, generate_character
from personae.generate import Owner
from personae.pools import pool

NAME = re.compile(r"^[A-Z][A-Za-z'\-]{2,19}$")


def test_name_pools_are_large_and_well_formed() -> None:
    cultures = pool("names")["cultures"]
    first = {n for c in cultures.values() for g in c["given"].values() for n in g or []}
    last = {n for c in cultures.values() for n in c["family"]}
    assert len(first) >= 300 and len(last) >= 300 and len(cultures) >= 15
    assert all(NAME.match(n) for n in first | last)


def test_biography_uses_the_sheet() -> None:
    for seed in range(30):
        c = generate_character(character_class="VAMPIRE", seed=seed)
        sentences = re.findall(r"[^.!?]+[.!?]", c.biography)
        assert 3 <= len(sentences) <= 6, c.biography
        assert c.vampire_attributes.clan_name.lower() in c.biography.lower() or (
            c.vampire_attributes.clan_id == "thin-blood" and "thin-blood" in c.biography
        )
        if c.vampire_attributes.predator_type:
            assert c.vampire_attributes.predator_type in c.biography
        assert c.name_first in c.biography
        assert c.demeanor and c.nature and c.appearance and len(c.personality) == 3


def test_class_extras_in_narrative() -> None:
    w = generate_character(character_class="WEREWOLF", seed=1)
    assert w.werewolf_attributes.tribe_name in w.biography
    h = generate_character(character_class="HUNTER", seed=1)
    assert h.hunter_attributes.cell_name and h.hunter_attributes.creed in h.biography


def test_names_unique_within_a_campaign(store) -> None:
    engine = Personae(store)
    owner = Owner(user_id="u", company_id="co", campaign_id="camp")
    names = [engine.generate(owner=owner, seed=7).name for _ in range(40)]
    assert len(set(names)) == 40
    other = engine.generate(owner=Owner(campaign_id="other"), seed=7)
    assert other.name == names[0], "another campaign may reuse the name"


def test_some_characters_get_nicknames() -> None:
    nicks = [generate_character(seed=s).name_nick for s in range(60)]
    assert any(nicks) and not all(nicks)
