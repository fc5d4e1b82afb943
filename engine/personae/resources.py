"""Find prompts/, rulesets/ and data/ in a checkout or inside an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import DataFileError

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


# A data or ruleset file larger than this is refused (a file pointing at /dev/zero or a
# runaway generated file would otherwise be read into memory whole).
MAX_DATA_FILE = 32 << 20

try:  # libyaml's parser when PyYAML ships it: about ten times faster than the pure one
    _LOADER: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _LOADER = yaml.SafeLoader


def read_text(path: Path, limit: int = MAX_DATA_FILE) -> str:
    """A UTF-8 file's text, refusing files over `limit` bytes; errors name the file."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise DataFileError(path, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > limit:
        raise DataFileError(path, f"is larger than {limit >> 20} MiB; is it the right file?")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            path, f"is not UTF-8 text (byte {exc.start}); save it as UTF-8"
        ) from None


def load_yaml(text: str) -> Any:
    """Parse YAML safely (libyaml when available)."""
    return yaml.load(text, Loader=_LOADER)
