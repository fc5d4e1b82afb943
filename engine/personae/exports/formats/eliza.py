"""`eliza`: an elizaOS character file valid under both @elizaos/core 1.x (strict keys,
`messageExamples` as arrays of arrays) and 2.x (schemas/character.ts). Only the keys both
accept are written; provenance goes in `settings.personae`."""

from __future__ import annotations

import re
import uuid
from typing import Any

from ...character import Character
from ..base import Exporter, Notes, register_exporter
from ..cards import agree_for, card_view, lorebook, parse_examples, tidy
from ..data import dumps, provenance, render_template, table


def _lines(name: str, v: dict[str, Any], **extra: Any) -> list[str]:
    text = render_template(name, v=v, P=v["pronouns"], agree=agree_for(v["pronouns"]), **extra)
    return [tidy(line) for line in text.splitlines() if line.strip()]


def character_uuid(character: Character) -> str:
    """The character id as a UUID (ids are 32 hex digits); other ids map through uuid5."""
    if re.fullmatch(r"[0-9a-fA-F]{32}", character.id):
        return str(uuid.UUID(hex=character.id))
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"personae:{character.id}"))


def eliza_character(character: Character, notes: Notes) -> dict[str, Any]:
    v = card_view(character, notes)
    cls = character.character_class.value
    words = table("cards")
    book = lorebook(character, v, notes, v3=False)
    lore = [
        e["content"]
        for e in book["entries"]
        if e["comment"] in ("clan", "sire", "domitor", "tribe", "auspice", "pack", "creed", "cell")
    ]
    conversation_text = render_template(
        "card/mes_example.j2", v=v, P=v["pronouns"], agree=agree_for(v["pronouns"])
    )
    examples = parse_examples(conversation_text, character.name)
    topics: list[str] = []
    for t in [
        *words["topics"][cls],
        v["concept"].lower(),
        v["clan"],
        (v["tribe"] or {}).get("name"),
        (v["creed"] or {}).get("name"),
        *v["best_skill_names"],
    ]:
        if t and t not in topics:
            topics.append(t)
    return {
        "id": character_uuid(character),
        "name": character.name,
        "username": re.sub(r"[^a-z0-9]+", "_", character.name.lower()).strip("_")[:50],
        "system": tidy(
            render_template(
                "eliza/system.j2",
                v=v,
                P=v["pronouns"],
                agree=agree_for(v["pronouns"]),
                secret=v["secret"],
            )
        ),
        "bio": _lines("eliza/bio.j2", v, lore=lore),
        "messageExamples": examples,
        "postExamples": _lines("eliza/posts.j2", v),
        "topics": topics,
        "adjectives": list(character.personality),
        "settings": {"personae": provenance(character)},
        "style": {
            "all": _lines("eliza/style_all.j2", v, secret=v["secret"]),
            "chat": _lines("eliza/style_chat.j2", v),
            "post": _lines("eliza/style_post.j2", v),
        },
    }


@register_exporter
class ElizaExporter(Exporter):
    name = "eliza"
    media_type = "application/json"
    extension = "character.json"
    description = "elizaOS character file (valid for @elizaos/core 1.x and 2.x)"

    def render(self, character: Character, notes: Notes) -> bytes:
        notes.warn(
            "elizaOS: the trait sheet (attributes, skills, powers) has no place in a character "
            "file; it is summarised in bio"
        )
        return dumps(eliza_character(character, notes))
