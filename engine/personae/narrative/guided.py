"""Shared logic of the model backends: prompt, schema, checks, retries, per-field fallback."""

from __future__ import annotations

import json
from abc import abstractmethod
from typing import Any

from pydantic import ValidationError

from ..pools import pool
from ..prompts import render
from ..seeding import derive_seed, stage_rng
from .base import Narrative, NarrativeBackend, NarrativeFacts
from .checks import check_narrative, looping, malformed, placeholder
from .fields import narrative_model, narrative_schema
from .rules import RulesBackend, pick_name


def task_context(facts: NarrativeFacts, extras: list[str]) -> dict[str, Any]:
    kind = facts.character_class.lower()
    if facts.character_class == "VAMPIRE":
        kind = "thin-blooded vampire" if facts.thin_blood else "vampire"
    return {
        "kind": kind,
        "concept": facts.concept,
        "concept_blurb": facts.concept_blurb.lower(),
        "clan": facts.clan if not facts.thin_blood else None,
        "bane": facts.clan_bane,
        "thin_blood": facts.thin_blood,
        "predator": facts.predator_type,
        "tribe": facts.tribe,
        "patron": facts.tribe_patron,
        "auspice": facts.auspice,
        "moon": facts.auspice_moon,
        "creed": facts.creed,
        "drive": facts.drive,
        "domitor_clan": facts.domitor_clan,
        "top_skills": facts.top_skills,
        "merits": facts.merits[:3],
        "flaws": facts.flaws[:2],
        "level": facts.level,
        "extras": extras,
    }


def _strings(low: int, high: int, shortest: int, longest: int) -> dict[str, Any]:
    return {
        "type": "array",
        "minItems": low,
        "maxItems": high,
        "items": {"type": "string", "minLength": shortest, "maxLength": longest},
    }


# The JSON each agent field is generated as (the task wording is in prompts/agent_field.j2).
_AGENT_FIELDS: dict[str, dict[str, Any]] = {
    "bio": {"text": {"type": "string", "minLength": 60, "maxLength": 500}},
    "system": {"text": {"type": "string", "minLength": 80, "maxLength": 1200}},
    "style": {k: _strings(2, 4, 5, 120) for k in ("all", "chat", "post")},
    "postExamples": {"posts": _strings(3, 5, 10, 280)},
    "chatExamples": {
        "groups": {
            "type": "array",
            "minItems": 1,
            "maxItems": 3,
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["turns"],
                "properties": {"turns": _strings(2, 4, 2, 300)},
            },
        }
    },
}


def _clean(text: str) -> bool:
    return not (placeholder(text) or looping(text) or malformed(text))


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(properties),
        "properties": properties,
    }


class _GuidedExtras:
    """Agent fields and NPC descriptions through the same constrained path."""

    def agent_field(self: Any, req: Any, seed: int) -> Any:
        props = _AGENT_FIELDS[req.field]
        ctx = req.context
        bio = " ".join(ctx.bio) if isinstance(ctx.bio, list) else (ctx.bio or "")
        task = render(
            "agent_field.j2",
            name=ctx.name or "the agent",
            system=ctx.system or "",
            bio=bio,
            topics=ctx.topics or [],
            field=req.field,
        )
        for attempt in range(1 + self.retries):
            raw = self.complete(
                render("agent_system.j2"), task, _object(props), derive_seed(seed, "agent", attempt)
            )
            try:
                data = json.loads(raw)
            except ValueError:
                continue
            if req.field in ("bio", "system") and _clean(data["text"]):
                return data["text"]
            if req.field == "style" and all(
                not placeholder(x) and not looping(x) for k in data for x in data[k]
            ):
                return data
            if req.field == "postExamples" and all(
                not placeholder(p) and not looping(p) for p in data["posts"]
            ):
                return data["posts"]
            if req.field == "chatExamples" and all(
                not placeholder(t) for g in data["groups"] for t in g["turns"]
            ):
                name = ctx.name or "Agent"
                return [
                    {
                        "examples": [
                            {"name": "{{user1}}" if i % 2 == 0 else name, "content": {"text": t}}
                            for i, t in enumerate(g["turns"])
                        ]
                    }
                    for g in data["groups"]
                ]
        return None

    def npc_description(
        self: Any, context: dict[str, Any], seed: int, is_blocked: Any
    ) -> str | None:
        task = render("npc_description.j2", **context)
        schema = _object({"description": {"type": "string", "minLength": 60, "maxLength": 600}})
        for attempt in range(1 + self.retries):
            raw = self.complete(
                render("agent_system.j2"), task, schema, derive_seed(seed, "npc", attempt)
            )
            try:
                text = json.loads(raw)["description"]
            except (ValueError, KeyError):
                continue
            if _clean(text) and not is_blocked(text):
                return str(text)
        return None


