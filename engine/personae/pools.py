"""Word pools from data/: names, specialties, archetypes and the phrases narrative uses."""

from __future__ import annotations

from functools import cache
from typing import Any

from .resources import data_dir, load_yaml, read_text


@cache
def pool(name: str) -> Any:
    """Load data/<name>.yaml once per process."""
    return load_yaml(read_text(data_dir() / f"{name}.yaml"))


def specialty_names(skill: str) -> list[str]:
    return list(pool("specialties").get(skill, []))
