"""Turn a generated WoD character into an NPC context body.

The mappings (age bands, tones, quest wording) live in data/bridges.yaml.
"""

from __future__ import annotations

from ...character import Character
from ...pools import pool
from .models import NAME_MAX, NPCBody, Quest


def _age_band(age: int) -> str:
    for top, band in pool("bridges")["age_bands"]:
        if age <= top:
            return str(band)
    return "elderly"


def npc_from_character(c: Character, *, role: str | None = None) -> NPCBody:
    """An NPC body carrying the character's name, looks, story and temperament."""
    maps = pool("bridges")
    seen_age = c.apparent_age if c.apparent_age is not None else c.age
    quests = []
    if c.sheet.flaws:
        words = {"name": c.name_first, "flaw": c.sheet.flaws[0].name.lower()}
        quests.append(Quest(**{k: v.format(**words)[:125] for k, v in maps["npc_quest"].items()}))
    return NPCBody(
        name=c.name if len(c.name) <= NAME_MAX else c.name_first[:NAME_MAX],
        age=_age_band(seen_age),
        gender=pool("bridges")["npc_gender"].get(c.gender, c.gender.title()),
        description=f"{c.biography} {c.appearance}"[:1400],
        traits=list(c.personality),
        role=role or maps["role_by_type"].get(c.type.value, "secondaryCharacter"),
        tone=maps["tone_by_archetype"].get(c.demeanor, maps["default_tone"]),
        quests=quests,
        seed=c.seed,
    )
