"""The one exception tree. Every message says what was wrong and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError


@dataclass(frozen=True)
class FieldProblem:
    """One bad input: the field (dotted path) and what is wrong with it."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class PersonaeError(Exception):
    """Root of every error this package raises on purpose."""


class InvalidRequestError(PersonaeError, ValueError):
    """A request (Python, CLI or HTTP) had a bad field; `problems` names each one."""

    def __init__(self, problems: list[FieldProblem] | FieldProblem) -> None:
        self.problems = [problems] if isinstance(problems, FieldProblem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


class RulesetError(PersonaeError):
    """A ruleset failed to load: the file, the path inside it and the reason."""

    def __init__(self, file: str, path: str, reason: str) -> None:
        self.file, self.path, self.reason = file, path, reason
        where = f"{file} at {path}" if path else file
        super().__init__(f"{where}: {reason}")


class DataFileError(PersonaeError):
    """A data, prompt or ruleset file cannot be read (missing, too large, not UTF-8)."""

    def __init__(self, path: object, reason: str) -> None:
        self.path = str(path)
        super().__init__(f"{path} {reason}")


class UnsupportedError(PersonaeError):
    """The ruleset does not support what was asked for (e.g. a class without rules)."""


class SheetInvalidError(PersonaeError):
    """A sheet broke the ruleset; `violations` lists every broken rule."""

    def __init__(self, violations: list[str]) -> None:
        self.violations = violations
        super().__init__("sheet is not legal: " + "; ".join(violations))


class NotFoundError(PersonaeError, LookupError):
    """An id (character, session, profile) is unknown or expired."""


class ConflictError(PersonaeError):
    """The operation is not allowed in the current state (e.g. finalizing twice)."""


class GenerationError(PersonaeError):
    """A narrative backend could not produce usable output."""


class StoreError(PersonaeError):
    """The database file cannot be used (not SQLite, a directory, read-only, corrupt)."""


class MissingExtraError(PersonaeError):
    """An optional dependency is not installed; the message gives the install command
    (e.g. pip install 'personae[pdf]')."""


class ModelError(PersonaeError):
    """The model file or runtime is missing or broken; the message names the path or extra."""


class BusyError(PersonaeError):
    """The model worker's queue is full or a request waited too long for it; try again in
    `retry_after` seconds (HTTP 503 with Retry-After)."""

    def __init__(self, message: str, retry_after: int = 5) -> None:
        self.retry_after = retry_after
        super().__init__(message)


class TooLargeError(PersonaeError):
    """An input (request body, JSON nesting, file) is past its limit; the message names it."""


def problems_from(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    """One FieldProblem per pydantic error, with the dotted path of the field."""
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(body)"
        out.append(FieldProblem(prefix + field, err["msg"]))
    return out
