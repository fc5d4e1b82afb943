"""The JSON Schema a model must fill: built from pydantic, with lists from the loaded data.

Every field is required, every string and array bounded, no other properties; names
follow a name pattern. One schema per character class (class extras differ), cached.
"""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..pools import pool

NAME_PATTERN = r"^[A-Z][a-z]+(['-][A-Z]?[a-z]+)?$"
FULL_NAME_PATTERN = r"^[A-Z][a-z]+(['-][A-Z]?[a-z]+)? [A-Z][a-z]+(['-][A-Z]?[a-z]+)?$"
TITLE_PATTERN = r"^[A-Z][a-z]+( [A-Z][a-z]+){1,3}$"
WORD_PATTERN = r"^[a-z][a-z-]{2,19}$"

Name = Annotated[str, Field(min_length=3, max_length=20, pattern=NAME_PATTERN)]
FullName = Annotated[str, Field(min_length=7, max_length=41, pattern=FULL_NAME_PATTERN)]
Title = Annotated[str, Field(min_length=5, max_length=40, pattern=TITLE_PATTERN)]
Word = Annotated[str, Field(min_length=3, max_length=20, pattern=WORD_PATTERN)]

EXTRAS = {
    "VAMPIRE": ("sire",),
    "GHOUL": ("sire",),
    "WEREWOLF": ("pack_name",),
    "HUNTER": ("cell_name",),
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


@cache
def narrative_model(character_class: str, thin_blood: bool = False) -> type[BaseModel]:
    """The pydantic model of one class's narrative output."""
    words = pool("narrative")
    low, high = words["ages"].get(character_class, words["ages"]["default"])
    archetype = Literal[tuple(words["archetypes"])]  # type: ignore[valid-type]
    fields: dict[str, Any] = {
        "name_first": (Name, ...),
        "name_last": (Name, ...),
        "nickname": (Name, ...),
        "gender": (Literal["female", "male", "nonbinary"], ...),
        "age": (Annotated[int, Field(ge=low, le=high)], ...),
        "demeanor": (archetype, ...),
        "nature": (archetype, ...),
        "appearance": (Annotated[str, Field(min_length=30, max_length=240)], ...),
        "personality": (Annotated[list[Word], Field(min_length=3, max_length=3)], ...),
        "biography": (Annotated[str, Field(min_length=160, max_length=700)], ...),
        "quote": (Annotated[str, Field(min_length=12, max_length=140)], ...),
    }
    for extra in EXTRAS.get(character_class, ()):
        if extra == "sire" and thin_blood:
            continue
        fields[extra] = ((FullName if extra == "sire" else Title), ...)
    return create_model(f"Narrative{character_class.title()}", __base__=_Strict, **fields)


@cache
def _schema(character_class: str, thin_blood: bool) -> dict[str, Any]:
    schema = narrative_model(character_class, thin_blood).model_json_schema()
    schema["additionalProperties"] = False
    schema["required"] = list(schema["properties"])
    return schema


def narrative_schema(character_class: str, thin_blood: bool = False) -> dict[str, Any]:
    """JSON Schema for the grammar and for OpenAI-style response formats (a fresh copy)."""
    import copy

    return copy.deepcopy(_schema(character_class, thin_blood))
