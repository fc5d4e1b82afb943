"""`personae export CHARACTER_ID|FILE.json --format FORMAT [--out PATH] [--db PATH]`.

The root CLI mounts `export_command`; errors are PersonaeErrors, which the root group prints
as one line. Warnings go to stderr, the written paths to stdout.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError

from ..character import Character
from ..errors import FieldProblem, InvalidRequestError
from .base import ExportResult, export, exporter_names, get_exporter


def load_characters(path: Path) -> tuple[list[Character], bool]:
    """Characters from a Character JSON file (one) or a fixtures file (a list)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidRequestError(FieldProblem("FILE", f"cannot read {path}: {exc}")) from exc
    except ValueError as exc:
        raise InvalidRequestError(FieldProblem("FILE", f"{path} is not JSON: {exc}")) from exc
    items = raw if isinstance(raw, list) else [raw]
    characters: list[Character] = []
    for i, item in enumerate(items):
        try:
            characters.append(Character.model_validate(item))
        except ValidationError as exc:
            where = f"{path}[{i}]" if isinstance(raw, list) else str(path)
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"]) or "(top)"
            raise InvalidRequestError(
                FieldProblem("FILE", f"{where} is not a personae Character: {loc}: {first['msg']}")
            ) from exc
    if not characters:
        raise InvalidRequestError(FieldProblem("FILE", f"{path} holds no characters"))
    return characters, isinstance(raw, list)


def _from_store(character_id: str, db: str | None) -> Character:
    from .. import Personae

    if db is not None and db != ":memory:" and not Path(db).exists():
        # reading must not create an empty store
        raise InvalidRequestError(FieldProblem("--db", f"no store at {db}"))

    engine: Any = Personae(db)
    character: Character = engine.get(character_id)
    return character


def _write(result: ExportResult, target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result.content)
    return target


def _warn(result: ExportResult, label: str) -> None:
    for w in result.warnings:
        click.echo(f"warning: {label}: {w}", err=True)


@click.command("export")
@click.argument("source", metavar="CHARACTER_ID|FILE.json")
@click.option(
    "--format",
    "-f",
    "format_",
    required=True,
    metavar="FORMAT",
    help="One of: " + ", ".join(exporter_names()) + ".",
)
@click.option(
    "--out",
    "-o",
    "out",
    default=None,
    help="File to write ('-' for stdout); for a fixtures list, the folder. "
    "Default: the export's own file name in the current folder.",
)
@click.option("--db", default=None, help="Store to read CHARACTER_ID from.")
def export_command(source: str, format_: str, out: str | None, db: str | None) -> None:
    """Export a stored character, a Character JSON file or a fixtures list.

    A fixtures list (a JSON array of characters) gives one file per character in a folder.
    Anything the target format cannot hold is listed as a warning on stderr.
    """
    exporter = get_exporter(format_)
    path = Path(source)
    if path.suffix.lower() == ".json" or path.is_file():
        if not path.is_file():
            raise InvalidRequestError(FieldProblem("FILE", f"no such file: {path}"))
        characters, is_list = load_characters(path)
    else:
        characters, is_list = [_from_store(source, db)], False

    if is_list:
        if out == "-":
            raise InvalidRequestError(
                FieldProblem("--out", "a fixtures list exports to a folder, not to stdout")
            )
        folder = Path(out) if out else Path(f"{path.stem}-{exporter.name}")
        for character in characters:
            result = export(character, exporter.name)
            _warn(result, character.name)
            click.echo(str(_write(result, folder / result.filename)))
        return

    result = export(characters[0], exporter.name)
    _warn(result, characters[0].name)
    if out == "-":
        click.echo(result.content, nl=False)
        return
    target = Path(out) if out else Path(result.filename)
    if target.is_dir():
        target = target / result.filename
    click.echo(str(_write(result, target)))
