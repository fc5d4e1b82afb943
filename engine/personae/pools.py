"""Word pools from data/: names, specialties, archetypes and the phrases narrative uses."""

from __future__ import annotations

from functools import cache
from typing import Any

import yaml

from .resources import data_dir


@cache
def pool(name: str) -> Any:
    """Load data/<name>.yaml once per process."""
    with (data_dir() / f"{name}.yaml").open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def specialty_names(skill: str) -> list[str]:
    return list(pool("specialties").get(skill, []))
