"""Load a ruleset folder: YAML files -> JSON Schema check -> pydantic -> cross-references.

Every failure is a RulesetError naming the file, the path inside it and the reason.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..errors import DataFileError, RulesetError
from ..resources import load_yaml, read_text, rulesets_dir
from .crossref import cross_reference_problems
from .models import RulesetSpec
from .ruleset import Ruleset

DEFAULT_RULESET = "v5"
ENV_RULESET = "PERSONAE_RULESET"
SCHEMA_FILE = "schema.json"


@cache
def _schema() -> dict[str, Any]:
    schema = RulesetSpec.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "personae ruleset"
    return schema


def ruleset_json_schema() -> dict[str, Any]:
    """The JSON Schema every ruleset folder must satisfy (written to rulesets/schema.json)."""
    return json.loads(json.dumps(_schema()))


def builtin_rulesets() -> list[str]:
    """Ids of the rulesets shipped with the package."""
    root = rulesets_dir()
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.yaml")))


def resolve_ruleset_dir(ruleset: str | os.PathLike[str] | None = None) -> Path:
    """A ruleset id (built in), a folder path, or None for $PERSONAE_RULESET or the default."""
    chosen = ruleset if ruleset is not None else os.environ.get(ENV_RULESET) or DEFAULT_RULESET
    text = os.fspath(chosen)
    builtin = rulesets_dir() / text
    if "/" not in text and os.sep not in text and builtin.is_dir():
        return builtin
    path = Path(text).expanduser()
    if path.is_dir():
        return path.resolve()
    raise RulesetError(
        text, "", f"no such ruleset; use one of {builtin_rulesets()} or a folder of YAML files"
    )


def load_ruleset(ruleset: str | os.PathLike[str] | Ruleset | None = None) -> Ruleset:
    """Load (and cache) a ruleset by id or folder. A loaded Ruleset passes through."""
    if isinstance(ruleset, Ruleset):
        return ruleset
    folder = resolve_ruleset_dir(ruleset)
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in _yaml_files(folder))
    return _load_cached(str(folder), stamp)


@cache
def _load_cached(folder: str, stamp: tuple[tuple[str, int, int], ...]) -> Ruleset:
    return _load(Path(folder))


def _yaml_files(folder: Path) -> list[Path]:
    return sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])


def _load(folder: Path) -> Ruleset:
    merged: dict[str, Any] = {}
    owner: dict[str, str] = {}
    files = _yaml_files(folder)
    if not files:
        raise RulesetError(str(folder), "", "folder holds no .yaml files")
    for file in files:
        try:
            text = read_text(file)
        except DataFileError as exc:
            raise RulesetError(str(file), "", str(exc).removeprefix(f"{file} ")) from None
        try:
            content = load_yaml(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
            raise RulesetError(str(file), where, f"not valid YAML: {exc}") from None
        if content is None:
            continue
        if not isinstance(content, dict):
            raise RulesetError(str(file), "", "top level must be a mapping of section names")
        for key, value in content.items():
            if key in merged:
                raise RulesetError(str(file), str(key), f"section also defined in {owner[key]}")
            merged[key] = value
            owner[key] = str(file)

    def file_of(path: list[Any]) -> str:
        return owner.get(str(path[0]), str(folder)) if path else str(folder)

    try:
        spec = RulesetSpec.model_validate(merged)
    except ValidationError as exc:
        # the JSON Schema (generated from the same models) names the best-matching problem
        import jsonschema  # only to word the message of a ruleset that failed to load

        validator = jsonschema.Draft202012Validator(ruleset_json_schema())
        err = jsonschema.exceptions.best_match(validator.iter_errors(merged))
        if err is not None:
            path = list(err.absolute_path)
            raise RulesetError(file_of(path), _dotted(path) or "(top level)", err.message) from None
        first = exc.errors()[0]
        path = list(first["loc"])
        raise RulesetError(file_of(path), _dotted(path), first["msg"]) from None
    problems = cross_reference_problems(spec)
    if problems:
        path, reason = problems[0]
        raise RulesetError(file_of(path), _dotted(path), reason)
    return Ruleset(spec, source=str(folder))


def _dotted(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def write_schema(target: Path | None = None) -> Path:
    """Regenerate rulesets/schema.json from the pydantic models."""
    target = target or rulesets_dir() / SCHEMA_FILE
    target.write_text(json.dumps(ruleset_json_schema(), indent=2, sort_keys=True) + "\n")
    return target
