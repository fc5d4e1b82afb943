"""Find prompts/, rulesets/ and data/ in a checkout or inside an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def resource_root() -> Path:
    """The folder holding prompts/, rulesets/ and data/.

    A wheel carries them under ``personae/_resources``; a checkout (editable install or
    plain source tree) has them at the repository root, two levels above this file.
    """
    bundled = _PACKAGE_DIR / "_resources"
    if (bundled / "rulesets").is_dir():
        return bundled
    checkout = _PACKAGE_DIR.parent.parent
    if (checkout / "rulesets").is_dir():
        return checkout
    raise FileNotFoundError(
        f"personae resources not found under {bundled} or {checkout}; reinstall the package"
    )


def rulesets_dir() -> Path:
    return resource_root() / "rulesets"


def data_dir() -> Path:
    return resource_root() / "data"


def prompts_dir() -> Path:
    return resource_root() / "prompts"
