from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from personae.cli import cli

from .conftest import personae_cmd, subprocess_env


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*personae_cmd(), *args], capture_output=True, text=True, env=subprocess_env()
    )


def test_generate_prints_a_sheet_and_where_it_was_stored(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    out = run(
        "generate",
        "--class",
        "VAMPIRE",
        "--experience-level",
        "NEONATE",
        "--seed",
        "7",
        "--db",
        str(db),
    )
    assert out.returncode == 0, out.stderr
    assert "ATTRIBUTES" in out.stdout and f"stored in {db}" in out.stdout
    character_id = out.stdout.rsplit("id ", 1)[1].split()[0]
    shown = run("show", character_id, "--db", str(db), "--json")
    assert json.loads(shown.stdout)["id"] == character_id


def test_generate_json_is_the_character_json(tmp_path: Path) -> None:
    out = run("generate", "--class", "werewolf", "--seed", "3", "--json", "--no-store")
    data = json.loads(out.stdout)
    for key in (
        "id",
        "name_first",
        "name_last",
        "character_class",
        "werewolf_attributes",
        "sheet",
        "experience",
        "seed",
        "ruleset",
        "backend",
    ):
        assert key in data
    assert data["seed"] == 3 and data["ruleset"]["id"] == "v5"


@pytest.mark.parametrize(
    ("args", "flag"),
    [
        (["--class", "wizard"], "--class"),
        (["--experience-level", "GOD"], "--experience-level"),
        (["--skill-focus", "everything"], "--skill-focus"),
        (["--class", "VAMPIRE", "--clan", "Kiasyd"], "--clan"),
        (["--seed", "-4"], "--seed"),
    ],
)
def test_bad_options_are_one_line_naming_the_option(args: list[str], flag: str) -> None:
    out = run("generate", "--no-store", *args)
    assert out.returncode == 2
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and flag in lines[0], out.stderr
    assert out.stdout == ""


def test_unknown_level_lists_allowed_values() -> None:
    out = run("generate", "--no-store", "--experience-level", "GOD")
    assert "NEONATE" in out.stderr and "ELITE" in out.stderr


def test_fixtures_file_is_deterministic_and_takes_generate_options(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for target in (a, b):
        res = CliRunner().invoke(
            cli,
            [
                "fixtures",
                "--count",
                "12",
                "--seed",
                "4",
                "--class",
                "HUNTER",
                "--experience-level",
                "ADVANCED",
                "--skill-focus",
                "SPECIALIST",
                "--out",
                str(target),
            ],
        )
        assert res.exit_code == 0, res.output
    assert a.read_bytes() == b.read_bytes()
    data = json.loads(a.read_text())
    assert len(data) == 12 and len({c["id"] for c in data}) == 12
    assert len({c["name"] for c in data}) == 12
    assert {c["character_class"] for c in data} == {"HUNTER"}
    assert {c["experience"]["level"] for c in data} == {"ADVANCED"}


def test_help_explains_every_option() -> None:
    res = CliRunner().invoke(cli, ["generate", "--help"])
    for flag in (
        "--class",
        "--experience-level",
        "--skill-focus",
        "--concept",
        "--clan",
        "--predator-type",
        "--tribe",
        "--auspice",
        "--creed",
        "--seed",
        "--json",
        "--backend",
        "--ruleset",
        "--db",
    ):
        assert flag in res.output
    res = CliRunner().invoke(cli, ["fixtures", "--help"])
    assert "--count" in res.output and "--out" in res.output and "--class" in res.output


def test_rulesets_commands(ruleset_copy: Path) -> None:
    runner = CliRunner()
    assert "v5" in runner.invoke(cli, ["rulesets", "list"]).output
    shown = json.loads(runner.invoke(cli, ["rulesets", "show", "v5", "--json"]).output)
    assert shown["classes"]["MAGE"] == "not supported" and "toreador" in shown["clans"]
    prov = runner.invoke(cli, ["rulesets", "show", "v5", "--provenance"]).output
    assert "[H] ghoul" in prov
    assert runner.invoke(cli, ["rulesets", "validate", str(ruleset_copy)]).exit_code == 0
    (ruleset_copy / "hunter.yaml").write_text("hunter: {creeds: 5}\n")
    out = run("rulesets", "validate", str(ruleset_copy))
    assert out.returncode == 2 and "hunter.yaml" in out.stderr and "hunter" in out.stderr
