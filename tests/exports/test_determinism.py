"""Same character -> byte-identical files, in two separate processes."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from personae.exports import exporter_names

SCRIPT = r"""
import hashlib, json, sys
from personae.exports import export
from personae.testing.plugin import build_character
out = {}
for cls in ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]:
    c = build_character(21, character_class=cls, experience_level="ADVANCED")
    for fmt in sys.argv[1:]:
        out[f"{cls}:{fmt}"] = hashlib.sha256(export(c, fmt).content).hexdigest()
print(json.dumps(out, sort_keys=True))
"""


def _run(formats: list[str], hashseed: str) -> dict[str, str]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, *formats],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
        env={"PYTHONHASHSEED": hashseed, "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout)


@pytest.mark.slow
def test_every_format_is_byte_identical_across_processes() -> None:
    formats = exporter_names()
    first, second = _run(formats, "1"), _run(formats, "2")
    assert len(first) == 5 * len(formats)
    assert first == second
    # and the files differ between classes (the hash is of real content)
    assert len({v for k, v in first.items() if k.endswith(":foundry")}) == 5
