from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from personae import InvalidRequestError, NotFoundError, Personae, Store
from personae.faces.npc.models import ROLES, NPCBody
from personae.faces.npc.operations import (
    build_npc,
    create_npc,
    delete_npc,
    filter_hits,
    generated_text_problems,
    get_npc,
    list_npcs,
    update_npc,
)

DOC_BODY = {
    "age": "adult",
    "description": "A brave warrior with a mysterious past.",
    "gender": "Male",
    "model": "standard",
    "filters": {"active": True, "violence": False, "sexual": False, "drugs": True},
    "items": [
        {
            "type": "trade",
            "itemName": "sword",
            "unit": "Piece",
            "value": 100,
            "description": "A sharp sword.",
        }
    ],
    "events": [
        {
            "type": "item",
            "eventName": "Attack",
            "description": "Act of violence against another person.",
        }
    ],
    "name": "Aragorn",
    "quests": [
        {
            "description": "Retrieve the lost artifact.",
            "objective": "Find and return the artifact.",
            "reward": "500 gold coins",
        }
    ],
    "role": "protagonist",
    "tone": "mysterious",
    "traits": ["brave"],
}
DOC_CONTEXT = {
    "age": "adult",
    "description": "A brave warrior with a mysterious past.",
    "gender": "Male",
    "items": [{"itemName": "sword", "unit": "Piece", "value": 100}],
    "name": "Aragorn",
    "quests": [
        {
            "description": "Retrieve the lost artifact.",
            "objective": "Find and return the artifact.",
            "reward": "500 gold coins",
        }
    ],
    "role": "protagonist",
    "tone": "mysterious",
    "traits": ["brave"],
}


def test_document_example_gives_the_documented_context() -> None:
    npc = build_npc(NPCBody.parse(DOC_BODY), game_id="game123", world_id="world456")
    out = npc.created_response()
    assert out["character_context"] == DOC_CONTEXT
    assert out["message"] == (
        f"Character: {npc.character_id} has been created with the following context."
    )


def test_left_out_fields_are_generated_seeded_and_coherent() -> None:
    a = build_npc(NPCBody.parse({"seed": 5}), game_id="g", world_id="w")
    b = build_npc(NPCBody.parse({"seed": 5}), game_id="g", world_id="w")
    assert a.context() == b.context()
    assert a.name and a.description and a.traits and a.sources["name"] == "generated"
    for seed in range(30):
        shop = build_npc(
            NPCBody.parse({"role": "shopkeeper", "seed": seed}), game_id="g", world_id="w"
        )
        assert shop.items and all(i.type == "trade" and i.unit and i.value > 0 for i in shop.items)
        healer = build_npc(
            NPCBody.parse({"role": "healer", "seed": seed}), game_id="g", world_id="w"
        )
        assert healer.items and all(i.type == "consumable" for i in healer.items)
        giver = build_npc(
            NPCBody.parse({"role": "questGiver", "seed": seed}), game_id="g", world_id="w"
        )
        assert len(giver.quests) >= 1


@settings(max_examples=200, deadline=None)
@given(
    seed=st.integers(0, 2**63 - 1),
    role=st.sampled_from(ROLES),
    flags=st.tuples(st.booleans(), st.booleans(), st.booleans()),
)
def test_active_filters_keep_generated_text_clean(
    seed: int, role: str, flags: tuple[bool, bool, bool]
) -> None:
    filters = dict(zip(("violence", "sexual", "drugs"), flags, strict=True))
    npc = build_npc(
        NPCBody.parse({"seed": seed, "role": role, "filters": {"active": True, **filters}}),
        game_id="g",
        world_id="w",
    )
    assert generated_text_problems(npc) == []
    blocked = {c for c, allowed in filters.items() if not allowed}
    text = json.dumps(
        [
            npc.description,
            [i.model_dump() for i in npc.items],
            [e.model_dump() for e in npc.events],
            [q.model_dump() for q in npc.quests],
        ]
    )
    assert filter_hits(text, blocked) == []


def test_inactive_filters_allow_everything() -> None:
    seen = set()
    for seed in range(60):
        npc = build_npc(
            NPCBody.parse({"seed": seed, "role": "criminal"}), game_id="g", world_id="w"
        )
        seen |= {i.itemName for i in npc.items}
    assert "unmarked pills" in seen


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "x" * 26}, "name"),
        ({"description": "d" * 1401}, "description"),
        (
            {"quests": [{"description": "q" * 126, "objective": "o", "reward": "r"}]},
            "quests.0.description",
        ),
        (
            {"quests": [{"description": "q", "objective": "o" * 126, "reward": "r"}]},
            "quests.0.objective",
        ),
        ({"role": "dragon"}, "role"),
        ({"tone": "angry"}, "tone"),
        ({"age": "ancient"}, "age"),
        ({"model": "ultra"}, "model"),
        ({"items": [{"type": "trade", "itemName": "x", "value": 3}]}, "items.0.trade.unit"),
        ({"items": [{"type": "spaceship", "itemName": "x"}]}, "items.0"),
        ({"events": [{"type": "dance", "eventName": "x"}]}, "events.0.type"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_limits_and_types_name_the_field(body: dict, field: str) -> None:
    with pytest.raises(InvalidRequestError) as err:
        NPCBody.parse(body)
    assert field in [p.field for p in err.value.problems]


def test_store_read_list_update_delete(store: Store) -> None:
    engine = Personae(store)
    ids = []
    for i, (region, location) in enumerate([("r1", "l1"), ("r1", "l2"), ("r2", "l1")]):
        npc = create_npc(
            engine,
            {"seed": i},
            game_id="g",
            world_id="w",
            region_id=region,
            location_id=location,
        )
        ids.append(npc.character_id)
    assert len(list_npcs(store, "g", "w")) == 3
    assert len(list_npcs(store, "g", "w", region_id="r1")) == 2
    assert len(list_npcs(store, "g", "w", location_id="l1")) == 2
    assert list_npcs(store, "other", "w") == []
    patched = update_npc(engine, "g", "w", ids[0], {"name": "Renamed", "tone": "formal"})
    assert (patched.name, patched.tone, patched.sources["name"]) == ("Renamed", "formal", "caller")
    assert get_npc(store, "g", "w", ids[0]).description == patched.description
    replaced = update_npc(engine, "g", "w", ids[1], {"role": "healer"}, replace=True)
    assert replaced.role == "healer" and all(i.type == "consumable" for i in replaced.items)
    with pytest.raises(InvalidRequestError):
        update_npc(engine, "g", "w", ids[0], {"name": "y" * 30})
    assert get_npc(store, "g", "w", ids[0]).name == "Renamed"
    delete_npc(store, "g", "w", ids[2])
    with pytest.raises(NotFoundError):
        get_npc(store, "g", "w", ids[2])
    with pytest.raises(NotFoundError):
        get_npc(store, "g", "other-world", ids[0])
