"""The published Valentina client's own Python 3.13 venv, used by the contract tests.

The client needs Python 3.13 and lives in `.venv/vclient`, never in the main venv. When it
is missing the tests fail (they never skip) and say how to install it.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
VCLIENT_VENV = REPO / ".venv" / "vclient"
VCLIENT_PYTHON = VCLIENT_VENV / "bin" / "python"
HERE = Path(__file__).resolve().parent
INSTALL = (
    "make vclient   # needs Python 3.13: `pyenv install 3.13` or python3.13 on PATH; it runs "
    "python3.13 -m venv .venv/vclient && .venv/vclient/bin/pip install "
    "'valentina-python-client==3.4.*'"
)


def client_python() -> Path:
    """The venv's interpreter, or a test failure naming the install command."""
    if not VCLIENT_PYTHON.exists():
        pytest.fail(f"the Valentina client venv is missing ({VCLIENT_VENV}); run: {INSTALL}")
    probe = subprocess.run(
        [str(VCLIENT_PYTHON), "-c", "import sys, vclient; print(sys.version_info[:2])"],
        capture_output=True,
        text=True,
        check=False,
    )
    if probe.returncode != 0:
        pytest.fail(
            f"{VCLIENT_PYTHON} cannot import vclient ({probe.stderr.strip()}); run: {INSTALL}"
        )
    return VCLIENT_PYTHON


def validate(documents: list[tuple[str, Any]]) -> list[str]:
    """Parse each (model name, JSON data) with the client's models; return the errors."""
    payload = json.dumps([{"model": m, "data": d} for m, d in documents])
    done = subprocess.run(
        [str(client_python()), str(HERE / "validate_with_client.py")],
        input=payload,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    if done.returncode != 0:
        pytest.fail(f"validator crashed: {done.stderr}")
    results = json.loads(done.stdout)
    return [r["error"] for r in results if not r["ok"]]
