"""`personae reroll ID --keep FIELD,...`: lock some fields of a stored character and draw
the rest again (the same implementation as the HTTP route and the page)."""

from __future__ import annotations

import click

from ..errors import InvalidRequestError
from ..reroll import CHOICES, NARRATIVE, reroll
from ..seeding import MAX_SEED
from ..terminal import render_character
from .options import db_option, json_option, model_option, open_engine, ruleset_option

KEEPABLE = ", ".join([*CHOICES, *NARRATIVE])


@click.command("reroll")
@click.argument("character_id")
@click.option(
    "--keep",
    "keep",
    multiple=True,
    metavar="FIELD,...",
    help=f"Fields to keep, comma-separated or repeated: {KEEPABLE}. Class and type always "
    "stay; a kept field brings what it needs (a biography keeps the name, clan, ...).",
)
@click.option(
    "--seed",
    type=click.IntRange(0, MAX_SEED),
    default=None,
    help="New seed (drawn when left out). The same character, --keep and --seed give the "
    "same result.",
)
@click.option(
    "--backend",
    default=None,
    metavar="NAME",
    help="Narrative backend (default: the one that wrote the character).",
)
@click.option("--company", "company_id", default=None, help="Company the character belongs to.")
@db_option
@ruleset_option
@model_option
@json_option
def reroll_cmd(
    character_id: str,
    keep: tuple[str, ...],
    seed: int | None,
    backend: str | None,
    company_id: str | None,
    db: str | None,
    ruleset: str | None,
    model: str | None,
    as_json: bool,
) -> None:
    """Reroll a stored character in place, keeping the named fields.

    The sheet is built again from the kept choices and the new seed (always rule-legal);
    the kept narrative fields are put back. The character records the seed and the kept
    fields.
    """
    fields = [part.strip() for value in keep for part in value.split(",") if part.strip()]
    engine = open_engine(db, ruleset=ruleset, backend=backend or "rules", model=model)
    try:
        character = reroll(
            engine, character_id, fields, seed, company_id=company_id, backend=backend
        )
    except InvalidRequestError as exc:
        if all(p.field == "keep" for p in exc.problems):
            raise click.BadParameter(
                "; ".join(p.message for p in exc.problems), param_hint="--keep"
            ) from None
        raise
    if as_json:
        click.echo(character.to_json())
        return
    click.echo(render_character(character, engine.rules))
    record = character.reroll
    kept = ", ".join(record.keep) if record and record.keep else "nothing"
    click.echo(f"\nrerolled with seed {record.seed if record else seed}, keeping {kept}")
