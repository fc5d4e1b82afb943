"""Turn a generated WoD character into an agent character that speaks as it.

The style lines live in data/bridges.yaml and the system prompt in
prompts/agent_from_character.j2.
"""

from __future__ import annotations

import re

from ...character import Character
from ...pools import pool
from ...prompts import render
from .models import AgentCharacter, Message, MessageContent, Style


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?]+[.!?]+", text) if s.strip()]


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
