"""The table in data/valentina/specialties.yaml: special abilities as Valentina specialties."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, cast, get_args

import yaml

from ...errors import RulesetError
from ...resources import data_dir
from .wire import CharacterSpecialty, SpecialtyType

TABLE_FILE = Path("valentina") / "specialties.yaml"
_TYPES = frozenset(get_args(SpecialtyType))


@dataclass(frozen=True)
class Entry:
    type: SpecialtyType
    description: str

    def specialty(self, name: str) -> CharacterSpecialty:
        return CharacterSpecialty(name=name, type=self.type, description=self.description)


class SpecialtyTable:
    """Lookups by kind: predator type, discipline power, ritual, gift, rite, edge, perk."""

    def __init__(self, raw: dict[str, Any], source: str = str(TABLE_FILE)) -> None:
        self.source = source
        self.predator_types = self._section(raw, "predator_types")
        self.gifts = self._section(raw, "gifts")
        self.rites = self._section(raw, "rites")
        self.powers: dict[str, dict[str, Entry]] = {}
        for discipline, block in _mapping(raw, "disciplines", source).items():
            self.powers[discipline] = self._entries(
                block.get("powers", {}), block.get("type"), f"disciplines.{discipline}"
            )
        edges = _mapping(raw, "edges", source)
        self.edge_types: dict[str, SpecialtyType] = {
            kind: self._type(t, f"edges.type_by_kind.{kind}")
            for kind, t in edges.get("type_by_kind", {}).items()
        }
        self.edge_descriptions: dict[str, str] = {
            name: self._text(text, f"edges.entries.{name}")
            for name, text in edges.get("entries", {}).items()
        }
        self.rituals: dict[str, dict[str, Entry]] = {
            discipline: self._entries(
                block.get("entries", {}), block.get("type"), f"rituals.{discipline}"
            )
            for discipline, block in _mapping(raw, "rituals", source).items()
        }
        perks = _mapping(raw, "perks", source)
        self.perks: dict[str, dict[str, Entry]] = {
            edge: self._entries(block, perks.get("type"), f"perks.entries.{edge}")
            for edge, block in perks.get("entries", {}).items()
        }

    # parsing ------------------------------------------------------------------------------
    def _section(self, raw: dict[str, Any], key: str) -> dict[str, Entry]:
        block = _mapping(raw, key, self.source)
        return self._entries(block.get("entries", {}), block.get("type"), f"{key}.entries")

    def _entries(self, block: Any, default: Any, path: str) -> dict[str, Entry]:
        if not isinstance(block, dict):
            raise RulesetError(self.source, path, "expected a mapping of name -> entry")
        out: dict[str, Entry] = {}
        for name, value in block.items():
            where = f"{path}.{name}"
            if isinstance(value, dict):
                kind = self._type(value.get("type", default), where)
                out[str(name)] = Entry(kind, self._text(value.get("description"), where))
            else:
                out[str(name)] = Entry(self._type(default, where), self._text(value, where))
        return out

    def _type(self, value: Any, path: str) -> SpecialtyType:
        if value not in _TYPES:
            raise RulesetError(self.source, path, f"type {value!r} is not one of {sorted(_TYPES)}")
        return cast(SpecialtyType, value)

    def _text(self, value: Any, path: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise RulesetError(self.source, path, "needs a non-empty one-line description")
        return value.strip()

    # lookups ------------------------------------------------------------------------------
    def power(self, discipline: str, name: str) -> Entry | None:
        return self.powers.get(discipline, {}).get(name)

    def ritual(self, discipline: str, name: str) -> Entry | None:
        """A Blood Sorcery ritual or Oblivion ceremony (formulae are powers)."""
        return self.rituals.get(discipline, {}).get(name)

    def edge(self, name: str, kind: str) -> Entry | None:
        text = self.edge_descriptions.get(name)
        kind_type = self.edge_types.get(kind)
        if text is None or kind_type is None:
            return None
        return Entry(kind_type, text)

    def perk(self, edge: str, name: str) -> Entry | None:
        return self.perks.get(edge, {}).get(name)


def _mapping(raw: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    value = raw.get(key, {})
    if not isinstance(value, dict):
        raise RulesetError(source, key, "expected a mapping")
    return value


@cache
def load_specialty_table(path: str | None = None) -> SpecialtyTable:
    """The table shipped in data/ (or another file with the same layout)."""
    file = Path(path) if path else data_dir() / TABLE_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesetError(str(file), "", f"cannot read the specialty table: {exc}") from exc
    if not isinstance(raw, dict):
        raise RulesetError(str(file), "", "expected a mapping at the top level")
    return SpecialtyTable(raw, str(file))
