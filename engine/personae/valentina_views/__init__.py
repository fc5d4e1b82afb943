"""Views of personae characters in the Valentina API's wire format (see CONTRACT.md).

Pure functions: a stored Character and its ruleset in, JSON-ready pydantic models out.
"""

from .character import (
    character_detail,
    character_health,
    character_view,
    session_view,
    valentina_specialties,
)
from .ids import stable_id
from .specialties import SpecialtyTable, load_specialty_table
from .traits import (
    TraitIndex,
    build_trait_index,
    full_sheet,
    full_sheet_category,
)

__all__ = [
    "SpecialtyTable",
    "TraitIndex",
    "build_trait_index",
    "character_detail",
    "character_health",
    "character_view",
    "full_sheet",
    "full_sheet_category",
    "load_specialty_table",
    "session_view",
    "stable_id",
    "valentina_specialties",
]
