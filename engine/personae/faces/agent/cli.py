"""`personae agent show|set|random-name|generate|schema|profiles|use|from-character`:
the agent face's CLI group."""

from __future__ import annotations

import json

import click

from ...cli.options import (
    backend_option,
    db_option,
    model_option,
    open_engine,
    read_bytes,
    read_json_arg,
    write_text_atomic,
)
from ...seeding import MAX_SEED
from .models import AgentValidationError, parse_update
from .operations import (
    AgentProfiles,
    export_character_file,
    generate_for_active,
    import_character_file,
    random_name,
    schema_fields,
)


def _fail(exc: AgentValidationError) -> None:
    raise click.UsageError("; ".join(f"{e['path']}: {e['message']}" for e in exc.errors))


@click.group("agent")
def agent_group() -> None:
    """Agent characters (agent Character API): profiles, fields, generation."""


@agent_group.command("show")
@db_option
def show_cmd(db: str | None) -> None:
    """Print the active agent character as the API's GET returns it."""
    _, character = AgentProfiles(open_engine(db)).active()
    click.echo(
        json.dumps(
            {"character": character.model_dump(exclude_none=True), "agentName": character.name},
            indent=2,
            ensure_ascii=False,
        )
    )


@agent_group.command("set")
@click.argument("changes", metavar="JSON|@FILE")
@db_option
def set_cmd(changes: str, db: str | None) -> None:
    """Update fields of the active character (a partial body, as PUT /api/character)."""
    body = read_json_arg(changes, "JSON")
    try:
        update = parse_update(body)
    except AgentValidationError as exc:
        _fail(exc)
    _, merged, given = AgentProfiles(open_engine(db)).update(update)
    click.echo(json.dumps({"ok": True, "character": given, "agentName": merged.name}, indent=2))


@agent_group.command("random-name")
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=None)
def random_name_cmd(seed: int | None) -> None:
    click.echo(json.dumps({"name": random_name(seed)}))


@agent_group.command("generate")
@click.argument(
    "field", type=click.Choice(["bio", "system", "style", "chatExamples", "postExamples"])
)
@click.option(
    "--mode", type=click.Choice(["append", "replace"]), default="replace", show_default=True
)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), default=None)
@backend_option
@model_option
@db_option
def generate_cmd(
    field: str, mode: str, seed: int | None, backend: str, model: str | None, db: str | None
) -> None:
    """Generate FIELD for the active character, in the document's format."""
    engine = open_engine(db, backend=backend, model=model)
    generated = generate_for_active(engine, field, mode=mode, seed=seed)
    click.echo(json.dumps({"generated": generated}, ensure_ascii=False))


@agent_group.command("schema")
def schema_cmd() -> None:
    click.echo(json.dumps({"fields": schema_fields()}, indent=2))


@agent_group.command("profiles")
@db_option
def profiles_cmd(db: str | None) -> None:
    for p in AgentProfiles(open_engine(db)).list():
        click.echo(f"{'*' if p['active'] else ' '} {p['profile']:<24} {p['name']}")


@agent_group.command("use")
@click.argument("profile")
@db_option
def use_cmd(profile: str, db: str | None) -> None:
    """Make PROFILE the active agent character."""
    AgentProfiles(open_engine(db)).activate(profile)
    click.echo(f"active profile: {profile}")


@agent_group.command("from-character")
@click.argument("character_id")
@click.option("--profile", default=None, help="Profile name (default: the character id).")
@db_option
def from_character_cmd(character_id: str, profile: str | None, db: str | None) -> None:
    """Create and activate an agent profile that speaks as a stored WoD character."""
    _, character = AgentProfiles(open_engine(db)).from_character(character_id, profile=profile)
    click.echo(json.dumps(character.model_dump(exclude_none=True), indent=2, ensure_ascii=False))


@agent_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--profile", default=None, help="Profile name (default: the character's).")
@db_option
def import_cmd(file: str, profile: str | None, db: str | None) -> None:
    """Make FILE (an elizaOS character file, or a Character Card V2/V3 as JSON or PNG) a
    profile, and activate it."""
    data = read_bytes(file)
    name, character = import_character_file(open_engine(db), data, profile=profile)
    click.echo(f"imported {character.name!r} as profile {name!r} (active)", err=True)


@agent_group.command("export")
@click.option("--profile", default=None, help="Profile to export (default: the active one).")
@click.option("--out", type=click.Path(dir_okay=False), default="-", show_default=True,
              help="File to write ('-' for stdout).")
@db_option
def export_cmd(profile: str | None, out: str, db: str | None) -> None:
    """Write a profile as an elizaOS character file (valid for @elizaos/core 1.x and 2.x)."""
    text = json.dumps(export_character_file(open_engine(db), profile), indent=2,
                      ensure_ascii=False) + "\n"
    if out == "-":
        click.echo(text, nl=False)
    else:
        write_text_atomic(out, text)
        click.echo(f"wrote {out}", err=True)
