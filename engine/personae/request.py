"""Generation requests and their resolution into concrete, seeded choices."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .enums import CharacterClass, CharacterType
from .errors import FieldProblem, InvalidRequestError
from .ruleset import Ruleset
from .ruleset.models import Auspice, Clan, Concept, Level, PredatorType, Tribe
from .seeding import MAX_SEED, draw_seed, stage_rng


class GenerationRequest(BaseModel):
    """What a caller may ask for; everything left out is chosen from the seed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    character_type: CharacterType = CharacterType.NPC
    character_class: CharacterClass | None = None
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
        merged = {
            **(
                data.model_dump(exclude_unset=True)
                if isinstance(data, GenerationRequest)
                else data or {}
            ),
            **fields,
        }
        try:
            return cls.model_validate(merged)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None

    def with_seed(self) -> GenerationRequest:
        return self if self.seed is not None else self.model_copy(update={"seed": draw_seed()})


def problems_from(exc: ValidationError, prefix: str = "") -> list[FieldProblem]:
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "(body)"
        message = err["msg"]
        out.append(FieldProblem(prefix + field, message))
    return out


@dataclass(frozen=True)
class Resolved:
    """Every creation choice, made. The sheet builder reads only this."""

    seed: int
    character_type: CharacterType
    character_class: CharacterClass
    level_name: str
    level: Level
    skill_focus: str
    concept: Concept
    clan: Clan | None = None
    vampire_tier: str | None = None
    predator_type: PredatorType | None = None
    tribe: Tribe | None = None
    auspice: Auspice | None = None
    creed: Any = None
    domitor_clan: Clan | None = None


def _weighted(rng: random.Random, items: list[Any], weights: list[float]) -> Any:
    return rng.choices(items, weights=weights, k=1)[0]


def predator_allowed(
    rules: Ruleset, ptype: PredatorType, clan: Clan, tier_potency: int, generation_max: int
) -> bool:
    """Whether a clan at a tier may take this predator type (exclusions, potency limits)."""
    if clan.id in ptype.excluded_clans:
        return False
    potency = tier_potency + ptype.blood_potency
    if potency > generation_max:
        return False
    if ptype.max_blood_potency is not None and potency > ptype.max_blood_potency:
        return False
    granted = {g.name for g in ptype.grants}
    return not granted & set(clan.excluded_merits)


def resolve(rules: Ruleset, request: GenerationRequest) -> Resolved:
    """Make every choice the request left open, from the 'resolve' stage of its seed."""
    request = request.with_seed()
    seed = request.seed if request.seed is not None else draw_seed()
    rng = stage_rng(seed, "resolve")
    problems: list[FieldProblem] = []

    def attempt(fn: Any, *args: Any) -> Any:
        try:
            return fn(*args)
        except InvalidRequestError as exc:
            problems.extend(exc.problems)
            return None

    # class: explicit, implied by a class-specific option, or weighted by the ruleset
    cls = request.character_class
    if cls is None:
        implied = [
            c
            for c, given in (
                (CharacterClass.VAMPIRE, request.vampire_clan_id or request.predator_type),
                (CharacterClass.WEREWOLF, request.werewolf_tribe_id or request.werewolf_auspice_id),
                (CharacterClass.HUNTER, request.hunter_creed),
            )
            if given
        ]
        if len(implied) == 1:
            cls = implied[0]
        else:
            classes = rules.supported_classes
            cls = _weighted(rng, classes, [rules.spec.classes[c].weight for c in classes])
    rules.class_rules(cls)  # raises UnsupportedError for MAGE and friends

    for field, value, owner in (
        ("vampire_clan_id", request.vampire_clan_id, CharacterClass.VAMPIRE),
        ("predator_type", request.predator_type, CharacterClass.VAMPIRE),
        ("werewolf_tribe_id", request.werewolf_tribe_id, CharacterClass.WEREWOLF),
        ("werewolf_auspice_id", request.werewolf_auspice_id, CharacterClass.WEREWOLF),
        ("hunter_creed", request.hunter_creed, CharacterClass.HUNTER),
    ):
        if (
            value
            and cls is not owner
            and not (cls is CharacterClass.GHOUL and field == "vampire_clan_id")
        ):
            problems.append(FieldProblem(field, f"only applies to {owner.value}, not {cls.value}"))

    if request.experience_level:
        picked = attempt(rules.level, request.experience_level)
        level_name, level = picked if picked else (None, None)
    else:
        plain = [n for n, lv in rules.spec.experience.levels.items() if not lv.alias]
        level_name = rng.choice(plain)
        level = rules.spec.experience.levels[level_name]
    focus = (
        attempt(rules.skill_focus, request.skill_focus)
        if request.skill_focus
        else rng.choice(rules.skill_focuses)
    )
    concept = (
        attempt(rules.concept, request.concept_id)
        if request.concept_id
        else rng.choice(rules.spec.concepts)
    )

    extra: dict[str, Any] = {}
    if cls is CharacterClass.VAMPIRE:
        clan = (
            attempt(rules.clan, request.vampire_clan_id)
            if request.vampire_clan_id
            else rng.choice(rules.vampire.clans)
        )
        if clan is not None and level is not None:
            tier_name = level.vampire_tier
            tier = rules.vampire.thin_blood_tier if clan.thin_blood else rules.tier(tier_name)
            gen_max = min(
                rules.potency_limits(g)[1]
                for g in range(tier.generation[0], tier.generation[1] + 1)
            )
            allowed = [
                p
                for p in rules.vampire.predator_types
                if predator_allowed(rules, p, clan, tier.blood_potency, gen_max)
            ]
            if request.predator_type:
                ptype = attempt(rules.predator_type, request.predator_type)
                if ptype is not None and ptype not in allowed:
                    problems.append(
                        FieldProblem(
                            "predator_type",
                            f"{ptype.name} is not open to {clan.name} at "
                            f"{level_name}; choose from {[p.id for p in allowed]}",
                        )
                    )
            else:
                ptype = rng.choice(allowed) if allowed else None
            extra.update(clan=clan, vampire_tier=tier_name, predator_type=ptype)
    elif cls is CharacterClass.WEREWOLF:
        extra["tribe"] = (
            attempt(rules.tribe, request.werewolf_tribe_id)
            if request.werewolf_tribe_id
            else rng.choice(rules.werewolf.tribes)
        )
        extra["auspice"] = (
            attempt(rules.auspice, request.werewolf_auspice_id)
            if request.werewolf_auspice_id
            else rng.choice(rules.werewolf.auspices)
        )
    elif cls is CharacterClass.HUNTER:
        extra["creed"] = (
            attempt(rules.creed, request.hunter_creed)
            if request.hunter_creed
            else rng.choice(rules.hunter.creeds)
        )
    elif cls is CharacterClass.GHOUL:
        candidates = [c for c in rules.vampire.clans if c.disciplines and not c.thin_blood]
        extra["domitor_clan"] = (
            attempt(rules.clan, request.vampire_clan_id)
            if request.vampire_clan_id
            else rng.choice(candidates)
        )
        if extra["domitor_clan"] is not None and not extra["domitor_clan"].disciplines:
            problems.append(
                FieldProblem(
                    "vampire_clan_id",
                    "a ghoul's domitor clan needs "
                    f"clan disciplines; choose from {[c.id for c in candidates]}",
                )
            )
    if problems:
        raise InvalidRequestError(problems)
    return Resolved(
        seed=seed,
        character_type=request.character_type,
        character_class=cls,
        level_name=level_name,
        level=level,
        skill_focus=focus,
        concept=concept,
        **extra,
    )
