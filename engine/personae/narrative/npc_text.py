"""NPC descriptions: the model writes them under the same guard and checks as character
prose, with pronouns fitting the NPC's gender; the rules fallback is checked the same way.

The NPC face calls `npc_description`; nothing here knows the face's request models.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterable
from typing import Any

from ..llm.chat import Prompt
from ..pools import pool
from ..prompts import render
from ..seeding import derive_seed, stage_rng
from .checks import Subject, capitalize_proper, text_problem
from .fields import sentences_pattern
from .guard import decoding_guard
from .guided import GuidedBackend
from .rules import pronouns

# the NPC document's genders, as the narrative's
GENDERS = {"female": "female", "male": "male", "non-binary": "nonbinary", "nonbinary": "nonbinary"}
SHAPE = ((2, 3), (5, 22))
BUDGET = 110
_DRAWS = 8


def narrative_gender(gender: str | None) -> str:
    return GENDERS.get((gender or "").lower(), "nonbinary")


def _subject(
    name: str, role_label: str, traits: Iterable[str], gender: str, tone: str, instructions: str
) -> Subject:
    return Subject(
        gender=gender,
        allowed=frozenset([name, role_label, tone, *traits]),
        sources=(instructions,),
    )


def rules_description(
    rng: random.Random,
    *,
    name: str,
    role_label: str,
    traits: list[str],
    gender: str,
    subject: Subject,
    is_blocked: Callable[[str], bool],
) -> str:
    """A description from data/npc.yaml phrases that passes the checks and the filters."""
    d = pool("npc")["descriptions"]
    words = pronouns(gender)
    t = [*traits, "quiet", "careful", "kind"]
    fields = {
        "name": name,
        "role_label": role_label,
        "trait1": t[0],
        "trait2": t[1],
        "trait3": t[2],
        "pronoun": words["object"],
        "pronoun_subject": words["subject"],
        "pronoun_subject_cap": words["subject"].capitalize(),
        "habit": "",
    }
    for _ in range(_DRAWS):
        fields["habit"] = rng.choice(d["habit"])
        text = (rng.choice(d["opening"]) + " " + rng.choice(d["closing"])).format(**fields)
        if gender == "nonbinary":
            text = text.replace("they is", "they are")
        if not is_blocked(text) and text_problem(text, subject, span=(1, 3)) is None:
            return text
    return str(d["fallback"].format(**fields))


def _schema(first_word: str) -> dict[str, Any]:
    (low, high), words = SHAPE
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["description"],
        "properties": {
            "description": {
                "type": "string",
                "pattern": sentences_pattern(low, high, words, first_word),
            }
        },
    }


def model_description(
    backend: GuidedBackend,
    *,
    name: str,
    role_label: str,
    traits: list[str],
    tone: str,
    avoid: list[str],
    gender: str,
    seed: int,
    is_blocked: Callable[[str], bool],
    blocked_words: Iterable[str] = (),
) -> tuple[str, str] | None:
    """The model's description and its source tag, or None when no attempt passed."""
    words = pronouns(gender)
    system = render("agent_system.j2")
    task = render(
        "npc_description.j2",
        name=name,
        pronouns=f"{words['subject']}/{words['object']}",
        role_label=role_label,
        traits=traits,
        tone=tone,
        avoid=avoid,
    )
    prompt = Prompt(system=system, shots=(), task=task)
    subject = _subject(name, role_label, traits, gender, tone, system)
    guard = decoding_guard(subject)
    if blocked_words:
        guard = guard.banning(blocked_words)
    first = name.split()[0] if name.split() and name.split()[0].isalpha() else None
    schema = _schema(first) if first else _schema("")
    for attempt in range(1 + backend.retries):
        attempt_seed = derive_seed(seed, "npc", attempt)
        raw = backend.complete(prompt, schema, attempt_seed, max_tokens=BUDGET, guard=guard)
        try:
            text = capitalize_proper(str(json.loads(raw)["description"]))
        except (ValueError, KeyError, TypeError):
            continue
        if not is_blocked(text) and text_problem(text, subject, span=SHAPE[0]) is None:
            return text, backend.source_tag(attempt_seed)
    return None


def npc_description(
    backend: Any,
    *,
    name: str,
    role_label: str,
    traits: list[str],
    tone: str,
    avoid: list[str],
    gender: str,
    seed: int,
    is_blocked: Callable[[str], bool],
    blocked_words: Iterable[str] = (),
) -> tuple[str, str]:
    """An NPC's description and where it came from ("rules" or the model's source tag).

    `gender` is the NPC document's (Female, Male, Non-binary); `is_blocked` tells whether a
    text trips the active content filters; `blocked_words` are never written at all."""
    g = narrative_gender(gender)
    if isinstance(backend, GuidedBackend):
        found = model_description(
            backend,
            name=name,
            role_label=role_label,
            traits=traits,
            tone=tone,
            avoid=avoid,
            gender=g,
            seed=seed,
            is_blocked=is_blocked,
            blocked_words=blocked_words,
        )
        if found is not None:
            return found
    subject = _subject(name, role_label, traits, g, tone, render("agent_system.j2"))
    text = rules_description(
        stage_rng(seed, "npc", "description"),
        name=name,
        role_label=role_label,
        traits=traits,
        gender=g,
        subject=subject,
        is_blocked=is_blocked,
    )
    return text, "rules"
