"""Turn a generated WoD character into an NPC context or an agent character."""

from __future__ import annotations

import re

from .agent import AgentCharacter, Message, MessageContent, Style
from .character import Character
from .npc import NPCBody, Quest

_AGE_BANDS = [
    (2, "infant"),
    (12, "child"),
    (19, "teenager"),
    (29, "youngAdult"),
    (49, "adult"),
    (64, "middleAged"),
]
_TONE_BY_ARCHETYPE = {
    "Architect": "formal",
    "Autocrat": "formal",
    "Judge": "formal",
    "Traditionalist": "formal",
    "Pedagogue": "formal",
    "Conniver": "sarcastic",
    "Curmudgeon": "sarcastic",
    "Rogue": "sarcastic",
    "Trickster": "sarcastic",
    "Caregiver": "emotive",
    "Martyr": "emotive",
    "Penitent": "emotive",
    "Child": "emotive",
    "Loner": "mysterious",
    "Visionary": "mysterious",
    "Monster": "mysterious",
    "Fanatic": "mysterious",
}
_GENDER = {"female": "Female", "male": "Male", "nonbinary": "Non-binary"}


def _age_band(age: int) -> str:
    for top, band in _AGE_BANDS:
        if age <= top:
            return band
    return "elderly"


def _sentences(text: str) -> list[str]:
    return [s.strip() for s in re.findall(r"[^.!?]+[.!?]+", text) if s.strip()]


def npc_from_character(c: Character, *, role: str | None = None) -> NPCBody:
    """An NPC body carrying the character's name, looks, story and temperament."""
    seen_age = c.apparent_age if c.apparent_age is not None else c.age
    description = f"{c.biography} {c.appearance}"[:1400]
    quests = []
    if c.sheet.flaws:
        flaw = c.sheet.flaws[0].name
        quests.append(
            Quest(
                description=f"Help {c.name_first} deal with {flaw.lower()}."[:125],
                objective=f"Learn what {flaw.lower()} costs {c.name_first}."[:125],
                reward="A favour from " + c.name_first,
            )
        )
    default_role = {"NPC": "secondaryCharacter", "STORYTELLER": "antagonist"}.get(
        c.type.value, "protagonist"
    )
    return NPCBody(
        name=c.name[:25] if len(c.name) <= 25 else c.name_first[:25],
        age=_age_band(seen_age),
        gender=_GENDER.get(c.gender, c.gender.title()),
        description=description,
        traits=list(c.personality),
        role=role or default_role,
        tone=_TONE_BY_ARCHETYPE.get(c.demeanor, "casual"),
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
    system = (
        f"You are {c.name}, a {kind} and {c.concept_name.lower()} in a World of "
        f"Darkness story. You seem {c.demeanor.lower()} but are {c.nature.lower()} at "
        f"heart; you are {', '.join(c.personality)}. Speak in the first person, stay in "
        f"character and never mention game rules. {c.biography}"
    )[:10_000]
    return AgentCharacter(
        name=c.name[:100],
        username=username or "character",
        bio=_sentences(c.biography),
        system=system,
        adjectives=list(c.personality),
        topics=topics,
        style=Style(
            all=["Stay in character", f"Sound {c.personality[0]}"],
            chat=["Answer in one or two sentences"],
            post=["Write as if posting late at night"],
        ),
        messageExamples=[
            [
                Message(name="{{user1}}", content=MessageContent(text="Who are you, really?")),
                Message(name=c.name_first, content=MessageContent(text=c.quote)),
            ]
        ],
        postExamples=[c.quote],
    )
