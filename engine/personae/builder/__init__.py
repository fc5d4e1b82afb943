"""Sheet building: creation rules, then XP spending. Pure functions of (ruleset, choices)."""

from .creation import build_creation
from .draft import Draft
from .xp import spend_experience

__all__ = ["Draft", "build_creation", "spend_experience"]
