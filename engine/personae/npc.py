"""NPC contexts (npcbuilder-style): typed create/update bodies, generation of what the caller
leaves out (coherent with the role, within content filters), storage and the response views."""

from __future__ import annotations

import json
import random
import re
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import InvalidRequestError, NotFoundError
from .identity import now_iso, random_stamp
from .narrative.rules import pick_name
from .pools import pool
from .request import problems_from
from .seeding import MAX_SEED, draw_seed, stage_rng
from .store import Store

Role = Literal[
    "noRole",
    "protagonist",
    "antagonist",
    "secondaryCharacter",
    "tertiaryCharacter",
    "mentor",
    "enemy",
    "villain",
    "rival",
    "shopkeeper",
    "healer",
    "questGiver",
    "innkeeper",
    "guard",
    "familyMember",
    "loveInterest",
    "scientist",
    "politician",
    "criminal",
    "explorer",
    "wizard",
    "ghost",
    "animalCompanion",
    "artificialIntelligence",
]
Tone = Literal["formal", "casual", "sarcastic", "mysterious", "emotive"]
Age = Literal["infant", "child", "teenager", "youngAdult", "adult", "middleAged", "elderly"]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]
CATEGORIES = ("violence", "sexual", "drugs")
Text = Annotated[str, Field(min_length=1, max_length=400)]
ItemName = Annotated[str, Field(min_length=1, max_length=100)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Filters(_Body):
    """When `active`, every category set to false is kept out of generated content."""

    active: bool = False
    violence: bool = True
    sexual: bool = True
    drugs: bool = True

    def blocked(self) -> set[str]:
        return {c for c in CATEGORIES if not getattr(self, c)} if self.active else set()


class TradeItem(_Body):
    type: Literal["trade"]
    itemName: ItemName
    unit: Annotated[str, Field(min_length=1, max_length=40)]
    value: Annotated[float, Field(ge=0, le=1e9)]
    description: Annotated[str, Field(max_length=400)] = ""


class ConsumableItem(_Body):
    type: Literal["consumable"]
    itemName: ItemName
    quantity: Annotated[int, Field(ge=1, le=1_000_000)]
    description: Annotated[str, Field(max_length=400)] = ""


class EquipmentItem(_Body):
    type: Literal["equipment"]
    itemName: ItemName
    description: Annotated[str, Field(max_length=400)] = ""


class KeyItem(_Body):
    type: Literal["keyItem"]
    itemName: ItemName
    description: Annotated[str, Field(max_length=400)] = ""


Item = Annotated[TradeItem | ConsumableItem | EquipmentItem | KeyItem, Field(discriminator="type")]


class Event(_Body):
    type: Literal["action", "item", "dialogue", "location"]
    eventName: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=400)] = ""


class Quest(_Body):
    description: Annotated[str, Field(min_length=1, max_length=125)]
    objective: Annotated[str, Field(min_length=1, max_length=125)]
    reward: Annotated[str, Field(min_length=1, max_length=125)]


class NPCBody(_Body):
    """The create body of the document; every field optional (left out = generated)."""

    age: Age | None = None
    description: Annotated[str, Field(min_length=1, max_length=1400)] | None = None
    gender: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    model: Literal["standard", "premium"] = "standard"
    filters: Filters | None = None
    items: Annotated[list[Item], Field(max_length=50)] | None = None
    events: Annotated[list[Event], Field(max_length=50)] | None = None
    name: Annotated[str, Field(min_length=1, max_length=25)] | None = None
    quests: Annotated[list[Quest], Field(max_length=20)] | None = None
    role: Role | None = None
    tone: Tone | None = None
    traits: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=20)]
        | None
    ) = None
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None

    @classmethod
    def parse(cls, data: dict[str, Any] | NPCBody) -> NPCBody:
        if isinstance(data, NPCBody):
            return data
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None


