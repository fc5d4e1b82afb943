"""NPC operations, one implementation each for Python, CLI and HTTP: generation of what the
caller leaves out (coherent with the role, within content filters), create, read, list,
update and delete (the store runs every read-modify-write in one transaction)."""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from pydantic import ValidationError

from ...core import Personae
from ...errors import InvalidRequestError, problems_from
from ...identity import now_iso, random_stamp
from ...names import GENDERS
from ...narrative import NarrativeBackend, get_backend
from ...narrative.naming import choose_name
from ...narrative.npc_text import npc_description
from ...pools import pool
from ...seeding import derive_seed, draw_seed, stage_rng
from ...store import Store
from .from_character import npc_from_character
from .models import NAME_MAX, NPC, ROLES, Filters, NPCBody

PREMIUM_ENV = "PERSONAE_PREMIUM_MODEL"


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


def _counts(kind: str, role: str) -> tuple[int, int]:
    """How many generated items, events or quests a role gets (data/npc.yaml `counts`)."""
    table = pool("npc")["counts"][kind]
    low, high = table.get(role, table["default"])
    return int(low), int(high)


def _gen_items(rng: random.Random, role: str, blocked: set[str]) -> list[dict[str, Any]]:
    pools = pool("npc")["items"]
    options = [e for e in pools.get(role, pools["default"]) if _allowed(e, blocked)]
    if not options:
        options = [e for e in pools["default"] if _allowed(e, blocked)]
    low, high = _counts("items", role)
    count = min(len(options), rng.randint(low, high))
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
        for e in rng.sample(options, min(len(options), rng.randint(*_counts("events", ""))))
    ]


def _gen_quests(rng: random.Random, role: str, blocked: set[str]) -> list[dict[str, Any]]:
    options = [q for q in pool("npc")["quests"] if _allowed(q, blocked)]
    chance = rng.random()
    low, high = _counts("quests", role)
    count = rng.randint(low, high) if low else int(chance < pool("npc")["counts"]["quest_chance"])
    return [
        {k: v for k, v in q.items() if k != "categories"}
        for q in rng.sample(options, min(count, len(options)))
    ]


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
    gender = body.gender or rng("gender").choice(pool("npc")["genders"])
    name = body.name
    if name is None:
        wanted = gender.lower().replace("-", "").replace(" ", "")
        if wanted not in GENDERS:  # the document's gender is free text: neutral names then
            wanted = "nonbinary"
        chosen = choose_name(None, derive_seed(seed, "npc"), 0, wanted)
        name = chosen.full if len(chosen.full) <= NAME_MAX else chosen.first
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
                "gender": gender,
            },
            seed,
            lambda text: bool(filter_hits(text, blocked)),
        )
        if description is not None:
            sources["description"] = f"generated:{backend_name}"
    if description is None:
        backend_name = "rules" if body.description is None else backend_name
        description, _ = npc_description(
            None,
            name=name,
            role_label=pool("npc")["role_labels"][role],
            traits=traits,
            tone=tone,
            avoid=sorted(blocked),
            gender=gender,
            seed=seed,
            is_blocked=lambda text: bool(filter_hits(text, blocked)),
        )
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


def _record(npc: NPC) -> dict[str, Any]:
    return npc.model_dump(include={"character_id", "game_id", "world_id", "region_id",
                                   "location_id", "session_id", "name", "date_created",
                                   "date_modified"})


def backend_for(engine: Personae, model: str = "standard") -> NarrativeBackend:
    """The document's `model`: standard is the engine's backend; premium is the GGUF named
    by $PERSONAE_PREMIUM_MODEL when one is configured (else the standard one)."""
    premium = os.environ.get(PREMIUM_ENV)
    if model == "premium" and premium:
        chosen = get_backend("llama", model=premium)
        gate = getattr(engine, "gate_model", None)  # the server's bounded model worker
        return gate(chosen) if gate is not None else chosen
    return engine.backend()


def create_npc(
    engine: Personae,
    body: NPCBody | dict[str, Any],
    *,
    game_id: str,
    world_id: str,
    region_id: str | None = None,
    location_id: str | None = None,
    session_id: str | None = None,
) -> NPC:
    """Generate what the body leaves out and store the NPC."""
    body = NPCBody.parse(body)
    npc = build_npc(
        body,
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
        session_id=session_id,
        backend=backend_for(engine, body.model),
    )
    engine.store.npcs.insert(_record(npc), npc.model_dump_json())
    return npc


def create_from_character(
    engine: Personae,
    character_id: str,
    *,
    game_id: str,
    world_id: str,
    company_id: str | None = None,
    region_id: str | None = None,
    location_id: str | None = None,
    role: str | None = None,
) -> NPC:
    """An NPC context made from a stored WoD character (of the caller's company)."""
    character = engine.get(character_id, company_id=company_id)
    return create_npc(
        engine,
        npc_from_character(character, role=role),
        game_id=game_id,
        world_id=world_id,
        region_id=region_id,
        location_id=location_id,
    )


def get_npc(store: Store, game_id: str, world_id: str, character_id: str) -> NPC:
    return NPC.model_validate_json(store.npcs.get(game_id, world_id, character_id))


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
    return [
        NPC.model_validate_json(data)
        for data in store.npcs.list(
            game_id, world_id, region_id=region_id, location_id=location_id, limit=limit,
            offset=offset,
        )
    ]


def update_npc(
    engine: Personae,
    game_id: str,
    world_id: str,
    character_id: str,
    changes: dict[str, Any],
    *,
    replace: bool = False,
) -> NPC:
    """PATCH merges the given fields; PUT (replace=True) regenerates what it leaves out.

    The merge runs inside the store's transaction, so concurrent PATCHes of different
    fields all land, and an NPC deleted meanwhile stays deleted (404)."""
    store = engine.store
    body = NPCBody.parse(changes)
    given = body.model_dump(exclude_unset=True)
    fresh: NPC | None = None
    if replace:  # generation may take a while (a model): done before the transaction
        current = get_npc(store, game_id, world_id, character_id)
        fresh = build_npc(
            body.model_copy(update={"seed": current.seed if body.seed is None else body.seed}),
            game_id=game_id,
            world_id=world_id,
            region_id=current.region_id,
            location_id=current.location_id,
            session_id=current.session_id,
            character_id=character_id,
            backend=backend_for(engine, body.model),
        )

    def change(data: str) -> tuple[dict[str, Any], str]:
        current = NPC.model_validate_json(data)
        if fresh is not None:
            updated = fresh.model_copy(update={"date_created": current.date_created})
        else:
            merged = current.model_dump()
            merged.update({k: v for k, v in given.items() if k != "seed"})
            merged["sources"] = {
                **current.sources,
                **{k: "caller" for k in given if k in current.sources},
            }
            merged["date_modified"] = now_iso()
            try:
                updated = NPC.model_validate(merged)
            except ValidationError as exc:
                raise InvalidRequestError(problems_from(exc)) from None
        return _record(updated), updated.model_dump_json()

    return NPC.model_validate_json(store.npcs.modify(game_id, world_id, character_id, change))


def delete_npc(store: Store, game_id: str, world_id: str, character_id: str) -> None:
    store.npcs.delete(game_id, world_id, character_id)
