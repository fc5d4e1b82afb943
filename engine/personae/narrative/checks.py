"""Quality checks on model output: what a small model gets wrong, found field by field."""

from __future__ import annotations

import re
from collections import Counter
from functools import cache
from typing import Any

from ..pools import pool
from .base import NarrativeFacts


@cache
def _placeholder() -> re.Pattern[str]:
    return re.compile("|".join(pool("checks")["placeholders"]), re.I)


_WORD = re.compile(r"[a-z']+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+")


def placeholder(text: str) -> bool:
    return not text.strip() or bool(_placeholder().search(text))


def looping(text: str) -> bool:
    """Runs of one word, a phrase repeated, or too few distinct words."""
    words = _WORD.findall(text.lower())
    if any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2)):
        return True
    if len(words) >= 9:
        trigrams = Counter(zip(words, words[1:], words[2:], strict=False))
        if trigrams.most_common(1)[0][1] >= 3:
            return True
    return len(words) >= 20 and len(set(words)) / len(words) < 0.45


def malformed(text: str) -> bool:
    """Not a clean run of prose: starts lower-case, has line breaks, or stops mid-sentence."""
    text = text.strip()
    return not text or not text[0].isupper() or "\n" in text or text[-1] not in ".!?\"'”"


def copies_prompt(text: str, prompt: str, n: int = 4) -> bool:
    """True when the text repeats any n-word phrase of the prompt."""
    words = _WORD.findall(text.lower())
    source = _WORD.findall(prompt.lower())
    grams = {tuple(source[i : i + n]) for i in range(len(source) - n + 1)}
    return any(tuple(words[i : i + n]) in grams for i in range(len(words) - n + 1))


def sentences(text: str) -> int:
    return len(_SENTENCE.findall(text))


def _mentions(text: str, name: str) -> bool:
    return re.search(rf"\b{re.escape(name)}\b", text) is not None


def check_narrative(
    data: dict[str, Any],
    facts: NarrativeFacts,
    prompt: str,
    rival_names: dict[str, list[str]],
    taken_names: set[str],
) -> dict[str, str]:
    """Map each failing field to the reason. Empty when everything is usable."""
    bad: dict[str, str] = {}
    prompt_words = {w.lower() for w in re.findall(r"[A-Za-z]+", prompt)}
    for key in ("name_first", "name_last", "nickname"):
        value = data.get(key, "")
        if any(w.lower() in prompt_words for w in re.findall(r"[A-Za-z]+", value)):
            bad[key] = f"{value!r} is copied from the prompt"
        elif placeholder(value):
            bad[key] = "placeholder"
    if data.get("name_first") == data.get("name_last"):
        bad["name_last"] = "same as the first name"
    if f"{data.get('name_first')} {data.get('name_last')}" in taken_names:
        bad["name_first"] = bad["name_last"] = "name already used in this campaign"
    for key in ("appearance", "biography", "quote"):
        text = data.get(key, "")
        if placeholder(text):
            bad[key] = "empty or placeholder text"
        elif looping(text):
            bad[key] = "repeats itself"
        elif malformed(text):
            bad[key] = "not clean prose (case, line breaks or unfinished)"
        elif copies_prompt(text, prompt):
            bad[key] = "copies a phrase from the prompt"
    bio = data.get("biography", "")
    if "biography" not in bad:
        count = sentences(bio)
        if not 3 <= count <= 6:
            bad["biography"] = f"{count} sentences, want 3-6"
        own = {facts.clan, facts.tribe, facts.creed, facts.domitor_clan} - {None}
        for kind, names in rival_names.items():
            for name in names:
                mine = any(name == o or name.startswith(f"{o} ") for o in own)
                if not mine and _mentions(bio, name):
                    bad["biography"] = f"mentions another {kind}: {name}"
                    break
    if len(set(data.get("personality", []))) < len(data.get("personality", [])):
        bad["personality"] = "repeats a trait"
    if data.get("demeanor") == data.get("nature"):
        bad["nature"] = "same as demeanor"
    for key in ("sire", "pack_name", "cell_name"):
        value = data.get(key)
        if value is None:
            continue
        if value == f"{data.get('name_first')} {data.get('name_last')}":
            bad[key] = "same as the character's own name"
        elif key == "sire" and any(
            w.lower() in prompt_words for w in re.findall(r"[A-Za-z]+", value)
        ):
            bad[key] = "copied from the prompt"
        elif looping(value) or placeholder(value):
            bad[key] = "placeholder"
    return bad
