"""request -> resolve -> creation -> XP -> validate -> Character: pure functions, no I/O."""

from .build import GENERATOR_VERSION, Built, Owner, assemble, build, facts_for
from .request import GenerationRequest, Resolved, resolve
from .validate import check_sheet, validate_sheet

__all__ = [
    "GENERATOR_VERSION",
    "Built",
    "GenerationRequest",
    "Owner",
    "Resolved",
    "assemble",
    "build",
    "check_sheet",
    "facts_for",
    "resolve",
    "validate_sheet",
]
