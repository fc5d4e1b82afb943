"""The narrative interface: facts about a sheet in, names and prose out."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..errors import FieldProblem, InvalidRequestError


class NarrativeFacts(BaseModel):
    """What a narrative may draw on: read from the finished sheet, never written back."""

    model_config = ConfigDict(frozen=True)

    character_class: str
    character_type: str
    level: str
    concept: str
    concept_blurb: str
    clan: str | None = None
    thin_blood: bool = False
    clan_bane: str | None = None
    predator_type: str | None = None
    tribe: str | None = None
    tribe_patron: str | None = None
    auspice: str | None = None
    auspice_moon: str | None = None
    creed: str | None = None
    drive: str | None = None
    domitor_clan: str | None = None
    vampire_tier: str | None = None
    top_skills: list[str] = []
    merits: list[str] = []
    flaws: list[str] = []
    # names of every clan, tribe and creed in the ruleset (a biography must not claim another)
    rival_names: dict[str, list[str]] = {}


class Narrative(BaseModel):
    """The narrative part of a character, with where each field came from."""

    name_first: str
    name_last: str
    name_nick: str | None
    gender: str
    age: int = Field(ge=0, le=5000)
    apparent_age: int | None = None
    demeanor: str
    nature: str
    appearance: str
    personality: list[str]
    biography: str
    quote: str
    sire: str | None = None
    pack_name: str | None = None
    cell_name: str | None = None
    # which variant of the seeded name stream the name is (the store may move past taken
    # names), and the culture the name came from
    name_variant: int = 0
    culture: str = ""
    sources: dict[str, str] = {}
    checks: list[str] = []


class NarrativeBackend(ABC):
    """Produce a Narrative from facts and a seed. Deterministic for the same inputs.

    Content depends only on (facts, seed, backend, model); `name_variant` picks another
    name from the character's seeded name stream and changes nothing else."""

    name: str = "abstract"

    @abstractmethod
    def narrate(self, facts: NarrativeFacts, seed: int, name_variant: int = 0) -> Narrative:
        """One narrative."""

    def narrate_many(
        self,
        facts: list[NarrativeFacts],
        seeds: list[int],
        name_variants: list[int] | None = None,
    ) -> list[Narrative]:
        """Several narratives (chargen options). Backends may share work between them."""
        variants = name_variants or [0] * len(seeds)
        return [self.narrate(f, s, v) for f, s, v in zip(facts, seeds, variants, strict=True)]

    def describe(self) -> dict[str, Any]:
        return {"backend": self.name}


_REGISTRY: dict[str, Callable[..., NarrativeBackend]] = {}
_INSTANCES: dict[tuple[str, tuple[tuple[str, Any], ...]], NarrativeBackend] = {}


def register_backend(name: str, factory: Callable[..., NarrativeBackend]) -> None:
    """Make a backend available by name; adding one never edits the core."""
    _REGISTRY[name] = factory


def available_backends() -> list[str]:
    return sorted(_REGISTRY)


def get_backend(backend: str | NarrativeBackend | None = None, **options: Any) -> NarrativeBackend:
    """A backend by name (instances are reused per process), or pass one through."""
    if isinstance(backend, NarrativeBackend):
        return backend
    name = (backend or "rules").lower()
    if name not in _REGISTRY:
        raise InvalidRequestError(
            FieldProblem("backend", f"unknown backend {name!r}; choose from {available_backends()}")
        )
    key = (name, tuple(sorted((k, v) for k, v in options.items() if v is not None)))
    if key not in _INSTANCES:
        _INSTANCES[key] = _REGISTRY[name](**{k: v for k, v in options.items() if v is not None})
    return _INSTANCES[key]
