"""Narrative backends behind one small interface, registered by name."""

from typing import Any

from .base import (
    Narrative,
    NarrativeBackend,
    NarrativeFacts,
    available_backends,
    get_backend,
    register_backend,
)
from .rules import RulesBackend


def _llama(**options: Any) -> NarrativeBackend:
    from .llama import LlamaBackend  # imports numpy and llama_cpp: only when asked for

    return LlamaBackend(**options)


def _openai(**options: Any) -> NarrativeBackend:
    from .openai import OpenAIBackend

    return OpenAIBackend(**options)


register_backend("llama", _llama)
register_backend("openai", _openai)

__all__ = [
    "Narrative",
    "NarrativeBackend",
    "NarrativeFacts",
    "RulesBackend",
    "available_backends",
    "get_backend",
    "register_backend",
]
