"""`personae npc create|show|list|update|delete|from-character`: the NPC face's CLI group."""

from __future__ import annotations

import json
from typing import Any

import click

from ...cli.options import (
    backend_option,
    db_option,
    json_option,
    model_option,
    open_engine,
    read_json_arg,
)
from ...seeding import MAX_SEED
from .models import ROLES
from .operations import (
    create_from_character,
    create_npc,
    delete_npc,
    get_npc,
    list_npcs,
    update_npc,
)


def _print(data: dict[str, Any], as_json: bool) -> None:
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    ctx = data["character_context"]
    click.echo(
        f"{data['character_id']}  {ctx['name']}  ({ctx['role']}, {ctx['age']}, "
        f"{ctx['gender']}, {ctx['tone']})"
    )
    click.echo(f"  {ctx['description']}")
    click.echo(f"  traits: {', '.join(ctx['traits'])}")
    for item in ctx["items"]:
        click.echo(f"  item: {json.dumps(item, ensure_ascii=False)}")
    for quest in ctx["quests"]:
        click.echo(f"  quest: {quest['description']} -> {quest['reward']}")


def where_options(fn: Any) -> Any:
    for decorator in reversed(
        [
            click.option("--game", "game_id", required=True, help="Game id."),
            click.option("--world", "world_id", required=True, help="World id."),
        ]
    ):
        fn = decorator(fn)
    return fn


def body_options(fn: Any) -> Any:
    for decorator in reversed(
        [
            click.option("--name", default=None, help="Display name (at most 25 characters)."),
            click.option(
                "--role",
                type=click.Choice(ROLES, case_sensitive=False),
                default=None,
                help="Story role; random when left out.",
            ),
            click.option(
                "--tone",
                type=click.Choice(["formal", "casual", "sarcastic", "mysterious", "emotive"]),
                default=None,
            ),
            click.option(
                "--age",
                type=click.Choice(
                    ["infant", "child", "teenager", "youngAdult", "adult", "middleAged", "elderly"]
                ),
                default=None,
            ),
            click.option("--gender", default=None),
            click.option("--description", default=None, help="At most 1400 characters."),
            click.option("--trait", "traits", multiple=True, help="Personality trait (repeat)."),
            click.option(
                "--filters",
                default=None,
                metavar="JSON",
                help='Content filters, e.g. \'{"active": true, "violence": false}\'.',
            ),
            click.option(
                "--body",
                "body_json",
                default=None,
                metavar="JSON|@FILE",
                help="A whole request body as in the NPC document (overrides flags).",
            ),
            click.option("--seed", type=click.IntRange(0, MAX_SEED), default=None),
        ]
    ):
        fn = decorator(fn)
    return fn


def _body(params: dict[str, Any]) -> dict[str, Any]:
    raw = params.pop("body_json", None)
    if raw:
        return read_json_arg(raw, "--body")
    body = {k: v for k, v in params.items() if v not in (None, ())}
    if "traits" in body:
        body["traits"] = list(body["traits"])
    if "filters" in body:
        body["filters"] = read_json_arg(body["filters"], "--filters")
    return body


@click.group("npc")
def npc_group() -> None:
    """NPC contexts (npcbuilder-style): create, read, list, update, delete."""


@npc_group.command("create")
@where_options
@click.option("--region", "region_id", default=None)
@click.option("--location", "location_id", default=None)
@click.option("--session", "session_id", default=None)
@body_options
@backend_option
@model_option
@db_option
@json_option
def create_cmd(
    game_id: str,
    world_id: str,
    region_id: str | None,
    location_id: str | None,
    session_id: str | None,
    backend: str,
    model: str | None,
    db: str | None,
    as_json: bool,
    **params: Any,
) -> None:
    """Create an NPC; everything not given is generated (seeded)."""
    engine = open_engine(db, backend=backend, model=model)
    npc = create_npc(
        engine,
        _body(params),
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
        session_id=session_id,
    )
    _print(npc.full_view(), as_json)


@npc_group.command("from-character")
@click.argument("character_id")
@where_options
@click.option("--role", type=click.Choice(ROLES, case_sensitive=False), default=None)
@backend_option
@model_option
@db_option
@json_option
def from_character_cmd(
    character_id: str,
    game_id: str,
    world_id: str,
    role: str | None,
    backend: str,
    model: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Create an NPC context from a stored WoD character."""
    engine = open_engine(db, backend=backend, model=model)
    npc = create_from_character(
        engine, character_id, game_id=game_id, world_id=world_id, role=role
    )
    _print(npc.full_view(), as_json)


@npc_group.command("show")
@click.argument("character_id")
@where_options
@db_option
@json_option
def show_cmd(character_id: str, game_id: str, world_id: str, db: str | None, as_json: bool) -> None:
    _print(get_npc(open_engine(db).store, game_id, world_id, character_id).full_view(), as_json)


@npc_group.command("list")
@where_options
@click.option("--region", "region_id", default=None)
@click.option("--location", "location_id", default=None)
@db_option
@json_option
def list_cmd(
    game_id: str,
    world_id: str,
    region_id: str | None,
    location_id: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    npcs = list_npcs(
        open_engine(db).store, game_id, world_id, region_id=region_id, location_id=location_id
    )
    if as_json:
        click.echo(json.dumps([n.full_view() for n in npcs], indent=2, ensure_ascii=False))
        return
    for n in npcs:
        click.echo(
            f"{n.character_id}  {n.name:<25} {n.role:<22} {n.region_id or '-'}/"
            f"{n.location_id or '-'}"
        )


@npc_group.command("update")
@click.argument("character_id")
@where_options
@body_options
@click.option("--replace", is_flag=True, help="PUT semantics: regenerate fields not given.")
@backend_option
@model_option
@db_option
@json_option
def update_cmd(
    character_id: str,
    game_id: str,
    world_id: str,
    replace: bool,
    backend: str,
    model: str | None,
    db: str | None,
    as_json: bool,
    **params: Any,
) -> None:
    """Change the given fields (or replace the whole context with --replace)."""
    engine = open_engine(db, backend=backend, model=model)
    npc = update_npc(engine, game_id, world_id, character_id, _body(params), replace=replace)
    _print(npc.full_view(), as_json)


@npc_group.command("delete")
@click.argument("character_id")
@where_options
@db_option
def delete_cmd(character_id: str, game_id: str, world_id: str, db: str | None) -> None:
    delete_npc(open_engine(db).store, game_id, world_id, character_id)
    click.echo(f"deleted {character_id}")
