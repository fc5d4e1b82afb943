"""Character classes as plug-ins: one module per class behind the protocol in base.py."""

# The built-in classes register themselves on import.
from . import ghoul, hunter, mortal, vampire, werewolf  # noqa: F401
from .base import (
    ClassPlugin,
    Option,
    SpendContext,
    XPCategory,
    pick,
    plugin_for,
    raise_in,
    register,
    registered,
)

__all__ = [
    "ClassPlugin",
    "Option",
    "SpendContext",
    "XPCategory",
    "pick",
    "plugin_for",
    "raise_in",
    "register",
    "registered",
]
