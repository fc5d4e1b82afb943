"""The wheel carries prompts/, rulesets/ and data/ and works from a fresh environment."""

from __future__ import annotations

import json
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_into_a_fresh_venv_and_generates(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(dist),
            str(REPO),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("personae-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for part in (
        "personae/_resources/rulesets/v5/vampire.yaml",
        "personae/_resources/prompts/rules_biography.j2",
        "personae/_resources/data/names.yaml",
        "personae/_resources/rulesets/schema.json",
    ):
        assert part in names
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True
    )
    out = subprocess.run(
        [
            str(env_dir / "bin" / "personae"),
            "generate",
            "--seed",
            "3",
            "--json",
            "--no-store",
            "--class",
            "VAMPIRE",
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    data = json.loads(out.stdout)
    assert data["character_class"] == "VAMPIRE" and data["seed"] == 3
    where = subprocess.run(
        [str(py), "-c", "import personae.resources as r; print(r.resource_root())"],
        check=True,
        capture_output=True,
        text=True,
        cwd=tmp_path,
    ).stdout
    assert "_resources" in where
