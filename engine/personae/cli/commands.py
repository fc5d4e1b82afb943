"""Core commands: `personae generate`, `fixtures`, `show`, `delete` and `serve`."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import click

from ..pipeline import Owner
from ..terminal import render_character
from .options import (
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


@click.command("generate")
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
    engine = open_engine(":memory:" if no_store else db, ruleset=ruleset, backend=backend,
                         model=model)
    if backend.strip().lower() != "rules":
        click.echo(f"writing the narrative with the {backend.lower()} backend...", err=True)
    character = engine.generate(
        request_fields(params), owner=Owner(user_id, company_id, campaign_id), save=not no_store
    )
    if as_json:
        click.echo(character.to_json())
        return
    click.echo(render_character(character, engine.rules))
    where = "not stored (--no-store)" if no_store else f"stored in {engine.store.path}"
    click.echo(f"\n{where}")


@click.command("fixtures")
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
    type=click.Path(dir_okay=False),
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
    on every run: suited to test fixtures. Takes every option of `generate`. The list is
    streamed (memory stays flat however large COUNT is) and a file is written atomically.
    """
    seed = params.pop("seed", None)
    seed = 0 if seed is None else seed
    target = None if out == "-" else Path(out)
    if target is not None and not target.parent.is_dir():
        raise click.BadParameter(f"folder {str(target.parent)!r} does not exist",
                                 param_hint="--out")
    engine = open_engine(":memory:", ruleset=ruleset, backend=backend, model=model)
    characters = engine.iter_fixtures(
        count, seed, request_fields(params), owner=Owner(user_id, company_id, campaign_id)
    )
    show_bar = sys.stderr.isatty() and (target is not None or backend != "rules")
    with click.progressbar(
        length=count, label="generating", file=sys.stderr, hidden=not show_bar
    ) as bar:
        if target is None:
            _write_list(sys.stdout, characters, bar.update)
            return
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                _write_list(fh, characters, bar.update)
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; give the usual mode
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    click.echo(f"wrote {count} characters to {out}", err=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _write_list(fh: Any, characters: Any, tick: Any) -> None:
    """A JSON list, one character at a time (same bytes as dumping the whole list)."""
    fh.write("[")
    for i, character in enumerate(characters):
        text = json.dumps(character.to_dict(), indent=2, ensure_ascii=False)
        fh.write(("," if i else "") + "\n  " + text.replace("\n", "\n  "))
        tick(1)
    fh.write("\n]\n")


@click.command("show")
@click.argument("character_id")
@db_option
@json_option
def show_cmd(character_id: str, db: str | None, as_json: bool) -> None:
    """Print a stored character."""
    engine = open_engine(db)
    character = engine.get(character_id)
    click.echo(character.to_json() if as_json else render_character(character, engine.rules))


@click.command("serve")
@click.option(
    "--host", default="127.0.0.1", show_default=True, help="Address to bind; loopback by default."
)
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True)
@db_option
@ruleset_option
@backend_option
@model_option
@click.option(
    "--api-key",
    "api_keys",
    multiple=True,
    help="Require this X-API-KEY (repeat for several). No key: no check.",
)
@click.option(
    "--model-queue",
    type=click.IntRange(1, 1000),
    default=4,
    show_default=True,
    help="Model requests that may wait for the model worker; more get 503 at once.",
)
@click.option(
    "--model-wait",
    type=click.FloatRange(0.1, 3600),
    default=30.0,
    show_default=True,
    help="Seconds a request may wait for the model before it gets 503 with Retry-After.",
)
@click.option(
    "--warm/--no-warm",
    default=True,
    show_default=True,
    help="With the llama backend, evaluate every class's shared prompt on the model worker "
    "at start, so the first character of each class does not wait for it.",
)
def serve_cmd(
    host: str,
    port: int,
    db: str | None,
    ruleset: str | None,
    backend: str,
    model: str | None,
    api_keys: tuple[str, ...],
    model_queue: int,
    model_wait: float,
    warm: bool,
) -> None:
    """Serve the HTTP APIs (OpenAPI docs at /docs, health at /health).

    Model work (llama, openai backends) runs on one worker thread behind a bounded queue;
    reads and /health never wait for it."""
    if any(not key.strip() for key in api_keys):
        raise click.BadParameter("an API key may not be empty", param_hint="--api-key")
    try:
        import uvicorn

        from ..server import create_app
        from ..server.app import warm_model
        from ..server.limits import H11_MAX_INCOMPLETE_EVENT
    except ImportError as exc:  # the server extra is optional
        raise click.ClickException(
            f"the server needs its extra: pip install 'personae[server]' ({exc})"
        ) from None
    engine = open_engine(db, ruleset=ruleset, backend=backend, model=model)
    app = create_app(engine, api_keys=api_keys, model_queue=model_queue, model_wait=model_wait)
    if warm:
        warm_model(app)
    click.echo(
        f"personae serving {engine.store.path} on http://{host}:{port} (docs at /docs)", err=True
    )
    uvicorn.run(
        app,
        host=host,
        port=port,
        log_level="warning",
        h11_max_incomplete_event_size=H11_MAX_INCOMPLETE_EVENT,
    )
