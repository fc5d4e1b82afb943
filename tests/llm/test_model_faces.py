"""Agent fields and NPC descriptions on the real default model: zero defects."""

from __future__ import annotations

from personae.audit import audit_agent_field, audit_npc_description
from personae.narrative import get_backend
from personae.narrative.agent_text import FIELDS, AgentContext, agent_text
from personae.narrative.npc_text import npc_description

CONTEXTS = [
    AgentContext(name="Eliza", system="A witty assistant", topics=["art", "jazz"]),
    AgentContext(name="Vesper", topics=["history", "cooking"], adjectives=["patient"]),
]


def test_ten_agent_fields() -> None:
    backend = get_backend("llama")
    for i in range(10):
        ctx = CONTEXTS[i % 2]
        field = FIELDS[i % len(FIELDS)]
        value, source = agent_text(backend, field, ctx, seed=i)
        allowed = [ctx.name or "", ctx.system or "", *(ctx.topics or []), *(ctx.adjectives or [])]
        assert audit_agent_field(field, value, allowed) == [], (field, value)
        assert source == "rules" or source.startswith("llama:")


def test_ten_npc_descriptions_with_matching_pronouns() -> None:
    backend = get_backend("llama")
    people = [("Marta Kovac", "Female"), ("Idris Haddad", "Male"), ("Quinn Adair", "Non-binary")]
    roles = ["guard", "shopkeeper", "healer", "mentor", "fence"]
    for i in range(10):
        name, gender = people[i % 3]
        text, _source = npc_description(
            backend,
            name=name,
            role_label=roles[i % 5],
            traits=["patient", "guarded", "loyal"],
            tone="formal",
            avoid=["violence"],
            gender=gender,
            seed=i,
            is_blocked=lambda t: "kill" in t.lower(),
            blocked_words=["kill", "blood"],
        )
        allowed = [roles[i % 5], "patient", "guarded", "loyal", "formal"]
        assert audit_npc_description(text, gender, name, allowed) == [], text
        assert "kill" not in text.lower()
