"""Agent characters (agent Character API): the strict character schema, the generate body,
and validation errors in the document's (zod-like) shape."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ...errors import PersonaeError
from ...seeding import MAX_SEED

Short = Annotated[str, Field(min_length=1, max_length=100)]
Line = Annotated[str, Field(min_length=1, max_length=2000)]
Plugin = Annotated[str, Field(min_length=1, max_length=200)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class MessageContent(BaseModel):
    """A message's content: `text`, plus what character files carry beside it
    (`actions`, `source`, ...), kept as given."""

    model_config = ConfigDict(extra="allow")

    text: Annotated[str, Field(max_length=10_000)]
    actions: Annotated[list[Short], Field(max_length=50)] | None = None


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
    "id": ("Id", "The character's id in its agent runtime (kept as given)"),
    "plugins": ("Plugins", "Plugin packages the runtime loads for this character"),
    "settings": ("Settings", "Runtime settings of the character file (kept as given)"),
    "knowledge": ("Knowledge", "Knowledge items or files of the character file"),
    "templates": ("Templates", "Prompt templates of the character file"),
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
    # keys real character files carry (elizaOS), kept as given
    id: Annotated[str, Field(min_length=1, max_length=100)] | None = None
    plugins: Annotated[list[Plugin], Field(max_length=100)] | None = None
    settings: dict[str, Any] | None = None
    knowledge: Annotated[list[Any], Field(max_length=1000)] | None = None
    templates: dict[str, Any] | None = None

    @field_validator("messageExamples", mode="before")
    @classmethod
    def _either_form(cls, value: Any) -> Any:
        """Accept the document's chatExamples form, `[{"examples": [...]}]`, as well as
        arrays of arrays; both are stored as arrays of arrays."""
        if isinstance(value, list):
            return [
                g["examples"] if isinstance(g, dict) and set(g) == {"examples"} else g
                for g in value
            ]
        return value


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
    model_config = ConfigDict(extra="forbid", strict=True)

    field: GenField
    context: GenerateContext
    mode: Literal["append", "replace"] = "replace"
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None
