"""The Valentina face's CLI groups: `personae chargen start|finalize|list|show` and
`personae valentina list|get|sheet|traits|update|delete`."""

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
    owner_options,
    request_fields,
    request_options,
    ruleset_option,
)
from ...core import Personae
from ...pipeline import GenerationRequest, Owner
from ...terminal import render_character
from . import characters
from .models import ChargenSession
from .operations import finalize_session, get_session, list_sessions, start_session
from .views import INCLUDES


@click.group("chargen")
def chargen_group() -> None:
    """Chargen sessions: several options, pick one, the rest are deleted."""


def _print_session(session: ChargenSession, engine: Personae, as_json: bool) -> None:
    if as_json:
        click.echo(session.model_dump_json(indent=2))
        return
    click.echo(f"session {session.id}  status {session.status}  expires {session.expires_at}")
    if session.narrate_backend:
        click.echo(
            f"  narrative: a rules preview; the {session.narrate_backend} backend writes the "
            "option you keep when you finalize it"
        )
    for i, c in enumerate(session.characters, 1):
        extra = (
            (c.vampire_attributes and c.vampire_attributes.clan_name)
            or (c.werewolf_attributes and c.werewolf_attributes.tribe_name)
            or (c.hunter_attributes and c.hunter_attributes.creed)
            or ""
        )
        click.echo(
            f"  {i}. {c.id}  {c.name_full:<32} {c.character_class.value:<9} "
            f"{c.concept_name:<16} {extra}"
        )


@chargen_group.command("start")
@request_options
@owner_options
@ruleset_option
@backend_option
@model_option
@db_option
@click.option(
    "--options",
    "count",
    type=click.IntRange(1, 10),
    default=3,
    show_default=True,
    help="How many characters to choose from.",
)
@click.option(
    "--expires-hours",
    type=click.FloatRange(min=0, min_open=True),
    default=24.0,
    show_default=True,
    help="Hours until the unchosen session is purged.",
)
@click.option(
    "--narrate",
    type=click.Choice(["chosen", "all"]),
    default="chosen",
    show_default=True,
    help="With a model backend: 'chosen' previews the options with the rules backend and "
    "the model writes the one you keep at finalize (about one model character per "
    "session); 'all' has the model write every option now.",
)
@json_option
def start_cmd(
    ruleset: str | None,
    backend: str,
    model: str | None,
    db: str | None,
    count: int,
    expires_hours: float,
    narrate: str,
    as_json: bool,
    user_id: str | None,
    company_id: str | None,
    campaign_id: str | None,
    **params: Any,
) -> None:
    """Start a session of COUNT options generated with the given options."""
    engine = open_engine(db, ruleset=ruleset, backend=backend, model=model)
    fields = request_fields(params)
    session = start_session(
        engine,
        GenerationRequest.parse(fields),
        owner=Owner(user_id, company_id, campaign_id),
        options=count,
        expires_hours=expires_hours,
        narrate="all" if narrate == "all" else "chosen",
    )
    _print_session(session, engine, as_json)


@chargen_group.command("finalize")
@click.argument("session_id")
@click.argument("character_id")
@db_option
@model_option
@json_option
def finalize_cmd(
    session_id: str, character_id: str, db: str | None, model: str | None, as_json: bool
) -> None:
    """Keep CHARACTER_ID from SESSION_ID; the other options are deleted. When the session
    was started with a model backend, the model writes the kept option's narrative now
    (with --model: this model file, for a llama session)."""
    engine = open_engine(db, backend="llama" if model else "rules", model=model)
    kept = finalize_session(engine, session_id, character_id)
    click.echo(kept.to_json() if as_json else render_character(kept, engine.rules))


@chargen_group.command("list")
@db_option
@click.option("--user", "user_id", default=None, help="Only this user's sessions.")
@click.option("--campaign", "campaign_id", default=None, help="Only this campaign's sessions.")
@click.option("--all", "include_closed", is_flag=True, help="Include finalized sessions.")
@json_option
def list_cmd(
    db: str | None,
    user_id: str | None,
    campaign_id: str | None,
    include_closed: bool,
    as_json: bool,
) -> None:
    """List open (unexpired) sessions."""
    engine = open_engine(db)
    sessions = list_sessions(
        engine, user_id=user_id, campaign_id=campaign_id, include_closed=include_closed
    )
    if as_json:
        click.echo(json.dumps([s.model_dump(mode="json") for s in sessions], indent=2))
        return
    for s in sessions:
        _print_session(s, engine, False)
    if not sessions:
        click.echo("no open sessions")


@chargen_group.command("show")
@click.argument("session_id")
@db_option
@json_option
def show_cmd(session_id: str, db: str | None, as_json: bool) -> None:
    """Show one session and its options."""
    engine = open_engine(db)
    _print_session(get_session(engine, session_id), engine, as_json)