class GuidedBackend(NarrativeBackend, _GuidedExtras):
    """A backend that asks a model for JSON matching the narrative schema."""

    retries = 2

    @abstractmethod
    def complete(self, system: str, task: str, schema: dict[str, Any], seed: int) -> str:
        """The model's JSON text for one attempt."""

    @abstractmethod
    def source_tag(self, seed: int) -> str:
        """How a field produced by this backend with this seed is recorded."""

    def narrate(self, facts: NarrativeFacts, seed: int, taken_names: set[str]) -> Narrative:
        fallback = RulesBackend().narrate(facts, seed, taken_names)
        model = narrative_model(facts.character_class, facts.thin_blood)
        schema = narrative_schema(facts.character_class, facts.thin_blood)
        extras = [k for k in ("sire", "pack_name", "cell_name") if k in schema["properties"]]
        system = render("narrative_system.j2")
        task = render("narrative_task.j2", **task_context(facts, extras))
        chosen: dict[str, tuple[Any, str]] = {}
        wanted = [k for k in schema["properties"]]
        failures: list[str] = []
        for attempt in range(1 + self.retries):
            attempt_seed = derive_seed(seed, self.name, attempt)
            raw = self.complete(system, task, schema, attempt_seed)
            try:
                data = model.model_validate_json(raw).model_dump()
            except ValidationError as exc:
                failures.append(f"attempt {attempt}: schema: {exc.errors()[0]['msg']}")
                continue
            bad = check_narrative(data, facts, system + "\n" + task, facts.rival_names, taken_names)
            failures += [f"attempt {attempt}: {k}: {v}" for k, v in bad.items()]
            tag = self.source_tag(attempt_seed)
            for key in wanted:
                if key not in chosen and key not in bad:
                    chosen[key] = (data[key], tag)
            if all(k in chosen for k in wanted):
                break
        return self._merge(facts, seed, chosen, fallback, taken_names, failures)

    def _merge(
        self,
        facts: NarrativeFacts,
        seed: int,
        chosen: dict[str, tuple[Any, str]],
        fallback: Narrative,
        taken: set[str],
        failures: list[str],
    ) -> Narrative:
        sources: dict[str, str] = {}

        def take(key: str, default: Any, target: str | None = None) -> Any:
            if key in chosen:
                sources[target or key] = chosen[key][1]
                return chosen[key][0]
            sources[target or key] = "rules"
            return default

        first = take("name_first", fallback.name_first)
        last = take("name_last", fallback.name_last)
        if f"{first} {last}" in taken:
            first, last = pick_name(stage_rng(seed, "narrative", "rename"), taken)
            sources["name_first"] = sources["name_last"] = "rules"
        chance = pool("narrative")["nickname_chance"]
        keep_nick = stage_rng(seed, "narrative", "nickname").random() < chance
        nick = take("nickname", fallback.name_nick, "name_nick") if keep_nick else None
        if not keep_nick:
            sources["name_nick"] = "rules"
        gender = take("gender", fallback.gender)
        apparent = take("age", fallback.apparent_age or fallback.age)
        age = apparent
        if fallback.apparent_age is not None:
            age = apparent + (fallback.age - fallback.apparent_age)
        sire = take("sire", fallback.sire) if fallback.sire is not None else None
        pack = take("pack_name", fallback.pack_name) if fallback.pack_name else None
        cell = take("cell_name", fallback.cell_name) if fallback.cell_name else None
        biography = take("biography", fallback.biography)
        if sources["biography"] == "rules":  # rewrite it with the final name, gender and sire
            biography = RulesBackend.biography(
                facts, stage_rng(seed, "narrative", "biography"), first, gender, sire, pack, cell
            )
        return Narrative(
            name_first=first,
            name_last=last,
            name_nick=nick,
            gender=gender,
            age=age,
            apparent_age=apparent if fallback.apparent_age is not None else None,
            demeanor=take("demeanor", fallback.demeanor),
            nature=take("nature", fallback.nature),
            appearance=take("appearance", fallback.appearance),
            personality=take("personality", fallback.personality),
            biography=biography,
            quote=take("quote", fallback.quote),
            sire=sire,
            pack_name=pack,
            cell_name=cell,
            sources=sources,
            checks=failures,
        )
