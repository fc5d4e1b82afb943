"""Command groups and the error boundary: every expected failure is one line, exit 2 (1 for
a missing id or file); an unexpected one is one line too, exit 3, with the traceback only
when PERSONAE_DEBUG=1."""

from __future__ import annotations

import os
import sys
from typing import Any

import click

from ..errors import InvalidRequestError, NotFoundError, PersonaeError, RulesetError
from .options import FLAG_FOR_FIELD

DEBUG_ENV = "PERSONAE_DEBUG"


class OneLineErrors(click.Group):
    """Turn usage errors and PersonaeErrors into a single `Error: ...` line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        given = kwargs.get("args", args[0] if args else None)
        argv = sys.argv[1:] if given is None else list(given)
        bad = _undecodable_argument([str(a) for a in argv])
        if bad is not None:
            click.echo(f"Error: {bad}: the value is not valid UTF-8 text; retype it (or fix "
                       "the terminal's encoding)", err=True)
            sys.exit(2)
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.exceptions.Abort:
            click.echo("Aborted.", err=True)
            sys.exit(1)
        except click.UsageError as exc:
            click.echo(f"Error: {exc.format_message()}".replace("\n", " "), err=True)
            sys.exit(2)
        except InvalidRequestError as exc:
            parts = [f"{FLAG_FOR_FIELD.get(p.field, p.field)}: {p.message}" for p in exc.problems]
            click.echo("Error: " + "; ".join(parts), err=True)
            sys.exit(2)
        except NotFoundError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(1)
        except RulesetError as exc:
            click.echo(f"Error: ruleset {exc}", err=True)
            sys.exit(2)
        except PersonaeError as exc:
            click.echo(f"Error: {_one_line(exc)}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            click.echo("Aborted.", err=True)
            sys.exit(130)
        except BrokenPipeError:  # `personae ... | head`: the reader left; nothing to say
            sys.stderr.close()
            sys.exit(1)
        except OSError as exc:
            where = f" ({exc.filename})" if exc.filename else ""
            click.echo(f"Error: {exc.strerror or exc}{where}; check the path and its "
                       "permissions", err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: one line and a hint; the traceback on request
            if os.environ.get(DEBUG_ENV, "") not in ("", "0"):
                raise
            click.echo(
                f"Error: unexpected {type(exc).__name__}: {_one_line(exc)} (a bug in personae; "
                f"run again with {DEBUG_ENV}=1 for the traceback and report it)",
                err=True,
            )
            sys.exit(3)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 500 else text[:497] + "..."


def _undecodable_argument(args: list[str]) -> str | None:
    """The option (or argument) whose value is not valid text in the locale's encoding
    (Python hands such bytes over as lone surrogates, which nothing downstream can store)."""
    for i, arg in enumerate(args):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            name, _, _ = arg.partition("=")
            if arg.startswith("--") and "=" in arg:
                return name
            if i and args[i - 1].startswith("-"):
                return args[i - 1]
            return f"argument {i + 1}"
    return None


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="personae")
def cli() -> None:
    """personae: offline, seeded World of Darkness 5th-edition characters.

    Rule-legal sheets from data-driven rulesets, narrative from templates or a local
    model, sessions in SQLite, and three character APIs over Python, CLI and HTTP.
    """


def main() -> None:
    cli()


def _register() -> None:
    """Mount the core commands and every face's group. Nothing imports this module back."""
    from ..exports.cli import export_command
    from ..faces.agent.cli import agent_group
    from ..faces.npc.cli import npc_group
    from ..faces.valentina.cli import chargen_group, valentina_group
    from .commands import fixtures_cmd, generate_cmd, serve_cmd, show_cmd
    from .model import model_group
    from .rulesets import rulesets_group

    for command in (generate_cmd, fixtures_cmd, show_cmd, serve_cmd, export_command,
                    chargen_group, valentina_group, npc_group, agent_group, model_group,
                    rulesets_group):
        cli.add_command(command)
    from .reroll import reroll_cmd  # issue 13: lock and reroll

    cli.add_command(reroll_cmd)


_register()
