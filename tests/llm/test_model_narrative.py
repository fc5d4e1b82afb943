"""Model narrative on the real default model: a sample per class with zero defects."""

from __future__ import annotations

from collections import Counter

import pytest

from personae.audit import audit_narrative
from personae.llm.chat import Prompt
from personae.narrative import get_backend
from personae.narrative.fields import field_schema
from personae.narrative.guided import narrative_prompt
from personae.narrative.llama import LlamaBackend
from personae.narrative.rules import Identity

from ..narrative.conftest import CLASSES, make_facts

PER_CLASS = 10
TEXT = ("personality", "appearance", "biography", "quote")


def _audit(n, facts):  # type: ignore[no-untyped-def]
    own = [facts.clan, facts.tribe, facts.creed, facts.predator_type, facts.domitor_clan]
    terms = [facts.concept, facts.auspice or "", facts.auspice_moon or "", *facts.top_skills]
    terms += [facts.tribe_patron or "", facts.drive or ""]
    return audit_narrative(n.model_dump(), own=own, identity=facts.rival_names, terms=terms)


@pytest.fixture(scope="module")
def backend() -> LlamaBackend:
    found = get_backend("llama")
    assert isinstance(found, LlamaBackend)
    return found


@pytest.mark.parametrize("cls", CLASSES)
def test_sample_per_class_has_no_defects(backend: LlamaBackend, cls: str) -> None:
    model_written: Counter[str] = Counter()
    for i in range(PER_CLASS):
        seed = 7000 + 31 * i
        facts = make_facts(cls, seed)
        n = backend.narrate(facts, seed)
        assert _audit(n, facts) == [], (n.biography, n.appearance, n.quote)
        for key in TEXT:
            model_written[key] += n.sources[key].startswith("llama:")
    # the model writes most of the prose; the rules fallback covers the rest
    assert sum(model_written.values()) >= 0.6 * PER_CLASS * len(TEXT), model_written


def test_same_seed_same_narrative_and_prefix_reuse(backend: LlamaBackend) -> None:
    facts = make_facts("HUNTER", 3)
    a = backend.narrate(facts, 3)
    fresh = LlamaBackend(reuse_prefix=False)
    assert fresh.narrate(facts, 3) == a == backend.narrate(facts, 3)


def test_kept_prefixes_and_retries_never_change_the_output(backend: LlamaBackend) -> None:
    """Prefixes put back from the decoder's store, and a retry reusing the whole prompt
    with its saved logits, give the bytes of evaluating everything afresh."""
    fresh = LlamaBackend(reuse_prefix=False)
    cases = [("VAMPIRE", 41), ("GHOUL", 42), ("VAMPIRE", 43), ("MORTAL", 44)]
    expected = [fresh.narrate(make_facts(cls, seed), seed) for cls, seed in cases]
    backend.warm()
    got = [backend.narrate(make_facts(cls, seed), seed) for cls, seed in cases]
    assert got == expected
    facts = make_facts("WEREWOLF", 5)
    prompt = narrative_prompt(facts, Identity(facts, 5))
    schema = field_schema(("quote",))
    fresh_quotes = [fresh.complete(prompt, schema, s, max_tokens=48) for s in range(3)]
    quotes = [backend.complete(prompt, schema, s, max_tokens=48) for s in range(3)]
    assert backend.last is not None and backend.last.extra["reused"] == "prompt"
    assert quotes == fresh_quotes


def test_name_variant_changes_only_the_name(backend: LlamaBackend) -> None:
    facts = make_facts("WEREWOLF", 8)
    a, b = backend.narrate(facts, 8), backend.narrate(facts, 8, 1)
    assert (a.name_first, a.name_last) != (b.name_first, b.name_last)
    assert b.name_first in b.biography and a.personality == b.personality


def test_grammar_holds_and_guard_blocks_wrong_pronouns(backend: LlamaBackend) -> None:
    facts = make_facts("MORTAL", 12)
    me = Identity(facts, 12)
    prompt: Prompt = narrative_prompt(facts, me)
    guard = me.subject(facts).guard()
    for seed in range(3):
        raw = backend.complete(
            prompt, field_schema(first_name=me.name.first), seed, max_tokens=320, guard=guard
        )
        assert backend.last is not None and backend.last.stop == "done", raw
        words = set(raw.lower().replace(",", " ").replace(".", " ").split())
        wrong = {"he", "him", "his"} if me.gender == "female" else {"she", "her", "hers"}
        assert not words & wrong or me.gender == "nonbinary"
