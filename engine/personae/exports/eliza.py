"""elizaOS character files: writing one from a Character (valid under @elizaos/core 1.x and
2.x), and reading any elizaOS file (0.x, 1.x or 2.x forms) into an agent character.

Only the keys both core versions accept are written: `knowledge` is left out because 1.x
and 2.x disagree on its item shape. Provenance goes in `settings.personae`.
"""

from __future__ import annotations

import copy
import json
import re
import uuid
from typing import Any

from ..character import Character
from ..errors import FieldProblem, InvalidRequestError
from .base import Notes
from .cards import agree_for, card_view, lorebook, parse_examples, tidy
from .data import provenance, render_template, table

# Keys of an elizaOS character file the agent character keeps as they are.
KEPT_KEYS = ("id", "plugins", "settings", "knowledge", "templates")
# Keys written to files meant for both @elizaos/core 1.x and 2.x.
PORTABLE_KEYS = (
    "id",
    "name",
    "username",
    "system",
    "bio",
    "messageExamples",
    "postExamples",
    "topics",
    "adjectives",
    "plugins",
    "settings",
    "style",
)


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


def _message(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InvalidRequestError(FieldProblem(where, "a message must be an object"))
    name = raw.get("name", raw.get("user"))
    content = raw.get("content")
    if isinstance(content, str):
        content = {"text": content}
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(FieldProblem(f"{where}.name", "a message needs a speaker name"))
    if not isinstance(content, dict):
        raise InvalidRequestError(FieldProblem(f"{where}.content", "must be an object"))
    return {"name": name, "content": copy.deepcopy(content)}


def normalize_message_examples(value: Any) -> list[list[dict[str, Any]]]:
    """`[[message, ...], ...]` from either elizaOS form: arrays of arrays (1.x) or
    `[{"examples": [...]}, ...]` (2.x and the agent API's chatExamples); 0.x `user` keys
    become `name`."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidRequestError(FieldProblem("messageExamples", "must be a list"))
    out: list[list[dict[str, Any]]] = []
    for i, group in enumerate(value):
        messages = group.get("examples") if isinstance(group, dict) else group
        if not isinstance(messages, list):
            raise InvalidRequestError(
                FieldProblem(
                    f"messageExamples.{i}",
                    "must be a list of messages or an object with an 'examples' list",
                )
            )
        out.append([_message(m, f"messageExamples.{i}.{j}") for j, m in enumerate(messages)])
    return out


def import_eliza(data: bytes | str | dict[str, Any]) -> dict[str, Any]:
    """An agent character from an elizaOS character file (0.x, 1.x or 2.x).

    Keeps `id`, `plugins`, `settings`, `knowledge` and `templates` as they are and message
    `content` whole (e.g. `actions`); 0.x `lore` joins `bio`; `secrets` are never imported.
    Keys the agent character has no place for are listed in
    `settings.personae_import.dropped_keys`.
    """
    if isinstance(data, (bytes, str)):
        try:
            raw = json.loads(data)
        except ValueError as exc:
            raise InvalidRequestError(FieldProblem("file", f"not JSON: {exc}")) from exc
    else:
        raw = data
    if not isinstance(raw, dict):
        raise InvalidRequestError(FieldProblem("file", "an elizaOS character is a JSON object"))
    name = raw.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidRequestError(FieldProblem("name", "the character has no name"))
    bio = raw.get("bio", [])
    bio = [bio] if isinstance(bio, str) else list(bio or [])
    lore = raw.get("lore") or []
    bio += [str(x) for x in (lore if isinstance(lore, list) else [lore])]
    agent: dict[str, Any] = {"name": name}
    for key in ("username", "system"):
        if isinstance(raw.get(key), str):
            agent[key] = raw[key]
    agent["bio"] = [str(b) for b in bio if str(b).strip()]
    for key in ("adjectives", "topics", "postExamples"):
        if raw.get(key) is not None:
            agent[key] = [str(x) for x in raw[key]]
    if isinstance(raw.get("style"), dict):
        agent["style"] = {
            k: [str(x) for x in raw["style"].get(k) or []] for k in ("all", "chat", "post")
        }
    agent["messageExamples"] = normalize_message_examples(raw.get("messageExamples"))
    for key in KEPT_KEYS:
        if key in raw:
            agent[key] = copy.deepcopy(raw[key])
    known = {
        "name",
        "username",
        "system",
        "bio",
        "lore",
        "adjectives",
        "topics",
        "postExamples",
        "style",
        "messageExamples",
        "secrets",
        *KEPT_KEYS,
    }
    dropped = sorted(set(raw) - known)
    if "secrets" in raw:
        dropped.append("secrets")
    if dropped:
        settings = agent.setdefault("settings", {})
        if isinstance(settings, dict):
            settings["personae_import"] = {"dropped_keys": dropped}
    return agent


def eliza_from_agent(agent: dict[str, Any]) -> dict[str, Any]:
    """An elizaOS character file (valid for 1.x and 2.x) from an agent character."""
    out: dict[str, Any] = {}
    for key in PORTABLE_KEYS:
        if key not in agent or agent[key] is None:
            continue
        value = copy.deepcopy(agent[key])
        if key == "messageExamples":
            value = normalize_message_examples(value)
        if key == "bio" and isinstance(value, str):
            value = [value]
        out[key] = value
    if "bio" not in out:
        out["bio"] = []
    return out
