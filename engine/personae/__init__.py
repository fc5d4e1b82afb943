"""personae: offline, seeded World of Darkness 5th-edition character generation."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("personae")
except _metadata.PackageNotFoundError:  # a plain source tree without an install
    __version__ = "0.0.0"

from .character import Character
from .core import Personae, generate_character
from .enums import CharacterClass, CharacterStatus, CharacterType, GameVersion
from .errors import (
    ConflictError,
    GenerationError,
    InvalidRequestError,
    ModelError,
    NotFoundError,
    PersonaeError,
    RulesetError,
    SheetInvalidError,
    UnsupportedError,
)
from .exports import export
from .faces.valentina.service import (
    AutogenService,
    SyncAutogenService,
    character_autogen_service,
    sync_character_autogen_service,
)
from .pipeline import GenerationRequest, Owner, check_sheet, validate_sheet
from .ruleset import Ruleset, load_ruleset
from .sheet import Experience, Sheet
from .store import Store

__all__ = [
    "AutogenService",
    "Character",
    "CharacterClass",
    "CharacterStatus",
    "CharacterType",
    "ConflictError",
    "Experience",
    "GameVersion",
    "GenerationError",
    "GenerationRequest",
    "InvalidRequestError",
    "ModelError",
    "NotFoundError",
    "Owner",
    "Personae",
    "PersonaeError",
    "Ruleset",
    "RulesetError",
    "Sheet",
    "SheetInvalidError",
    "Store",
    "SyncAutogenService",
    "UnsupportedError",
    "__version__",
    "character_autogen_service",
    "check_sheet",
    "export",
    "generate_character",
    "load_ruleset",
    "sync_character_autogen_service",
    "validate_sheet",
]
