"""`personae rulesets list|show|validate`."""

from __future__ import annotations

import json

import click

from ..ruleset import builtin_rulesets, load_ruleset
from .options import json_option


@click.group("rulesets")
def rulesets_group() -> None:
    """Inspect and check rulesets (built in, or your own folder of YAML)."""


@rulesets_group.command("list")
@json_option
def list_cmd(as_json: bool) -> None:
    """List the built-in rulesets."""
    rows = []
    for rid in builtin_rulesets():
        r = load_ruleset(rid)
        rows.append(
            {"id": r.id, "version": r.version, "name": r.spec.ruleset.name, "path": r.source}
        )
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    for row in rows:
        click.echo(f"{row['id']:<8} {row['version']:<8} {row['name']}  ({row['path']})")


@rulesets_group.command("show")
@click.argument("ruleset", default="v5")
@click.option(
    "--provenance",
    is_flag=True,
    help="List only the unverified [M] and house-rule [H] entries, with sources.",
)
@json_option
def show_cmd(ruleset: str, provenance: bool, as_json: bool) -> None:
    """Summarise RULESET (an id or a folder): classes, levels, clans, concepts."""
    r = load_ruleset(ruleset)
    if provenance:
        entries = [
            {
                "path": e.path,
                "confidence": e.provenance.confidence.value,
                "source": e.provenance.source,
            }
            for e in r.provenance()
        ]
        if as_json:
            click.echo(json.dumps(entries, indent=2))
        else:
            for e in entries:
                click.echo(f"[{e['confidence']}] {e['path']}: {e['source']}")
        return
    summary = {
        "id": r.id,
        "version": r.version,
        "source": r.source,
        "classes": {
            c.value: ("supported" if rules.supported else "not supported")
            for c, rules in r.iter_classes()
        },
        "experience_levels": {n: lv.xp for n, lv in r.spec.experience.levels.items()},
        "skill_focuses": r.skill_focuses,
        "concepts": [c.id for c in r.spec.concepts],
        "clans": [c.id for c in r.vampire.clans] if r.spec.vampire else [],
        "predator_types": [p.id for p in r.vampire.predator_types] if r.spec.vampire else [],
        "tribes": [t.id for t in r.werewolf.tribes] if r.spec.werewolf else [],
        "auspices": [a.id for a in r.werewolf.auspices] if r.spec.werewolf else [],
        "creeds": [c.id for c in r.hunter.creeds] if r.spec.hunter else [],
        "provenance_entries": len(r.provenance()),
    }
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    for key, value in summary.items():
        if isinstance(value, dict):
            value = ", ".join(f"{k}={v}" for k, v in value.items())
        elif isinstance(value, list):
            value = ", ".join(map(str, value))
        click.echo(f"{key}: {value}")


@rulesets_group.command("validate")
@click.argument("directory", required=False)
def validate_cmd(directory: str | None) -> None:
    """Load DIRECTORY (default: the built-in v5) and report the first problem, if any."""
    r = load_ruleset(directory or "v5")
    click.echo(
        f"ok: {r.id} {r.version} ({r.source}) loads cleanly; "
        f"{len(r.provenance())} entries carry provenance"
    )
