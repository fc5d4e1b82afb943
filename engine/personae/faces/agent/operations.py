"""Agent character operations, one implementation each for Python, CLI and HTTP: named
profiles (the document's routes act on the active one), every change kept in a history,
random names, and field generation in exactly the document's formats."""

from __future__ import annotations

import json
from typing import Any

from ...core import Personae
from ...errors import NotFoundError
from ...narrative.agent_text import AgentContext, rules_text
from ...pools import pool
from ...seeding import draw_seed, stage_rng
from ...store.agents import DEFAULT_PROFILE
from .from_character import agent_from_character
from .models import (
    FIELD_DOCS,
    AgentCharacter,
    AgentUpdate,
    GenerateContext,
    GenerateRequest,
    Style,
)

# --- names and generation -----------------------------------------------------------------


def random_name(seed: int | None = None) -> str:
    """A pronounceable name from syllable pools or the given-name pool (many thousands)."""
    rng = stage_rng(draw_seed() if seed is None else seed, "agent", "name")
    if rng.random() < 0.5:
        from ...names import all_given

        return rng.choice(all_given())
    s = pool("agent")["name_syllables"]
    middle = "".join(rng.choice(s["middle"]) for _ in range(rng.randint(0, 2)))
    return rng.choice(s["start"]) + middle + rng.choice(s["end"])


def format_generated(req: GenerateRequest, new: Any) -> str:
    """The `generated` string in exactly the document's format for the field, with append."""
    ctx = req.context
    append = req.mode == "append"
    if req.field in ("bio", "system"):
        old = ctx.bio if req.field == "bio" else ctx.system
        if isinstance(old, list):
            old = " ".join(old)
        return f"{old.strip()} {new}".strip() if append and old else str(new)
    if req.field == "style":
        old_style = ctx.style or {}
        merged = {
            k: (list(old_style.get(k, [])) if append else []) + new[k]
            for k in ("all", "chat", "post")
        }
        return json.dumps(merged, ensure_ascii=False)
    if req.field == "postExamples":
        return json.dumps(
            (list(ctx.postExamples or []) if append else []) + new, ensure_ascii=False
        )
    return json.dumps(new, ensure_ascii=False)


def generate_field(engine: Personae, req: GenerateRequest) -> str:
    """Generate one field's content; a model backend may supply it, else the rules pools."""
    seed = req.seed if req.seed is not None else draw_seed()
    backend = engine.backend()
    new = None
    if hasattr(backend, "agent_field"):
        new = backend.agent_field(req, seed)
    if new is None:
        new = rules_text(req.field, AgentContext.of(req.context), seed)
    return format_generated(req, new)


# --- profiles ----------------------------------------------------------------------------


def _default_character() -> AgentCharacter:
    defaults = pool("agent")["default_character"]
    ctx = AgentContext(name=defaults["name"])

    def field(name: str) -> Any:
        return rules_text(name, ctx, 0)

    return AgentCharacter(
        name=defaults["name"],
        username=defaults["username"],
        bio=[field("bio")],
        system=field("system"),
        adjectives=list(defaults["adjectives"]),
        topics=list(defaults["topics"]),
        style=Style(**field("style")),
        messageExamples=[
            g["examples"]
            for g in field("chatExamples")
        ],
        postExamples=field("postExamples"),
    )


class AgentProfiles:
    """Named agent characters; the document's routes act on the active one."""

    def __init__(self, engine: Personae) -> None:
        self.records = engine.store.agents
        self.engine = engine

    def _ready(self) -> None:
        self.records.ensure_default(
            lambda: _default_character().model_dump_json(exclude_none=True)
        )

    def _rows(self) -> list[tuple[str, str, bool]]:
        """The stored profiles, or the default one (not written: reads never write) while
        none is stored yet."""
        rows = self.records.list()
        if rows:
            return rows
        default = _default_character().model_dump_json(exclude_none=True)
        return [(DEFAULT_PROFILE, default, True)]

    def active(self) -> tuple[str, AgentCharacter]:
        rows = self._rows()
        if len(rows) == 1 and rows[0][0] == DEFAULT_PROFILE and rows[0][2]:
            return DEFAULT_PROFILE, AgentCharacter.model_validate_json(rows[0][1])
        profile, data = self.records.active()
        return profile, AgentCharacter.model_validate_json(data)

    def list(self) -> list[dict[str, Any]]:
        return [
            {"profile": p, "name": json.loads(data)["name"], "active": active}
            for p, data, active in self._rows()
        ]

    def create(self, profile: str, character: AgentCharacter, *, activate: bool = False) -> None:
        self._ready()
        self.records.create(
            profile, character.model_dump_json(exclude_none=True), activate=activate
        )

    def activate(self, profile: str) -> None:
        self._ready()
        self.records.activate(profile)

    def update(self, changes: AgentUpdate) -> tuple[str, AgentCharacter, dict[str, Any]]:
        """Apply the given fields to the active profile; returns (profile, full, changed).
        The merge runs inside the store's transaction: concurrent updates all land."""
        self._ready()
        given = changes.model_dump(exclude_unset=True, mode="json")

        def change(data: str) -> tuple[str, dict[str, Any]]:
            current = AgentCharacter.model_validate_json(data)
            merged = AgentCharacter.model_validate(
                {**current.model_dump(exclude_none=True), **given}
            )
            return merged.model_dump_json(exclude_none=True), given

        profile, data, _ = self.records.modify_active(change)
        return profile, AgentCharacter.model_validate_json(data), given

    def get(self, profile: str) -> AgentCharacter:
        for name, data, _ in self._rows():
            if name == profile:
                return AgentCharacter.model_validate_json(data)
        raise NotFoundError(f"no agent profile {profile!r}; see `personae agent profiles`")

    def history(self, profile: str | None = None) -> list[dict[str, Any]]:
        return self.records.history(profile or self.active()[0])

    def from_character(
        self,
        character_id: str,
        *,
        profile: str | None = None,
        activate: bool = True,
        company_id: str | None = None,
    ) -> tuple[str, AgentCharacter]:
        """A profile that speaks as a stored WoD character (of the caller's company)."""
        character = agent_from_character(self.engine.get(character_id, company_id=company_id))
        name = profile or character_id
        self.create(name, character, activate=activate)
        return name, character


