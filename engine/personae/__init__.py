"""personae: offline, seeded World of Darkness 5th-edition character generation."""

from .character import Character
from .engine import Personae
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
from .generate import Owner, generate_character
from .request import GenerationRequest
from .ruleset import Ruleset, load_ruleset
from .service import (
    AutogenService,
    SyncAutogenService,
    character_autogen_service,
    sync_character_autogen_service,
)
from .sheet import Experience, Sheet
from .store import Store
from .validator import check_sheet, validate_sheet

__version__ = "0.1.0"

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
    "generate_character",
    "load_ruleset",
    "sync_character_autogen_service",
    "validate_sheet",
]
