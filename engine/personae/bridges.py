"""Turn a generated WoD character into an NPC context or an agent character.

The mappings (age bands, tones, style lines) live in data/bridges.yaml and the agent's
system prompt in prompts/agent_from_character.j2.
"""

from __future__ import annotations

import re

from .agent import AgentCharacter, Message, MessageContent, Style
from .character import Character
from .npc import NPCBody, Quest
from .pools import pool
from .prompts import render

_GENDER = {"female": "Female", "male": "Male", "nonbinary": "Non-binary"}


def _age_band(age: int) -> str:
    for top, band in pool("bridges")["age_bands"]:
        if age <= top:
            return str(band)
    return "elderly"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?]+[.!?]+", text) if s.strip()]


def npc_from_character(c: Character, *, role: str | None = None) -> NPCBody:
    """An NPC body carrying the character's name, looks, story and temperament."""
    maps = pool("bridges")
    seen_age = c.apparent_age if c.apparent_age is not None else c.age
    quests = []
    if c.sheet.flaws:
        words = {"name": c.name_first, "flaw": c.sheet.flaws[0].name.lower()}
        quests.append(Quest(**{k: v.format(**words)[:125] for k, v in maps["npc_quest"].items()}))
    return NPCBody(
        name=c.name if len(c.name) <= 25 else c.name_first[:25],
        age=_age_band(seen_age),
        gender=_GENDER.get(c.gender, c.gender.title()),
        description=f"{c.biography} {c.appearance}"[:1400],
        traits=list(c.personality),
        role=role or maps["role_by_type"].get(c.type.value, "secondaryCharacter"),
        tone=maps["tone_by_archetype"].get(c.demeanor, maps["default_tone"]),
        quests=quests,
        seed=c.seed,
    )


def agent_from_character(c: Character) -> AgentCharacter:
    """An agent character that speaks as the WoD character."""
    kind = c.character_class.value.lower()
    if c.vampire_attributes:
        kind = f"{c.vampire_attributes.clan_name} vampire"
    elif c.werewolf_attributes:
        kind = f"{c.werewolf_attributes.tribe_name} werewolf"
    elif c.hunter_attributes:
        kind = f"hunter of the {c.hunter_attributes.creed} creed"
    top = sorted(c.sheet.skills.items(), key=lambda kv: -kv[1])[:3]
    topics = [s.lower() for s, v in top if v] + [c.concept_name.lower()]
    username = re.sub(r"[^a-z0-9_]", "", f"{c.name_first}_{c.name_last}".lower())[:50]
    system = render(
        "agent_from_character.j2",
        name=c.name,
        kind=kind,
        concept=c.concept_name,
        demeanor=c.demeanor,
        nature=c.nature,
        personality=c.personality,
        biography=c.biography,
    )[:10_000]
    lines = pool("bridges")["agent"]
    style = {
        k: [line.format(trait=c.personality[0]) for line in v] for k, v in lines["style"].items()
    }
    return AgentCharacter(
        name=c.name[:100],
        username=username or "character",
        bio=_sentences(c.biography),
        system=system,
        adjectives=list(c.personality),
        topics=topics,
        style=Style(**style),
        messageExamples=[
            [
                Message(name="{{user1}}", content=MessageContent(text=lines["opening_question"])),
                Message(name=c.name_first, content=MessageContent(text=c.quote)),
            ]
        ],
        postExamples=[c.quote],
    )
