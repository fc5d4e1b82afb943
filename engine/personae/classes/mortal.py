"""Mortals: the shared creation rules and nothing more."""

from __future__ import annotations

from ..enums import CharacterClass
from .base import ClassPlugin, register


class Mortal(ClassPlugin):
    character_class = CharacterClass.MORTAL


register(Mortal())