# ----------------------------------------------------------------------------------------
# `personae valentina ...`: the character and trait reads and edits, as the HTTP routes
# answer them (the same operations in characters.py), printed as JSON.
# ----------------------------------------------------------------------------------------


def _company_option(fn: Any) -> Any:
    return click.option(
        "--company", "company_id", required=True, help="Company id (other companies see 404)."
    )(fn)


def _echo(model: Any) -> None:
    click.echo(json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False))


@click.group("valentina")
def valentina_group() -> None:
    """Characters and traits in the Valentina API's JSON (as `personae serve` answers)."""


@valentina_group.command("list")
@_company_option
@click.option("--campaign", "campaign_id", default=None, help="Only this campaign.")
@click.option("--player", "user_player_id", default=None, help="Only this player's.")
@click.option("--creator", "user_creator_id", default=None, help="Only this creator's.")
@click.option("--class", "character_class", default=None, help="Only this class.")
@click.option("--type", "character_type", default=None, help="PLAYER, NPC or STORYTELLER.")
@click.option("--status", default=None, help="ALIVE or DEAD.")
@click.option("--temporary", "is_temporary", is_flag=True, help="Chargen options only.")
@click.option("--limit", default=characters.DEFAULT_PAGE, show_default=True, type=int)
@click.option("--offset", default=0, show_default=True, type=int)
@db_option
def valentina_list_cmd(db: str | None, company_id: str, **filters: Any) -> None:
    """A page of the company's characters: {items, limit, offset, total}."""
    _echo(characters.list_characters(open_engine(db), company_id, **filters))


@valentina_group.command("get")
@click.argument("character_id")
@_company_option
@click.option(
    "--include",
    multiple=True,
    type=click.Choice(list(INCLUDES)),
    help="Embed child lists (repeatable).",
)
@db_option
def valentina_get_cmd(
    character_id: str, company_id: str, include: tuple[str, ...], db: str | None
) -> None:
    """One character (CharacterDetail)."""
    _echo(characters.get_character(open_engine(db), company_id, character_id, include))


@valentina_group.command("sheet")
@click.argument("character_id")
@_company_option
@click.option("--category", "category_id", default=None, help="Only this sheet category.")
@click.option("--available", is_flag=True, help="Also list traits the character could add.")
@db_option
def valentina_sheet_cmd(
    character_id: str, company_id: str, category_id: str | None, available: bool, db: str | None
) -> None:
    """The full sheet: sections > categories > subcategories > traits."""
    engine = open_engine(db)
    if category_id:
        _echo(
            characters.character_sheet_category(
                engine, company_id, character_id, category_id, include_available=available
            )
        )
    else:
        _echo(
            characters.character_full_sheet(
                engine, company_id, character_id, include_available=available
            )
        )


@valentina_group.command("traits")
@click.argument("character_id")
@_company_option
@click.option("--trait", "character_trait_id", default=None, help="Only this character trait.")
@click.option("--category", "category_id", default=None, help="Only this sheet category.")
@click.option("--rollable/--not-rollable", "is_rollable", default=None, help="Filter.")
@click.option("--limit", default=characters.MAX_PAGE, show_default=True, type=int)
@click.option("--offset", default=0, show_default=True, type=int)
@db_option
def valentina_traits_cmd(
    character_id: str,
    company_id: str,
    character_trait_id: str | None,
    db: str | None,
    **filters: Any,
) -> None:
    """The character's traits with values, specialties and trackers."""
    engine = open_engine(db)
    if character_trait_id:
        _echo(characters.get_trait(engine, company_id, character_id, character_trait_id))
    else:
        _echo(characters.list_traits(engine, company_id, character_id, **filters))


@valentina_group.command("update")
@click.argument("character_id")
@_company_option
@click.option(
    "--set",
    "pairs",
    multiple=True,
    metavar="FIELD=VALUE",
    required=True,
    help="A field to change, e.g. --set name_nick=Ghost --set age=40 (repeatable; "
    "vampire_attributes.sire=... for nested fields).",
)
@db_option
def valentina_update_cmd(
    character_id: str, company_id: str, pairs: tuple[str, ...], db: str | None
) -> None:
    """Change identity and narrative fields (the sheet is not writable)."""
    body: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise click.BadParameter(f"{pair!r} is not FIELD=VALUE", param_hint="--set")
        parsed: Any = int(value) if key == "age" and value.lstrip("-").isdigit() else value
        head, _, sub = key.partition(".")
        if sub:
            body.setdefault(head, {})[sub] = parsed
        else:
            body[key] = parsed
    _echo(characters.update_character(open_engine(db), company_id, character_id, body))


@valentina_group.command("delete")
@click.argument("character_id")
@_company_option
@db_option
def valentina_delete_cmd(character_id: str, company_id: str, db: str | None) -> None:
    """Delete a character."""
    characters.delete_character(open_engine(db), company_id, character_id)
    click.echo(f"deleted {character_id}")
