"""The README's sample output is the real output of the command it names."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from .conftest import personae_cmd, subprocess_env

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_demo_output_is_current() -> None:
    text = README.read_text()
    match = re.search(r"<!-- demo-output: personae (.+?) -->\n```\n(.*?)\n```", text, re.S)
    assert match, "README lost its demo-output block"
    args = match.group(1).split()
    out = subprocess.run(
        [*personae_cmd(), *args], capture_output=True, text=True, check=True, env=subprocess_env()
    ).stdout
    # the last two lines are the store note and a blank; the id line is random
    lines = [ln for ln in out.splitlines()[:-2] if not ln.startswith("seed ")]
    shown = [ln for ln in match.group(2).splitlines() if not ln.startswith("seed ")]
    assert shown == lines


def test_quick_start_is_exactly_two_commands() -> None:
    block = README.read_text().split("## Quick start", 1)[1].split("```")[1]
    assert [ln for ln in block.strip().splitlines()] == ["make demo", "make test"]