class NPC(BaseModel):
    """A stored NPC: the full typed record."""

    character_id: str
    game_id: str
    world_id: str
    region_id: str | None = None
    location_id: str | None = None
    session_id: str | None = None
    seed: int
    model: str
    backend: str
    filters: Filters
    age: Age
    description: str
    gender: str
    items: list[Item]
    events: list[Event]
    name: str
    quests: list[Quest]
    role: Role
    tone: Tone
    traits: list[str]
    sources: dict[str, str]
    date_created: str
    date_modified: str

    def context(self) -> dict[str, Any]:
        """`character_context` exactly as the document shows it."""
        return {
            "age": self.age,
            "description": self.description,
            "gender": self.gender,
            "items": [_item_view(i) for i in self.items],
            "name": self.name,
            "quests": [q.model_dump() for q in self.quests],
            "role": self.role,
            "tone": self.tone,
            "traits": list(self.traits),
        }

    def created_response(self) -> dict[str, Any]:
        return {
            "message": f"Character: {self.character_id} has been created with the "
            "following context.",
            "character_id": self.character_id,
            "character_context": self.context(),
        }

    def full_view(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["character_context"] = self.context()
        return data


def _item_view(item: Any) -> dict[str, Any]:
    data = item.model_dump(exclude={"type", "description"})
    if isinstance(item, TradeItem) and float(item.value).is_integer():
        data["value"] = int(item.value)
    return data


# --- content filters ---------------------------------------------------------------------


def filter_hits(text: str, blocked: set[str]) -> list[str]:
    """Blocked words found in text (whole words, case-insensitive)."""
    words = pool("npc")["filter_words"]
    hits = []
    for category in blocked:
        for word in words.get(category, []):
            if re.search(rf"\b{re.escape(word)}\b", text, re.I):
                hits.append(f"{category}:{word}")
    return hits


def _allowed(entry: dict[str, Any], blocked: set[str]) -> bool:
    text = " ".join(str(v) for k, v in entry.items() if k != "categories")
    return not set(entry.get("categories", [])) & blocked and not filter_hits(text, blocked)


# --- generation --------------------------------------------------------------------------


def _role_prefs(role: str) -> dict[str, list[str]]:
    roles = pool("npc")["roles"]
    return roles.get(role, roles["default"])


def _lean(rng: random.Random, options: list[str]) -> str:
    """Pick with a lean to the first options."""
    weights = [len(options) - i for i in range(len(options))]
    return rng.choices(options, weights=weights, k=1)[0]


def _gen_items(rng: random.Random, role: str, blocked: set[str]) -> list[dict[str, Any]]:
    pools = pool("npc")["items"]
    options = [e for e in pools.get(role, pools["default"]) if _allowed(e, blocked)]
    if not options:
        options = [e for e in pools["default"] if _allowed(e, blocked)]
    count = min(len(options), rng.randint(3, 4) if role == "shopkeeper" else rng.randint(1, 3))
    out = []
    for entry in rng.sample(options, count):
        item = {k: v for k, v in entry.items() if k != "categories"}
        if "value" in item:
            item["value"] = rng.randint(*item["value"])
        if "quantity" in item:
            item["quantity"] = rng.randint(*item["quantity"])
        out.append(item)
    return out


def _gen_events(rng: random.Random, blocked: set[str]) -> list[dict[str, Any]]:
    options = [e for e in pool("npc")["events"] if _allowed(e, blocked)]
    return [
        {k: v for k, v in e.items() if k != "categories"}
        for e in rng.sample(options, min(len(options), rng.randint(1, 2)))
    ]


def _gen_quests(rng: random.Random, role: str, blocked: set[str]) -> list[dict[str, Any]]:
    options = [q for q in pool("npc")["quests"] if _allowed(q, blocked)]
    chance = rng.random()
    count = rng.randint(1, 2) if role == "questGiver" else int(chance < 0.3)
    return [
        {k: v for k, v in q.items() if k != "categories"}
        for q in rng.sample(options, min(count, len(options)))
    ]


def _gen_description(
    rng: random.Random, name: str, role: str, traits: list[str], gender: str, blocked: set[str]
) -> str:
    words = pool("npc")
    d = words["descriptions"]
    subject, obj = {"Female": ("she", "her"), "Male": ("he", "him")}.get(gender, ("they", "them"))
    t = [*traits, "quiet", "careful", "kind"]
    fields = {
        "name": name,
        "role_label": words["role_labels"][role],
        "trait1": t[0],
        "trait2": t[1],
        "trait3": t[2],
        "pronoun": obj,
        "pronoun_subject": subject,
        "pronoun_subject_cap": subject.capitalize(),
        "habit": rng.choice(d["habit"]),
    }
    for _ in range(5):
        text = (rng.choice(d["opening"]) + " " + rng.choice(d["closing"])).format(**fields)
        if subject == "they":
            text = text.replace("they is", "they are")
        if not filter_hits(text, blocked):
            return text
    return d["fallback"].format(**fields)


def build_npc(
    body: NPCBody,
    *,
    game_id: str,
    world_id: str,
    region_id: str | None = None,
    location_id: str | None = None,
    session_id: str | None = None,
    character_id: str | None = None,
    backend: Any = None,
) -> NPC:
    """Fill every field the caller left out, from the body's seed (drawn when absent)."""
    seed = body.seed if body.seed is not None else draw_seed()
    filters = body.filters or Filters()
    blocked = filters.blocked()
    given = body.model_dump(exclude_unset=True)
    sources = {
        k: ("caller" if k in given else "generated")
        for k in (
            "age",
            "description",
            "gender",
            "items",
            "events",
            "name",
            "quests",
            "role",
            "tone",
            "traits",
        )
    }

    def rng(field: str) -> random.Random:
        return stage_rng(seed, "npc", field)

    role = body.role or rng("role").choice([r for r in ROLES if r != "noRole"])
    prefs = _role_prefs(role)
    name = body.name
    if name is None:
        first, last = pick_name(rng("name"), set())
        name = f"{first} {last}" if len(first) + len(last) < 25 else first
    gender = body.gender or rng("gender").choice(pool("npc")["genders"])
    traits = (
        body.traits
        if body.traits is not None
        else rng("traits").sample(pool("narrative")["personality"], 3)
    )
    items = body.items if body.items is not None else _gen_items(rng("items"), role, blocked)
    quests = body.quests if body.quests is not None else _gen_quests(rng("quests"), role, blocked)
    tone = body.tone or _lean(rng("tone"), prefs["tones"])
    description = body.description
    backend_name = getattr(backend, "name", "rules")
    if description is None and hasattr(backend, "npc_description"):
        words = pool("npc")
        description = backend.npc_description(
            {
                "name": name,
                "role_label": words["role_labels"][role],
                "traits": traits,
                "tone": tone,
                "avoid": sorted(blocked),
            },
            seed,
            lambda text: bool(filter_hits(text, blocked)),
        )
        if description is not None:
            sources["description"] = f"generated:{backend_name}"
    if description is None:
        backend_name = "rules" if body.description is None else backend_name
        description = _gen_description(rng("description"), name, role, traits, gender, blocked)
    now = now_iso()
    record = {
        "character_id": character_id or random_stamp().id,
        "game_id": game_id,
        "world_id": world_id,
        "region_id": region_id,
        "location_id": location_id,
        "session_id": session_id,
        "seed": seed,
        "model": body.model,
        "backend": backend_name,
        "filters": filters,
        "age": body.age or _lean(rng("age"), prefs["ages"]),
        "description": description,
        "gender": gender,
        "items": items,
        "events": body.events if body.events is not None else _gen_events(rng("events"), blocked),
        "name": name,
        "quests": quests,
        "role": role,
        "tone": tone,
        "traits": traits,
        "sources": sources,
        "date_created": now,
        "date_modified": now,
    }
    return NPC.model_validate(record)


def generated_text_problems(npc: NPC) -> list[str]:
    """Filter words in generated (not caller-given) text: must always be empty."""
    blocked = npc.filters.blocked()
    texts = []
    if npc.sources["description"].startswith("generated"):
        texts.append(npc.description)
    for key in ("items", "events", "quests"):
        if npc.sources[key] == "generated":
            texts += [json.dumps(x.model_dump()) for x in getattr(npc, key)]
    return [hit for text in texts for hit in filter_hits(text, blocked)]


# --- storage -----------------------------------------------------------------------------


def save_npc(store: Store, npc: NPC) -> NPC:
    with store.transaction() as db:
        db["npc_characters"].upsert(
            {
                "id": npc.character_id,
                "game_id": npc.game_id,
                "world_id": npc.world_id,
                "region_id": npc.region_id,
                "location_id": npc.location_id,
                "session_id": npc.session_id,
                "name": npc.name,
                "data": npc.model_dump_json(),
                "date_created": npc.date_created,
                "date_modified": npc.date_modified,
            },
            pk="id",
        )
    return npc


def get_npc(store: Store, game_id: str, world_id: str, character_id: str) -> NPC:
    with store.read() as db:
        rows = list(
            db["npc_characters"].rows_where(
                "id = ? and game_id = ? and world_id = ?",
                [character_id, game_id, world_id],
                limit=1,
            )
        )
    if not rows:
        raise NotFoundError(f"no NPC {character_id!r} in game {game_id!r}, world {world_id!r}")
    return NPC.model_validate_json(rows[0]["data"])


def list_npcs(
    store: Store,
    game_id: str,
    world_id: str,
    *,
    region_id: str | None = None,
    location_id: str | None = None,
    limit: int = 100,
    offset: int = 0,
) -> list[NPC]:
    where, args = ["game_id = ?", "world_id = ?"], [game_id, world_id]
    for column, value in (("region_id", region_id), ("location_id", location_id)):
        if value is not None:
            where.append(f"{column} = ?")
            args.append(value)
    with store.read() as db:
        rows = db["npc_characters"].rows_where(
            " and ".join(where), args, order_by="date_created, id", limit=limit, offset=offset
        )
        return [NPC.model_validate_json(r["data"]) for r in rows]


def update_npc(
    store: Store,
    game_id: str,
    world_id: str,
    character_id: str,
    changes: dict[str, Any],
    *,
    replace: bool = False,
    backend: Any = None,
) -> NPC:
    """PATCH merges the given fields; PUT (replace=True) regenerates what it leaves out."""
    current = get_npc(store, game_id, world_id, character_id)
    body = NPCBody.parse(changes)
    given = body.model_dump(exclude_unset=True)
    if replace:
        fresh = build_npc(
            body.model_copy(update={"seed": current.seed if body.seed is None else body.seed}),
            game_id=game_id,
            world_id=world_id,
            region_id=current.region_id,
            location_id=current.location_id,
            session_id=current.session_id,
            character_id=character_id,
            backend=backend,
        )
        updated = fresh.model_copy(update={"date_created": current.date_created})
    else:
        data = current.model_dump()
        data.update({k: v for k, v in given.items() if k != "seed"})
        data["sources"] = {
            **current.sources,
            **{k: "caller" for k in given if k in current.sources},
        }
        data["date_modified"] = now_iso()
        try:
            updated = NPC.model_validate(data)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None
    return save_npc(store, updated)


def delete_npc(store: Store, game_id: str, world_id: str, character_id: str) -> None:
    get_npc(store, game_id, world_id, character_id)
    with store.transaction() as db:
        db.execute("delete from npc_characters where id = ?", [character_id])
