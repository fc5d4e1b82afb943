"""The exports' data: mapping tables (data/exports/*.yaml), the character's ruleset, the
Jinja2 environment for the templates folder, and the provenance every export records."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..character import Character
from ..errors import PersonaeError, RulesetError
from ..resources import data_dir
from ..ruleset import Ruleset, load_ruleset
from .base import Notes

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"


class MappingError(PersonaeError):
    """A mapping table in data/exports/ is missing or lacks an entry; the message names
    the file and the key to add."""


@cache
def table(name: str) -> dict[str, Any]:
    """data/exports/<name>.yaml, loaded once per process."""
    path = data_dir() / "exports" / f"{name}.yaml"
    try:
        with path.open(encoding="utf-8") as fh:
            loaded = yaml.safe_load(fh)
    except FileNotFoundError as exc:
        raise MappingError(f"mapping table {path} is missing; reinstall the package") from exc
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise MappingError(f"mapping table {path} cannot be read: {exc}") from exc
    if not isinstance(loaded, dict):
        raise MappingError(f"{path}: expected a mapping at the top level")
    return loaded


def lookup(name: str, section: str, key: str) -> Any:
    """One entry of a mapping table, or MappingError naming the file, section and key."""
    entries = table(name).get(section) or {}
    if key not in entries:
        raise MappingError(
            f"data/exports/{name}.yaml has no {section!r} entry for {key!r}; add one"
        )
    return entries[key]


def maybe(name: str, section: str, key: str) -> Any:
    """One entry of a mapping table, or None when it has none."""
    return (table(name).get(section) or {}).get(key)


@cache
def _ruleset(ident: str) -> Ruleset:
    return load_ruleset(ident)


def ruleset_for(character: Character, notes: Notes | None = None) -> Ruleset:
    """The ruleset the character was built with; the default one (with a warning) when that
    ruleset is not installed here."""
    try:
        rules = _ruleset(character.ruleset.id)
    except (RulesetError, PersonaeError, OSError):
        rules = _ruleset_default()
        if notes is not None:
            notes.warn(
                f"ruleset {character.ruleset.id!r} is not installed here; descriptions come "
                f"from {rules.id} {rules.version}"
            )
        return rules
    if rules.version != character.ruleset.version and notes is not None:
        notes.warn(
            f"character built with ruleset {character.ruleset.id} {character.ruleset.version}; "
            f"descriptions come from the installed {rules.version}"
        )
    return rules


@cache
def _ruleset_default() -> Ruleset:
    return load_ruleset()


def provenance(character: Character) -> dict[str, Any]:
    """What every export records: the character's id, seed, ruleset and backend."""
    return {
        "generator": "personae",
        "character_id": character.id,
        "seed": character.seed,
        "ruleset": {"id": character.ruleset.id, "version": character.ruleset.version},
        "backend": character.backend,
        "generator_version": str(getattr(character, "generator_version", "")),
    }


def provenance_line(character: Character) -> str:
    """The same facts as one human-readable line."""
    return (
        f"personae · id {character.id} · seed {character.seed} · ruleset "
        f"{character.ruleset.id} {character.ruleset.version} · backend {character.backend}"
    )


@cache
def environment(autoescape: bool = False) -> Environment:
    """The one Jinja2 environment for the exports' templates (StrictUndefined)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        autoescape=autoescape,
    )
    env.filters["join_and"] = lambda items: _join(list(items), "and")
    env.filters["join_or"] = lambda items: _join(list(items), "or")
    env.filters["lower_first"] = lambda s: s[:1].lower() + s[1:] if s else s
    env.globals["article"] = article
    return env


def article(word: str) -> str:
    """'a' or 'an' for the word that follows (by its first letter)."""
    return "an" if str(word)[:1].lower() in "aeiou" else "a"


def _join(items: list[object], word: str) -> str:
    texts = [str(i) for i in items if str(i)]
    if len(texts) <= 1:
        return "".join(texts)
    return ", ".join(texts[:-1]) + f" {word} " + texts[-1]


def render_template(name: str, autoescape: bool = False, **context: Any) -> str:
    return environment(autoescape).get_template(name).render(**context)


def dumps(obj: Any) -> bytes:
    """Stable JSON bytes: UTF-8, two-space indent, keys in the order built, newline at end."""
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
