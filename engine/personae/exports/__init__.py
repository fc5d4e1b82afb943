"""Exports: a Character as the files other tools read (Foundry VTT, printable sheet and
PDF, Character Card V2/V3 JSON and PNG, elizaOS, Inconnu, our own JSON).

    from personae.exports import export
    result = export(character, "foundry")   # ExportResult(content, media_type, filename, ...)
"""

from ..errors import MissingExtraError
from .base import (
    Exporter,
    ExportResult,
    Notes,
    character_slug,
    export,
    exporter_names,
    get_exporter,
    register_exporter,
)
from .data import MappingError

__all__ = [
    "ExportResult",
    "Exporter",
    "MappingError",
    "MissingExtraError",
    "Notes",
    "character_slug",
    "export",
    "exporter_names",
    "get_exporter",
    "register_exporter",
]
