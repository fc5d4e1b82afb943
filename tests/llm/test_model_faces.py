"""Agent fields and NPC descriptions through the llama backend, on the real model."""

from __future__ import annotations

import json

from personae.agent import GenerateRequest, format_generated, generate_field
from personae.narrative import get_backend
from personae.npc import NPCBody, build_npc, generated_text_problems


def test_agent_fields_in_the_documented_formats() -> None:
    backend = get_backend("llama")
    ctx = {"name": "Eliza", "system": "A witty AI assistant", "topics": ["art", "jazz"]}
    for seed, field in enumerate(["bio", "system", "style", "chatExamples", "postExamples"]):
        req = GenerateRequest(field=field, context=ctx, seed=seed)
        text = generate_field(req, backend)
        if field in ("bio", "system"):
            assert isinstance(text, str) and text.strip()
            continue
        data = json.loads(text)
        if field == "style":
            assert set(data) == {"all", "chat", "post"}
        elif field == "postExamples":
            assert data and all(isinstance(p, str) for p in data)
        else:
            assert all(2 <= len(g["examples"]) <= 4 for g in data)
    raw = backend.agent_field(GenerateRequest(field="chatExamples", context=ctx), 3)
    if raw is not None:  # the model's own answer, when it passed the checks
        assert json.loads(format_generated(GenerateRequest(field="chatExamples", context=ctx), raw))


def test_npc_description_respects_filters() -> None:
    backend = get_backend("llama")
    for seed in range(3):
        npc = build_npc(
            NPCBody.parse(
                {
                    "seed": seed,
                    "role": "guard",
                    "filters": {"active": True, "violence": False, "sexual": False, "drugs": False},
                }
            ),
            game_id="g",
            world_id="w",
            backend=backend,
        )
        assert generated_text_problems(npc) == []
        assert npc.sources["description"] in ("generated", "generated:llama")
        assert 1 <= len(npc.description) <= 1400
