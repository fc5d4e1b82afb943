"""A chargen session on the real default model: rules previews, the kept option written by
the model at finalize, exactly as `generate` writes the same request and seed."""

from __future__ import annotations

from personae import Personae, Store
from personae.audit import audit_character
from personae.faces.valentina.operations import finalize_session, start_session
from personae.pipeline import GenerationRequest, Owner


def test_session_writes_only_the_kept_option_with_the_model() -> None:
    store = Store(":memory:")
    engine = Personae(store, backend="llama")
    owner = Owner(company_id="co", campaign_id="camp")
    request = GenerationRequest(character_class="WEREWOLF", seed=31)
    session = start_session(engine, request, owner=owner)
    assert session.narrate_backend == "llama"
    assert {c.backend for c in session.characters} == {"rules"}
    chosen = session.characters[0]
    kept = finalize_session(engine, session.id, chosen.id)
    assert kept.backend == "llama" and kept.id == chosen.id and kept.name == chosen.name
    model_written = [v for v in kept.narrative_sources.values() if v.startswith("llama")]
    assert model_written, kept.narrative_sources
    rules = engine.rules
    identity = dict(rules.identity_names)
    identity["predator type"] = [p.name for p in rules.vampire.predator_types]
    moons = [a.moon for a in rules.werewolf.auspices]
    assert audit_character(kept, identity, moons) == [], kept.biography
    direct = engine.generate(
        request.model_copy(update={"seed": chosen.seed}), owner=Owner(), save=False
    )
    assert kept.content_json() == direct.content_json()
    assert store.characters.get(kept.id) == kept
