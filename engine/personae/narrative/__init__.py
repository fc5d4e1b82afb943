"""Narrative backends behind one small interface, registered by name."""

from .base import (
    Narrative,
    NarrativeBackend,
    NarrativeFacts,
    available_backends,
    get_backend,
    register_backend,
)
from .rules import RulesBackend

__all__ = [
    "Narrative",
    "NarrativeBackend",
    "NarrativeFacts",
    "RulesBackend",
    "available_backends",
    "get_backend",
    "register_backend",
]
