"""The exporter interface, the result every exporter returns, and the registry by name.

An exporter is a small class with a `name`, a media type, a file extension and a
`render(character, notes)` method. Built-in exporters live one per module in
`personae.exports.formats` and register themselves when that folder is scanned; a third
party registers with `register_exporter` or the `personae.exporters` entry-point group.
Adding an exporter never edits this module.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import unicodedata
from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import ClassVar

from ..character import Character
from ..errors import FieldProblem, InvalidRequestError

ENTRY_POINT_GROUP = "personae.exporters"


@dataclass(frozen=True)
class ExportResult:
    """One exported file: its bytes, media type, suggested file name and the warnings
    about anything the target format could not represent."""

    content: bytes
    media_type: str
    filename: str
    format: str
    warnings: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """The content as text (for the text formats)."""
        return self.content.decode("utf-8")


class Notes:
    """Collects what an export could not represent, in order, without duplicates."""

    def __init__(self) -> None:
        self._items: list[str] = []

    def warn(self, message: str) -> None:
        if message not in self._items:
            self._items.append(message)

    def extend(self, messages: list[str]) -> None:
        for m in messages:
            self.warn(m)

    @property
    def items(self) -> list[str]:
        return list(self._items)


class Exporter(ABC):
    """One target format. Subclasses set the class attributes and implement `render`."""

    name: ClassVar[str]
    media_type: ClassVar[str]
    extension: ClassVar[str]
    description: ClassVar[str] = ""

    @abstractmethod
    def render(self, character: Character, notes: Notes) -> bytes:
        """The file's bytes. Call `notes.warn(...)` for anything left out or approximated."""

    def filename(self, character: Character) -> str:
        return f"{character_slug(character)}.{self.extension}"

    def export(self, character: Character) -> ExportResult:
        notes = Notes()
        content = self.render(character, notes)
        return ExportResult(
            content=content,
            media_type=self.media_type,
            filename=self.filename(character),
            format=self.name,
            warnings=notes.items,
        )


_REGISTRY: dict[str, Exporter] = {}
_DISCOVERED = False


def register_exporter(exporter: type[Exporter] | Exporter) -> type[Exporter] | Exporter:
    """Register an exporter class (usable as a decorator) or instance under its name."""
    instance = exporter() if isinstance(exporter, type) else exporter
    name = instance.name
    if not re.fullmatch(r"[a-z][a-z0-9_-]*", name):
        raise ValueError(f"exporter name {name!r} must be lowercase letters, digits, - or _")
    _REGISTRY[name] = instance
    return exporter


def _discover() -> None:
    global _DISCOVERED
    if _DISCOVERED:
        return
    _DISCOVERED = True
    from . import formats

    for info in sorted(pkgutil.iter_modules(formats.__path__), key=lambda m: m.name):
        importlib.import_module(f"{formats.__name__}.{info.name}")
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        register_exporter(ep.load())


def exporter_names() -> list[str]:
    """Every registered format name, sorted."""
    _discover()
    return sorted(_REGISTRY)


def get_exporter(format: str) -> Exporter:
    """The exporter for `format`; an unknown name is an InvalidRequestError on `format`."""
    _discover()
    wanted = (format or "").strip().lower()
    if wanted not in _REGISTRY:
        allowed = ", ".join(sorted(_REGISTRY))
        raise InvalidRequestError(
            FieldProblem("format", f"unknown export format {format!r}; choose one of {allowed}")
        )
    return _REGISTRY[wanted]


def export(character: Character, format: str) -> ExportResult:
    """Export one character to `format` (see `exporter_names()`)."""
    return get_exporter(format).export(character)


def character_slug(character: Character) -> str:
    """`first-last-<8 hex of the id>`: readable, unique, ASCII, stable."""
    from .data import table

    text = character.name_full or character.name
    for letter, ascii_ in table("text")["transliterate"].items():
        text = text.replace(letter, ascii_)
    text = unicodedata.normalize("NFKD", text)
    text = text.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "character"
    short = re.sub(r"[^a-z0-9]", "", character.id.lower())[:8] or "noid"
    return f"{slug}-{short}"
