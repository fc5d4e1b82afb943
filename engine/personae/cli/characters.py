"""`personae generate`, `personae fixtures` and `personae show`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..engine import Personae
from ..generate import Owner
from ..render import render_character
from .main import cli
from .options import (
    backend_kwargs,
    backend_option,
    db_option,
    json_option,
    model_option,
    request_fields,
    request_options,
    ruleset_option,
)


def owner_options(fn: Any) -> Any:
    for decorator in reversed(
        [
            click.option("--user", "user_id", default=None, help="Acting user id."),
            click.option("--company", "company_id", default=None, help="Company id."),
            click.option(
                "--campaign",
                "campaign_id",
                default=None,
                help="Campaign id; names are unique within a campaign.",
            ),
        ]
    ):
        fn = decorator(fn)
    return fn


@cli.command("generate")
@request_options
@owner_options
@ruleset_option
@backend_option
@model_option
@db_option
@click.option("--no-store", is_flag=True, help="Do not save the character.")
@json_option
def generate_cmd(
    ruleset: str | None,
    backend: str,
    model: str | None,
    db: str | None,
    no_store: bool,
    as_json: bool,
    user_id: str | None,
    company_id: str | None,
    campaign_id: str | None,
    **params: Any,
) -> None:
    """Generate one rule-legal character and store it.

    Every option left out is chosen from the seed; the same options and seed always give
    the same character content.
    """
    engine = Personae(
        ":memory:" if no_store else db, ruleset=ruleset, **backend_kwargs(backend, model)
    )
    if backend != "rules":
        click.echo(f"writing the narrative with the {backend} backend...", err=True)
    character = engine.generate(
        request_fields(params), owner=Owner(user_id, company_id, campaign_id), save=not no_store
    )
    if as_json:
        click.echo(character.to_json())
        return
    click.echo(render_character(character, engine.rules))
    where = "not stored (--no-store)" if no_store else f"stored in {engine.store.path}"
    click.echo(f"\n{where}")


@cli.command("fixtures")
@request_options
@owner_options
@ruleset_option
@backend_option
@model_option
@click.option(
    "--count",
    type=click.IntRange(1, 100_000),
    default=10,
    show_default=True,
    help="How many characters.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    show_default=True,
    help="File to write the JSON list to ('-' for stdout).",
)
def fixtures_cmd(
    ruleset: str | None,
    backend: str,
    model: str | None,
    count: int,
    out: str,
    user_id: str | None,
    company_id: str | None,
    campaign_id: str | None,
    **params: Any,
) -> None:
    """Write COUNT deterministic characters as a JSON list of Character objects.

    Ids, dates and content all derive from --seed (default 0), so the file is the same
    on every run: suited to test fixtures. Takes every option of `generate`.
    """
    seed = params.pop("seed", None)
    seed = 0 if seed is None else seed
    engine = Personae(":memory:", ruleset=ruleset, **backend_kwargs(backend, model))
    fields = request_fields(params)
    show_bar = sys.stderr.isatty() and (out != "-" or backend != "rules")
    with click.progressbar(
        length=count, label="generating", file=sys.stderr, hidden=not show_bar
    ) as bar:
        characters = engine.fixtures(
            count, seed, fields, owner=Owner(user_id, company_id, campaign_id), progress=bar.update
        )
    text = json.dumps([c.to_dict() for c in characters], indent=2, ensure_ascii=False) + "\n"
    if out == "-":
        click.echo(text, nl=False)
    else:
        Path(out).write_text(text, encoding="utf-8")
        click.echo(f"wrote {count} characters to {out}", err=True)


@cli.command("show")
@click.argument("character_id")
@db_option
@json_option
def show_cmd(character_id: str, db: str | None, as_json: bool) -> None:
    """Print a stored character."""
    engine = Personae(db)
    character = engine.get(character_id)
    click.echo(character.to_json() if as_json else render_character(character, engine.rules))
