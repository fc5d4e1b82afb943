"""`personae chargen start|finalize|list|show`: the Valentina face's CLI group."""

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
from .models import ChargenSession
from .operations import finalize_session, get_session, list_sessions, start_session


@click.group("chargen")
def chargen_group() -> None:
    """Chargen sessions: several options, pick one, the rest are deleted."""


def _print_session(session: ChargenSession, engine: Personae, as_json: bool) -> None:
    if as_json:
        click.echo(session.model_dump_json(indent=2))
        return
    click.echo(f"session {session.id}  status {session.status}  expires {session.expires_at}")
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
@json_option
def start_cmd(
    ruleset: str | None,
    backend: str,
    model: str | None,
    db: str | None,
    count: int,
    expires_hours: float,
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
    )
    _print_session(session, engine, as_json)


@chargen_group.command("finalize")
@click.argument("session_id")
@click.argument("character_id")
@db_option
@json_option
def finalize_cmd(session_id: str, character_id: str, db: str | None, as_json: bool) -> None:
    """Keep CHARACTER_ID from SESSION_ID; the other options are deleted."""
    engine = open_engine(db)
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
