"""The README's sample output is the real output of the command it names."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from personae.audit import audit_character, audit_text
from personae.ruleset import load_ruleset

from .conftest import personae_cmd, subprocess_env

README = Path(__file__).resolve().parent.parent / "README.md"


def _run(args: list[str]) -> str:
    return subprocess.run(
        [*personae_cmd(), *args], capture_output=True, text=True, check=True, env=subprocess_env()
    ).stdout


def _sheet_and_story(lines: list[str]) -> tuple[list[str], list[str]]:
    """The rules' part of the printout (the sheet) and the narrative's part (the traits on
    the Demeanor line, appearance, biography, quote)."""
    while lines and not lines[-1]:
        lines = lines[:-1]
    cut = [i for i, ln in enumerate(lines) if not ln][-2]  # before appearance, biography
    sheet = [ln.split(" · ")[0] if ln.startswith("Demeanor ") else ln for ln in lines[:cut]]
    story = [ln for ln in lines if ln.startswith("Demeanor ")] + lines[cut:]
    return sheet, story


def test_readme_demo_output_is_current() -> None:
    """The README shows `make demo`'s command and output. The sheet is the same bytes on
    every machine. The narrative is the same bytes for the same model file on the same
    machine (this test, run where the README was written); a model run on another CPU may
    word it differently, and then its output and the README's must both read clean."""
    text = README.read_text()
    match = re.search(r"<!-- demo-output: personae (.+?) -->\n```\n(.*?)\n```", text, re.S)
    assert match, "README lost its demo-output block"
    args = match.group(1).split()
    make = (README.parent / "Makefile").read_text()
    demo = re.search(r"^demo:.*\n\t\$\(BIN\)/personae (.+)$", make, re.M)
    assert demo and demo.group(1).replace("--db $(VENV)/demo.db", "--no-store").split() == args
    out = _run(args)
    # the last two lines are the store note and a blank; the id line is random
    lines = [ln for ln in out.splitlines()[:-2] if not ln.startswith("seed ")]
    shown = [ln for ln in match.group(2).splitlines() if not ln.startswith("seed ")]
    sheet, story = _sheet_and_story(lines)
    shown_sheet, shown_story = _sheet_and_story(shown)
    assert shown_sheet == sheet
    if shown_story == story:
        return
    character = json.loads(_run([*args, "--json"]))
    rules = load_ruleset()
    identity = dict(rules.identity_names)
    identity["predator type"] = [p.name for p in rules.vampire.predator_types]
    assert audit_character(character, identity) == []
    vampire = character["vampire_attributes"]
    allowed = [character["name_first"], character["name_last"], vampire["sire"]]
    allowed += [vampire["clan_name"], vampire["predator_type"]]
    for line in filter(None, shown_story):
        assert audit_text("readme", line.strip(' "'), allowed=allowed, prose=False) == [], line


def test_quick_start_is_exactly_two_commands() -> None:
    block = README.read_text().split("## Quick start", 1)[1].split("```")[1]
    assert [ln for ln in block.strip().splitlines()] == ["make demo", "make test"]
