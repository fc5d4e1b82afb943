"""Generation requests and their resolution into concrete, seeded choices."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..classes import ClassPlugin, plugin_for, registered
from ..enums import CharacterClass, CharacterType
from ..errors import FieldProblem, InvalidRequestError, problems_from
from ..ruleset import Ruleset
from ..ruleset.models import Concept, Level
from ..seeding import MAX_SEED, draw_seed, pipeline_rng


class GenerationRequest(BaseModel):
    """What a caller may ask for; everything left out is chosen from the seed."""

    # Strict at the HTTP boundary ({"seed": "1"} and {"seed": true} are refused, naming the
    # field); `parse` (Python and CLI callers) validates leniently. Class and type names are
    # text in JSON, so those two stay lax.
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)

    character_type: CharacterType = Field(default=CharacterType.NPC, strict=False)
    character_class: CharacterClass | None = Field(default=None, strict=False)
    experience_level: str | None = Field(default=None, max_length=40)
    skill_focus: str | None = Field(default=None, max_length=40)
    concept_id: str | None = Field(default=None, max_length=80)
    vampire_clan_id: str | None = Field(default=None, max_length=80)
    predator_type: str | None = Field(default=None, max_length=80)
    werewolf_tribe_id: str | None = Field(default=None, max_length=80)
    werewolf_auspice_id: str | None = Field(default=None, max_length=80)
    hunter_creed: str | None = Field(default=None, max_length=80)
    seed: int | None = Field(default=None, ge=0, le=MAX_SEED)

    @field_validator("character_type", "character_class", mode="before")
    @classmethod
    def _enum_text(cls, value: Any) -> Any:
        return value.strip().upper() if isinstance(value, str) else value

    @classmethod
    def parse(
        cls, data: GenerationRequest | dict[str, Any] | None = None, **fields: Any
    ) -> GenerationRequest:
        """Build from a dict or keywords, turning pydantic errors into InvalidRequestError."""
        if isinstance(data, GenerationRequest) and not fields:
            return data
        if data is not None and not isinstance(data, GenerationRequest | dict):
            raise InvalidRequestError(FieldProblem("(body)", "must be an object of fields"))
        merged = {
            **(
                data.model_dump(exclude_unset=True)
                if isinstance(data, GenerationRequest)
                else data or {}
            ),
            **fields,
        }
        try:
            return cls.model_validate(merged, strict=False)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None

    def with_seed(self) -> GenerationRequest:
        return self if self.seed is not None else self.model_copy(update={"seed": draw_seed()})


@dataclass(frozen=True)
class Resolved:
    """Every creation choice, made. The sheet builder reads only this.

    `picks` holds the class's own choices (clan, tribe, creed, ...), keyed by name.
    """

    seed: int
    character_type: CharacterType
    character_class: CharacterClass
    level_name: str
    level: Level
    skill_focus: str
    concept: Concept
    picks: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # the class's picks read as plain attributes (no __getattr__ call on the hot path);
        # a pick never hides a field
        fields = self.__dataclass_fields__
        self.__dict__.update((k, v) for k, v in self.picks.items() if k not in fields)

    def __getattr__(self, name: str) -> Any:
        picks = self.__dict__.get("picks", {})
        if name in picks:
            return picks[name]
        raise AttributeError(name)


_OWNERS: dict[tuple[ClassPlugin, ...], dict[str, list[CharacterClass]]] = {}


def _owner_of_field() -> dict[str, list[CharacterClass]]:
    """Which classes may name each class-specific request field (the registry can grow
    at run time: the table is kept for the registered plug-ins it was made from)."""
    plugins = tuple(registered())
    owners = _OWNERS.get(plugins)
    if owners is None:
        owners = {}
        for plugin in plugins:
            for name in plugin.request_fields:
                owners.setdefault(name, []).append(plugin.character_class)
        _OWNERS.clear()
        _OWNERS[plugins] = owners
    return owners


def _class_for(rules: Ruleset, request: GenerationRequest, rng: random.Random) -> CharacterClass:
    """Explicit, implied by a class-specific option, or weighted by the ruleset."""
    if request.character_class is not None:
        return request.character_class
    implied = {
        p.character_class for p in registered() if any(getattr(request, f) for f in p.implied_by)
    }
    if len(implied) == 1:
        return implied.pop()
    classes = rules.supported_classes
    return rng.choices(classes, weights=[rules.spec.classes[c].weight for c in classes], k=1)[0]


def _attempt(problems: list[FieldProblem], fn: Any, *args: Any) -> Any:
    """fn(*args), or None with its problems added to `problems`."""
    try:
        return fn(*args)
    except InvalidRequestError as exc:
        problems.extend(exc.problems)
        return None


def resolve(rules: Ruleset, request: GenerationRequest) -> Resolved:
    """Make every choice the request left open, from the 'resolve' stage of its seed."""
    request = request.with_seed()
    seed = request.seed if request.seed is not None else draw_seed()
    rng = pipeline_rng(seed, "resolve")
    problems: list[FieldProblem] = []
    cls = _class_for(rules, request, rng)
    rules.class_rules(cls)  # raises UnsupportedError for MAGE and friends
    plugin = plugin_for(cls)
    for name, owners in _owner_of_field().items():
        if getattr(request, name) and cls not in owners:
            allowed = " or ".join(c.value for c in owners)
            problems.append(FieldProblem(name, f"only applies to {allowed}, not {cls.value}"))

    level_name: str | None
    level: Level | None
    if request.experience_level:
        picked = _attempt(problems, rules.level, request.experience_level)
        level_name, level = picked if picked else (None, None)
    else:
        level_name = rng.choice(rules.plain_levels)
        level = rules.spec.experience.levels[level_name]
    focus = (
        _attempt(problems, rules.skill_focus, request.skill_focus)
        if request.skill_focus
        else rng.choice(rules.skill_focuses)
    )
    concept = (
        _attempt(problems, rules.concept, request.concept_id)
        if request.concept_id
        else rng.choice(rules.spec.concepts)
    )
    picks = plugin.resolve(rules, request, level_name, level, rng, problems)
    if problems:
        raise InvalidRequestError(problems)
    assert level_name is not None and level is not None  # no problems means both resolved
    return Resolved(
        seed=seed,
        character_type=request.character_type,
        character_class=cls,
        level_name=level_name,
        level=level,
        skill_focus=focus,
        concept=concept,
        picks=picks,
    )
