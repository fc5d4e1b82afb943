"""Command groups and the error boundary: every expected failure is one line, exit 2."""

from __future__ import annotations

import sys
from typing import Any

import click

from ..errors import InvalidRequestError, NotFoundError, PersonaeError, RulesetError
from .options import FLAG_FOR_FIELD


class OneLineErrors(click.Group):
    """Turn usage errors and PersonaeErrors into a single `Error: ...` line."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
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
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


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
    from ..faces.valentina.cli import chargen_group
    from .commands import fixtures_cmd, generate_cmd, serve_cmd, show_cmd
    from .model import model_group
    from .rulesets import rulesets_group

    for command in (generate_cmd, fixtures_cmd, show_cmd, serve_cmd, export_command,
                    chargen_group, npc_group, agent_group, model_group, rulesets_group):
        cli.add_command(command)


_register()
