"""Agent character fields (bio, system, style, chatExamples, postExamples): the model
writes them under the word guard and the checks; the rules fallback from data/agent.yaml
passes the same checks.

The agent face calls `agent_text` and formats the result; nothing here knows its models.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from typing import Any

from ..llm.chat import Prompt
from ..pools import pool
from ..prompts import render
from ..seeding import derive_seed, stage_rng
from .checks import Subject, capitalize_fields, duplicates, text_problem
from .fields import sentences_pattern
from .guard import decoding_guard
from .guided import GuidedBackend

FIELDS = ("bio", "system", "style", "chatExamples", "postExamples")
BUDGET = {"bio": 110, "system": 140, "style": 150, "postExamples": 160, "chatExamples": 200}
_RULE = r"^[A-Z][a-z]*(?: [A-Za-z]+(?:'(?:s|t|ll|re|ve|d|m)|-[A-Za-z]+)?){1,9}$"
_DRAWS = 12


@dataclass(frozen=True)
class AgentContext:
    """What the caller knows of the agent (any field may be missing)."""

    name: str | None = None
    system: str | None = None
    bio: str | None = None
    topics: list[str] | None = None
    adjectives: list[str] | None = None

    @classmethod
    def of(cls, ctx: Any) -> AgentContext:
        """From any object with these attributes (the agent face's request context)."""
        bio = getattr(ctx, "bio", None)
        return cls(
            name=getattr(ctx, "name", None),
            system=getattr(ctx, "system", None),
            bio=" ".join(bio) if isinstance(bio, list) else bio,
            topics=list(getattr(ctx, "topics", None) or []) or None,
            adjectives=list(getattr(ctx, "adjectives", None) or []) or None,
        )

    def words(self) -> list[str]:
        return [
            self.name or "",
            self.system or "",
            self.bio or "",
            *(self.topics or []),
            *(self.adjectives or []),
        ]


def _subject(ctx: AgentContext, instructions: str) -> Subject:
    return Subject(gender="", allowed=frozenset(ctx.words()), sources=(instructions,))


def _strings(low: int, high: int, item: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "minItems": low, "maxItems": high, "items": item}


def _obj(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(props),
        "properties": props,
    }


def schema(field: str, name: str | None) -> dict[str, Any]:
    """The JSON the model fills for one agent field."""
    first = (name or "").split()[0] if (name or "").split() else None
    first = first if first and first.isalpha() else None
    line = {"type": "string", "pattern": sentences_pattern(1, 2, (2, 16))}
    if field == "bio":
        return _obj(
            {"text": {"type": "string", "pattern": sentences_pattern(2, 3, (5, 22), first)}}
        )
    if field == "system":
        start = f"You are {first}" if first else "You are"
        return _obj(
            {"text": {"type": "string", "pattern": sentences_pattern(2, 4, (4, 22), start)}}
        )
    if field == "style":
        rule = {"type": "string", "pattern": _RULE}
        return _obj({k: _strings(2, 3, rule) for k in ("all", "chat", "post")})
    if field == "postExamples":
        return _obj({"posts": _strings(3, 3, line)})
    return _obj({"groups": _strings(2, 2, _obj({"turns": _strings(2, 4, line)}))})


def _texts(field: str, value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if field == "style":
        return [t for k in ("all", "chat", "post") for t in value[k]]
    if field == "chatExamples":
        return [m["content"]["text"] for g in value for m in g["examples"]]
    return [str(x) for x in value]


def problem(field: str, value: Any, subject: Subject) -> str | None:
    """Why this generated value may not reach a user, or None."""
    texts = _texts(field, value)
    if not texts:
        return "nothing generated"
    span = {"bio": (2, 4), "system": (1, 6)}.get(field, (1, 3))
    for text in texts:
        found = text_problem(text, subject, span=span, prose=field != "style")
        if found:
            return found
    if duplicates({str(i): t for i, t in enumerate(texts)}, [str(i) for i in range(len(texts))]):
        return "two entries with the same text"
    return None


def _shape(field: str, data: dict[str, Any], name: str) -> Any:
    if field in ("bio", "system"):
        return data["text"]
    if field == "style":
        return {k: data[k] for k in ("all", "chat", "post")}
    if field == "postExamples":
        return data["posts"]
    return [
        {
            "examples": [
                {"name": "{{user1}}" if i % 2 == 0 else name, "content": {"text": t}}
                for i, t in enumerate(g["turns"])
            ]
        }
        for g in data["groups"]
    ]


def model_text(backend: GuidedBackend, field: str, ctx: AgentContext, seed: int) -> Any:
    """The model's value for one field, or None when no attempt passed the checks."""
    system = render("agent_system.j2")
    task = render(
        "agent_field.j2",
        name=ctx.name or "the agent",
        system=ctx.system or "",
        bio=ctx.bio or "",
        topics=ctx.topics or [],
        adjectives=ctx.adjectives or [],
        field=field,
    )
    prompt = Prompt(system=system, shots=(), task=task)
    subject = _subject(ctx, system)
    guard = decoding_guard(subject)
    for attempt in range(1 + backend.retries):
        attempt_seed = derive_seed(seed, "agent", field, attempt)
        raw = backend.complete(
            prompt, schema(field, ctx.name), attempt_seed, max_tokens=BUDGET[field], guard=guard
        )
        try:
            value = _shape(field, capitalize_fields(json.loads(raw)), ctx.name or "Agent")
        except (ValueError, KeyError, TypeError):
            continue
        if problem(field, value, subject) is None:
            return value
    return None


def _words(ctx: AgentContext, rng: random.Random) -> dict[str, str]:
    a = pool("agent")
    topics = list(ctx.topics or []) or rng.sample(a["default_topics"], 2)
    adjectives = list(ctx.adjectives or []) or rng.sample(a["default_adjectives"], 2)
    topics += rng.sample([t for t in a["default_topics"] if t not in topics], 2)
    adjectives += rng.sample([x for x in a["default_adjectives"] if x not in adjectives], 2)
    adj = adjectives[0]
    return {
        "name": ctx.name or "the agent",
        "topic": topics[0],
        "topic2": topics[1],
        "adjective": adj,
        "adjective2": adjectives[1],
        "adjective_article": "an" if adj[:1].lower() in "aeiou" else "a",
    }


def _draw(field: str, rng: random.Random, w: dict[str, str]) -> Any:
    a = pool("agent")
    if field == "bio":
        return " ".join(t.format(**w) for t in rng.sample(a["bio"], 2))
    if field == "system":
        return rng.choice(a["system"]).format(**w)
    if field == "style":
        return {k: rng.sample(a["style"][k], 2) for k in ("all", "chat", "post")}
    if field == "postExamples":
        return [t.format(**w) for t in rng.sample(a["posts"], 3)]
    groups = []
    for _ in range(2):
        lines = [
            rng.choice(a["chat_openers"]),
            rng.choice(a["chat_replies"]),
            rng.choice(a["chat_followups"]),
            rng.choice(a["chat_closers"]),
        ][: rng.randint(2, 4)]
        groups.append(
            {
                "examples": [
                    {
                        "name": "{{user1}}" if i % 2 == 0 else w["name"],
                        "content": {"text": line.format(**w)},
                    }
                    for i, line in enumerate(lines)
                ]
            }
        )
    return groups


def rules_text(field: str, ctx: AgentContext, seed: int) -> Any:
    """The rules value for one field from data/agent.yaml, drawn until it passes the checks."""
    subject = _subject(ctx, render("agent_system.j2"))
    value: Any = None
    for draw in range(_DRAWS):
        rng = stage_rng(seed, "agent", field, draw)
        value = _draw(field, rng, _words(ctx, rng))
        if problem(field, value, subject) is None:
            return value
    return value  # the caller's own words can make every draw fail; data text is ours


def agent_text(backend: Any, field: str, ctx: Any, seed: int) -> tuple[Any, str]:
    """One agent field's new content (Python data, before the face formats it) and where it
    came from ("rules" or the model's source tag)."""
    context = ctx if isinstance(ctx, AgentContext) else AgentContext.of(ctx)
    if isinstance(backend, GuidedBackend):
        value = model_text(backend, field, context, seed)
        if value is not None:
            return value, backend.source_tag(derive_seed(seed, "agent", field))
    return rules_text(field, context, seed), "rules"
