"""Data-driven rulesets: models, loading and lookups."""

from .loader import builtin_rulesets, load_ruleset, resolve_ruleset_dir, ruleset_json_schema
from .models import RulesetSpec
from .ruleset import ProvenanceEntry, Ruleset

__all__ = [
    "ProvenanceEntry",
    "Ruleset",
    "RulesetSpec",
    "builtin_rulesets",
    "load_ruleset",
    "resolve_ruleset_dir",
    "ruleset_json_schema",
]