def import_character_file(
    engine: Personae, data: bytes, *, profile: str | None = None, activate: bool = True
) -> tuple[str, AgentCharacter]:
    """A profile from a character file: an elizaOS character (0.x, 1.x or 2.x JSON) or a
    Character Card V2/V3 (JSON or PNG). Returns (profile name, character)."""
    from pydantic import ValidationError

    from ...errors import FieldProblem, InvalidRequestError, problems_from
    from ...exports.cards import import_card
    from ...exports.eliza import import_eliza

    is_card = data[:8] == b"\x89PNG\r\n\x1a\n" or b'"chara_card_v' in data[:4096]
    raw = import_card(data) if is_card else import_eliza(data)
    try:
        character = AgentCharacter.model_validate(raw)
    except ValidationError as exc:
        raise InvalidRequestError(problems_from(exc)) from None
    name = profile or character.username or character.name
    if not name.strip():
        raise InvalidRequestError(FieldProblem("profile", "give the profile a name"))
    AgentProfiles(engine).create(name, character, activate=activate)
    return name, character


def export_character_file(engine: Personae, profile: str | None = None) -> dict[str, Any]:
    """The active (or named) profile as an elizaOS character file (1.x and 2.x)."""
    from ...exports.eliza import eliza_from_agent

    profiles = AgentProfiles(engine)
    if profile is None:
        _, character = profiles.active()
    else:
        character = profiles.get(profile)
    return eliza_from_agent(character.model_dump(mode="json", exclude_none=True))


def generate_for_active(
    engine: Personae, field: str, *, mode: str = "replace", seed: int | None = None
) -> str:
    """Generate a field with the active profile's character as its context."""
    _, character = AgentProfiles(engine).active()
    context = GenerateContext.model_validate(
        character.model_dump(
            include={"name", "system", "bio", "topics", "adjectives", "style", "postExamples"},
            exclude_none=True,
        )
    )
    req = GenerateRequest.model_validate(
        {"field": field, "context": context, "mode": mode, "seed": seed}
    )
    return generate_field(engine, req)


def schema_fields() -> list[dict[str, Any]]:
    """The UI field list of GET /api/character/schema, from the pydantic model."""
    props = AgentUpdate.model_json_schema()["properties"]
    limits = {key: _max_length(props[key]) for key in ("name", "username", "system")}
    types = {
        "name": "string",
        "username": "string",
        "bio": "string | string[]",
        "system": "string",
        "adjectives": "string[]",
        "topics": "string[]",
        "style": "object",
        "messageExamples": "array",
        "postExamples": "string[]",
        "id": "string",
        "plugins": "string[]",
        "settings": "object",
        "knowledge": "array",
        "templates": "object",
    }
    fields = []
    for key in AgentUpdate.model_fields:
        label, description = FIELD_DOCS[key]
        entry: dict[str, Any] = {
            "key": key,
            "type": types[key],
            "label": label,
            "description": description,
        }
        if key in limits:
            entry["maxLength"] = limits[key]
        if key in ("adjectives", "topics"):
            entry["itemMaxLength"] = 100
        if key == "style":
            entry["children"] = [
                {
                    "key": k,
                    "type": "string[]",
                    "label": k.title(),
                    "description": f"Style guidelines for {d}",
                }
                for k, d in (
                    ("all", "all responses"),
                    ("chat", "chat responses"),
                    ("post", "social media posts"),
                )
            ]
        if key == "messageExamples":
            entry["children"] = [
                {
                    "key": "name",
                    "type": "string",
                    "label": "Speaker",
                    "description": "Who speaks ({{user1}} or the agent)",
                    "maxLength": 100,
                },
                {
                    "key": "content.text",
                    "type": "string",
                    "label": "Text",
                    "description": "What they say",
                    "maxLength": 10_000,
                },
            ]
        fields.append(entry)
    return fields


def _max_length(schema: dict[str, Any]) -> int:
    """The maxLength a field's JSON Schema declares (the schema route never repeats a limit)."""
    for option in schema.get("anyOf", [schema]):
        if "maxLength" in option:
            return int(option["maxLength"])
    raise ValueError(f"no maxLength in {schema!r}")
