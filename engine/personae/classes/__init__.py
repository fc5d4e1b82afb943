"""Character classes as plug-ins: one module per class behind the protocol in base.py."""

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

# The built-in classes register themselves on import.
from . import ghoul, hunter, mortal, vampire, werewolf  # noqa: E402,F401,I001

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
