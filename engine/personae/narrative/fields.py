"""The JSON a model fills, built from pydantic models with lists from the loaded data.

The model writes only prose and picks from short lists: names, gender, age, archetypes
and group names are decided before it writes. Free text is held by patterns to plain
sentences: letters, single spaces, commas, apostrophes and hyphens inside words, and a
capital at the start and an end mark at the end of every sentence; no digits, markup,
quotes or line breaks can be written.
"""

from __future__ import annotations

import copy
import re
from functools import lru_cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..pools import pool

# a word: letters, maybe joined by a hyphen, maybe with an English clitic ("it's",
# "don't") or a name's apostrophe ("O'Brien")
_TAIL = r"(?:'(?:s|t|ll|re|ve|d|m)|'[A-Z][a-z]+|-[A-Za-z][a-z]*)?"
_WORD = rf"[A-Za-z][a-z]*{_TAIL}"  # no capitals inside a word ("andIeS")
_FIRST = rf"[A-Z][a-z]*{_TAIL}"


def sentences_pattern(low: int, high: int, words: tuple[int, int], start: str | None = None) -> str:
    """`low`..`high` sentences of `words[0]`..`words[1]` words each; the first one
    begins with the words of `start` when given."""
    sentence = rf"{_FIRST}(?:,? {_WORD}){{{words[0] - 1},{words[1] - 1}}}[.!?]"
    first = sentence
    if start:
        begin = re.escape(start)
        first = rf"{begin}(?:,? {_WORD}){{{words[0] - 1},{words[1] - 1}}}[.!?]"
    return rf"^{first}(?: {sentence}){{{low - 1},{high - 1}}}$"


# (sentences, words per sentence) of each prose field
PROSE_SHAPES: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "appearance": ((1, 1), (6, 24)),
    "biography": ((3, 4), (5, 22)),
    "quote": ((1, 2), (2, 14)),
}
MODEL_FIELDS = ("personality", "appearance", "biography", "quote")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _prose(key: str, start: str | None) -> Any:
    (low, high), words = PROSE_SHAPES[key]
    return Annotated[str, Field(pattern=sentences_pattern(low, high, words, start))]


@lru_cache(maxsize=256)
def field_model(
    keys: tuple[str, ...], first_name: str | None = None, avoid: tuple[str, ...] = ()
) -> type[BaseModel]:
    """The pydantic model of the fields `keys` (all of MODEL_FIELDS, or one to redo).
    With `first_name` the biography starts with it, so it is about the character; traits
    in `avoid` (the exemplar's) cannot be chosen."""
    options = tuple(t for t in pool("narrative")["personality"] if t not in avoid)
    trait = Literal[options]  # type: ignore[valid-type]
    fields: dict[str, Any] = {}
    for key in keys:
        if key == "personality":
            fields[key] = (Annotated[list[trait], Field(min_length=3, max_length=3)], ...)
        else:
            fields[key] = (_prose(key, first_name if key == "biography" else None), ...)
    return create_model("Narrative_" + "_".join(keys), __base__=_Strict, **fields)


@lru_cache(maxsize=256)
def _schema(
    keys: tuple[str, ...], first_name: str | None, avoid: tuple[str, ...]
) -> dict[str, Any]:
    schema = field_model(keys, first_name, avoid).model_json_schema()
    schema["additionalProperties"] = False
    schema["required"] = list(schema["properties"])
    return schema


def field_schema(
    keys: tuple[str, ...] = MODEL_FIELDS,
    first_name: str | None = None,
    avoid: tuple[str, ...] = (),
) -> dict[str, Any]:
    """JSON Schema for the grammar and for OpenAI-style response formats (a fresh copy)."""
    return copy.deepcopy(_schema(keys, first_name, avoid))
