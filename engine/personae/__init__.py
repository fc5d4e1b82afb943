"""personae: offline, seeded World of Darkness 5th-edition character generation."""

from typing import TYPE_CHECKING, Any

# Public names and the module each lives in. They load on first use (PEP 562), so that
# `import personae.pipeline` does not pull in the store, the HTTP faces or the exporters:
# fewer live objects also means cheaper garbage collection on the hot path.
_EXPORTS = {
    "Character": "character",
    "Personae": "core",
    "generate_character": "core",
    "CharacterClass": "enums",
    "CharacterStatus": "enums",
    "CharacterType": "enums",
    "GameVersion": "enums",
    "ConflictError": "errors",
    "GenerationError": "errors",
    "InvalidRequestError": "errors",
    "ModelError": "errors",
    "NotFoundError": "errors",
    "PersonaeError": "errors",
    "RulesetError": "errors",
    "SheetInvalidError": "errors",
    "UnsupportedError": "errors",
    "export": "exports",
    "AutogenService": "faces.valentina.service",
    "SyncAutogenService": "faces.valentina.service",
    "character_autogen_service": "faces.valentina.service",
    "sync_character_autogen_service": "faces.valentina.service",
    "GenerationRequest": "pipeline",
    "Owner": "pipeline",
    "check_sheet": "pipeline",
    "validate_sheet": "pipeline",
    "Ruleset": "ruleset",
    "load_ruleset": "ruleset",
    "Experience": "sheet",
    "Sheet": "sheet",
    "Store": "store",
}


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("personae")
    except metadata.PackageNotFoundError:  # a plain source tree without an install
        return "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        globals()[name] = value = _version()
        return value
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'personae' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*(n for n in globals() if n.startswith("_")), *__all__})


if TYPE_CHECKING:
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
