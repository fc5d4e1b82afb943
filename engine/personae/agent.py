"""Agent characters (agent Character API): named profiles in SQLite, a strict schema,
history of every change, random names and field generation in the document's formats."""

from __future__ import annotations

import json
import random
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import NotFoundError, PersonaeError
from .identity import now_iso, random_stamp
from .pools import pool
from .seeding import MAX_SEED, draw_seed, stage_rng
from .store import Store

Short = Annotated[str, Field(min_length=1, max_length=100)]
Line = Annotated[str, Field(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageContent(_Strict):
    text: Annotated[str, Field(max_length=10_000)]


class Message(_Strict):
    name: Short
    content: MessageContent


class Style(_Strict):
    all: Annotated[list[Line], Field(max_length=100)] = []
    chat: Annotated[list[Line], Field(max_length=100)] = []
    post: Annotated[list[Line], Field(max_length=100)] = []


FIELD_DOCS: dict[str, tuple[str, str]] = {
    "name": ("Name", "Agent display name"),
    "username": ("Username", "Agent username for platforms"),
    "bio": ("Bio", "Biography: a single string or a list of points"),
    "system": ("System prompt", "System prompt defining core behavior"),
    "adjectives": ("Adjectives", "Personality adjectives"),
    "topics": ("Topics", "Topics the agent is knowledgeable about"),
    "style": ("Style", "Communication style guides"),
    "messageExamples": ("Message examples", "Example conversations in the agent's voice"),
    "postExamples": ("Post examples", "Example social media posts"),
}


class AgentUpdate(_Strict):
    """The PUT body: every field optional; only the ones given change."""

    name: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    username: Annotated[str, Field(min_length=1, max_length=50)] | None = None
    bio: (
        Annotated[str, Field(max_length=10_000)]
        | Annotated[list[Line], Field(max_length=100)]
        | None
    ) = None
    system: Annotated[str, Field(max_length=10_000)] | None = None
    adjectives: Annotated[list[Short], Field(max_length=100)] | None = None
    topics: Annotated[list[Short], Field(max_length=100)] | None = None
    style: Style | None = None
    messageExamples: (
        Annotated[list[Annotated[list[Message], Field(max_length=20)]], Field(max_length=100)]
        | None
    ) = None
    postExamples: Annotated[list[Line], Field(max_length=100)] | None = None


class AgentCharacter(AgentUpdate):
    """A full agent character (name is required)."""

    name: Annotated[str, Field(min_length=1, max_length=100)]


_ZOD_LIKE = {
    "string_type": "Expected string",
    "list_type": "Expected array",
    "int_type": "Expected number",
    "dict_type": "Expected object",
    "model_type": "Expected object",
    "extra_forbidden": "Unrecognized key",
    "missing": "Required",
}


def validation_errors(exc: ValidationError) -> list[dict[str, str]]:
    """[{path, message}] in the document's style (`style.all.0`, "Expected string")."""
    out = []
    for err in exc.errors():
        loc = [
            str(p)
            for p in err["loc"]
            if not str(p).startswith(("function-", "list[", "str", "constrained"))
        ]
        message = _ZOD_LIKE.get(err["type"], err["msg"])
        if err["type"] == "string_too_long":
            message = f"String must contain at most {err['ctx']['max_length']} character(s)"
        elif err["type"] == "string_too_short":
            message = f"String must contain at least {err['ctx']['min_length']} character(s)"
        elif err["type"] == "too_long":
            message = f"Array must contain at most {err['ctx']['max_length']} element(s)"
        out.append({"path": ".".join(loc) or "(root)", "message": message})
    unique: list[dict[str, str]] = []
    for item in out:
        if item not in unique:
            unique.append(item)
    return unique


class AgentValidationError(PersonaeError):
    def __init__(self, errors: list[dict[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{e['path']}: {e['message']}" for e in errors))


def parse_update(data: Any) -> AgentUpdate:
    """Validate a PUT body. Like zod's optional(), a field may be absent but not null."""
    if not isinstance(data, dict):
        raise AgentValidationError([{"path": "(root)", "message": "Expected object"}])
    nulls = [
        {"path": k, "message": "Expected a value, received null"}
        for k, v in data.items()
        if v is None and k in AgentUpdate.model_fields
    ]
    try:
        update = AgentUpdate.model_validate(data)
    except ValidationError as exc:
        raise AgentValidationError(nulls + validation_errors(exc)) from None
    if nulls:
        raise AgentValidationError(nulls)
    return update


# --- names and generation -----------------------------------------------------------------


def random_name(seed: int | None = None) -> str:
    """A pronounceable name from syllable pools or the given-name pool (many thousands)."""
    rng = stage_rng(draw_seed() if seed is None else seed, "agent", "name")
    if rng.random() < 0.5:
        cultures = pool("names")["cultures"]
        return rng.choice(cultures[rng.choice(sorted(cultures))]["first"])
    s = pool("agent")["name_syllables"]
    middle = "".join(rng.choice(s["middle"]) for _ in range(rng.randint(0, 2)))
    return rng.choice(s["start"]) + middle + rng.choice(s["end"])


GenField = Literal["bio", "system", "style", "chatExamples", "postExamples"]


class GenerateContext(BaseModel):
    model_config = ConfigDict(extra="allow")

    name: Annotated[str, Field(max_length=100)] | None = None
    system: Annotated[str, Field(max_length=10_000)] | None = None
    bio: Annotated[str, Field(max_length=10_000)] | list[str] | None = None
    topics: list[Annotated[str, Field(max_length=100)]] | None = None
    adjectives: list[Annotated[str, Field(max_length=100)]] | None = None
    style: dict[str, list[str]] | None = None
    postExamples: list[str] | None = None


class GenerateRequest(_Strict):
    field: GenField
    context: GenerateContext
    mode: Literal["append", "replace"] = "replace"
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None


def _words(ctx: GenerateContext, rng: random.Random) -> dict[str, str]:
    a = pool("agent")
    topics = list(ctx.topics or []) or rng.sample(a["default_topics"], 2)
    adjectives = list(ctx.adjectives or []) or rng.sample(a["default_adjectives"], 2)
    topics += rng.sample([t for t in a["default_topics"] if t not in topics], 2)
    adjectives += rng.sample([x for x in a["default_adjectives"] if x not in adjectives], 2)
    adj = adjectives[0]
    return {
        "name": ctx.name or "the agent",
        "topic": topics[0],
        "topic2": topics[1],
        "adjective": adj,
        "adjective2": adjectives[1],
        "adjective_article": "an" if adj[:1].lower() in "aeiou" else "a",
    }


def generate_rules(req: GenerateRequest, seed: int) -> Any:
    """The new content for one field, as Python data (before formatting)."""
    rng = stage_rng(seed, "agent", req.field)
    a = pool("agent")
    w = _words(req.context, rng)
    if req.field == "bio":
        return " ".join(t.format(**w) for t in rng.sample(a["bio"], 2))
    if req.field == "system":
        return rng.choice(a["system"]).format(**w)
    if req.field == "style":
        return {k: rng.sample(a["style"][k], 2) for k in ("all", "chat", "post")}
    if req.field == "postExamples":
        return [t.format(**w) for t in rng.sample(a["posts"], 3)]
    groups = []
    for _ in range(2):
        turns = rng.randint(2, 4)
        lines = [
            rng.choice(a["chat_openers"]),
            rng.choice(a["chat_replies"]),
            rng.choice(a["chat_followups"]),
            rng.choice(a["chat_closers"]),
        ][:turns]
        groups.append(
            {
                "examples": [
                    {
                        "name": "{{user1}}" if i % 2 == 0 else w["name"],
                        "content": {"text": line.format(**w)},
                    }
                    for i, line in enumerate(lines)
                ]
            }
        )
    return groups


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


def generate_field(req: GenerateRequest, backend: Any = None) -> str:
    """Generate one field's content; a model backend may supply it, else the rules pools."""
    seed = req.seed if req.seed is not None else draw_seed()
    new = None
    if backend is not None and hasattr(backend, "agent_field"):
        new = backend.agent_field(req, seed)
    if new is None:
        new = generate_rules(req, seed)
    return format_generated(req, new)


# --- profiles ----------------------------------------------------------------------------

DEFAULT_PROFILE = "default"


def _default_character() -> AgentCharacter:
    req = GenerateRequest(field="bio", context=GenerateContext(name="Vesper"), seed=0)
    return AgentCharacter(
        name="Vesper",
        username="vesper",
        bio=[generate_rules(req, 0)],
        system=generate_rules(req.model_copy(update={"field": "system"}), 0),
        adjectives=["curious", "wry", "patient"],
        topics=["night life", "old stories"],
        style=Style(**generate_rules(req.model_copy(update={"field": "style"}), 0)),
        messageExamples=[
            g["examples"]
            for g in generate_rules(req.model_copy(update={"field": "chatExamples"}), 0)
        ],
        postExamples=generate_rules(req.model_copy(update={"field": "postExamples"}), 0),
    )


class AgentProfiles:
    """Named agent characters; the document's routes act on the active one."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self) -> list[dict[str, Any]]:
        return list(self.store.db["agent_profiles"].rows_where(order_by="date_created, profile"))

    def _ensure_default(self) -> None:
        with self.store.transaction() as db:
            if db["agent_profiles"].count == 0:
                now = now_iso()
                db["agent_profiles"].insert(
                    {
                        "id": random_stamp().id,
                        "profile": DEFAULT_PROFILE,
                        "active": 1,
                        "data": _default_character().model_dump_json(exclude_none=True),
                        "date_created": now,
                        "date_modified": now,
                    }
                )

    def active(self) -> tuple[str, AgentCharacter]:
        self._ensure_default()
        with self.store.read() as db:
            rows = list(db["agent_profiles"].rows_where("active = 1", limit=1))
        row = rows[0]
        return row["profile"], AgentCharacter.model_validate_json(row["data"])

    def list(self) -> list[dict[str, Any]]:
        self._ensure_default()
        with self.store.read():
            return [
                {
                    "profile": r["profile"],
                    "name": json.loads(r["data"])["name"],
                    "active": bool(r["active"]),
                }
                for r in self._rows()
            ]

    def create(self, profile: str, character: AgentCharacter, *, activate: bool = False) -> None:
        self._ensure_default()
        now = now_iso()
        with self.store.transaction() as db:
            if list(db["agent_profiles"].rows_where("profile = ?", [profile])):
                raise AgentValidationError(
                    [{"path": "profile", "message": f"profile {profile!r} already exists"}]
                )
            pid = random_stamp().id
            db["agent_profiles"].insert(
                {
                    "id": pid,
                    "profile": profile,
                    "active": 0,
                    "data": character.model_dump_json(exclude_none=True),
                    "date_created": now,
                    "date_modified": now,
                }
            )
            db["agent_history"].insert(
                {
                    "profile_id": pid,
                    "action": "create",
                    "changes": character.model_dump_json(exclude_none=True),
                    "before": None,
                    "at": now,
                }
            )
        if activate:
            self.activate(profile)

    def activate(self, profile: str) -> None:
        self._ensure_default()
        with self.store.transaction() as db:
            if not list(db["agent_profiles"].rows_where("profile = ?", [profile])):
                raise NotFoundError(f"no agent profile {profile!r}")
            db.execute("update agent_profiles set active = (profile = ?)", [profile])

    def update(self, changes: AgentUpdate) -> tuple[str, AgentCharacter, dict[str, Any]]:
        """Apply the given fields to the active profile; returns (profile, full, changed)."""
        profile, current = self.active()
        given = changes.model_dump(exclude_unset=True, mode="json")
        merged = AgentCharacter.model_validate({**current.model_dump(exclude_none=True), **given})
        now = now_iso()
        with self.store.transaction() as db:
            row = next(db["agent_profiles"].rows_where("profile = ?", [profile]))
            db["agent_profiles"].update(
                row["id"], {"data": merged.model_dump_json(exclude_none=True), "date_modified": now}
            )
            db["agent_history"].insert(
                {
                    "profile_id": row["id"],
                    "action": "update",
                    "changes": json.dumps(given),
                    "before": row["data"],
                    "at": now,
                }
            )
        return profile, merged, given

    def history(self, profile: str | None = None) -> list[dict[str, Any]]:
        name = profile or self.active()[0]
        with self.store.read() as db:
            rows = list(
                db.execute(
                    "select h.id, h.action, h.changes, h.at from agent_history h join "
                    "agent_profiles p on p.id = h.profile_id where p.profile = ? order by h.id",
                    [name],
                ).fetchall()
            )
        return [
            {"id": r[0], "action": r[1], "changes": json.loads(r[2]) if r[2] else None, "at": r[3]}
            for r in rows
        ]


def schema_fields() -> list[dict[str, Any]]:
    """The UI field list of GET /api/character/schema, from the pydantic model."""
    props = AgentUpdate.model_json_schema()
    defs = props.get("$defs", {})
    limits = {"name": 100, "username": 50, "system": 10_000}
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
    del defs
    return fields
