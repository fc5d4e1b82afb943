"""The enumerations shared by every face of the API. Game content lives in rulesets/."""

from __future__ import annotations

from enum import StrEnum


class _CaseInsensitive(StrEnum):
    @classmethod
    def _missing_(cls, value: object) -> _CaseInsensitive | None:
        if isinstance(value, str):
            wanted = value.strip().upper().replace("-", "_").replace(" ", "_")
            for member in cls:
                if member.value == wanted:
                    return member
        return None


class CharacterClass(_CaseInsensitive):
    VAMPIRE = "VAMPIRE"
    WEREWOLF = "WEREWOLF"
    HUNTER = "HUNTER"
    MORTAL = "MORTAL"
    GHOUL = "GHOUL"
    MAGE = "MAGE"


class CharacterType(_CaseInsensitive):
    PLAYER = "PLAYER"
    NPC = "NPC"
    STORYTELLER = "STORYTELLER"


class CharacterStatus(_CaseInsensitive):
    ALIVE = "ALIVE"
    DEAD = "DEAD"


class GameVersion(_CaseInsensitive):
    V5 = "V5"


class Confidence(StrEnum):
    """How sure a ruleset entry is: S/X read in sources, M unverified, H house rule."""

    S = "S"
    X = "X"
    M = "M"
    H = "H"
