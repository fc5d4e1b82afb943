"""Chargen sessions that leave the narrative to finalize (narrate="chosen").

The backend here is a real NarrativeBackend registered under its own name (the rules
backend's text with a marked quote), so the operation logic, the store's transaction and
the views are exercised without the model; tests/llm/test_model_faces.py does the same
with the real default model.
"""

from __future__ import annotations

import pytest

from personae import ConflictError, InvalidRequestError, Personae, Store
from personae.faces.valentina.operations import finalize_session, get_session, start_session
from personae.narrative import Narrative, NarrativeFacts, RulesBackend
from personae.narrative.base import register_backend
from personae.pipeline import GenerationRequest, Owner


class ScribeBackend(RulesBackend):
    """Another backend: its text differs from the rules preview in every character."""

    name = "scribe"
    calls = 0

    def narrate(self, facts: NarrativeFacts, seed: int, name_variant: int = 0) -> Narrative:
        ScribeBackend.calls += 1
        made = super().narrate(facts, seed, name_variant)
        return made.model_copy(
            update={
                "quote": f"{made.quote} (as the scribe heard it)",
                "sources": {k: "scribe" for k in made.sources},
            }
        )


register_backend("scribe", ScribeBackend)
OWNER = Owner(user_id="u1", company_id="co1", campaign_id="camp")
REQUEST = GenerationRequest(character_class="VAMPIRE", seed=77)


@pytest.fixture()
def scribed(store: Store) -> Personae:
    return Personae(store, backend="scribe")


def _log_backends(store: Store, character_id: str) -> list[str]:
    rows = store.db.execute(
        "select backend from generation_log where character_id = ?", [character_id]
    ).fetchall()
    return [r[0] for r in rows]


def test_options_are_a_rules_preview_and_the_kept_one_is_written_at_finalize(
    scribed: Personae, store: Store
) -> None:
    before = ScribeBackend.calls
    session = start_session(scribed, REQUEST, owner=OWNER)
    assert ScribeBackend.calls == before  # nothing written by the backend yet
    assert session.narrate_backend == "scribe"
    assert {c.backend for c in session.characters} == {"rules"}
    chosen = session.characters[1]
    kept = finalize_session(scribed, session.id, chosen.id)
    assert ScribeBackend.calls == before + 1  # only the kept option
    assert kept.id == chosen.id and not kept.is_temporary
    assert kept.backend == "scribe" and kept.quote.endswith("(as the scribe heard it)")
    assert set(kept.narrative_sources.values()) == {"scribe"}
    # same sheet, name and everything the rules decide; only the narrative was written anew
    assert (kept.sheet, kept.name, kept.gender, kept.age) == (
        chosen.sheet, chosen.name, chosen.gender, chosen.age,
    )
    assert kept.quote != chosen.quote
    # stored as it was returned, logged as written by the backend, the session closed
    assert store.characters.get(kept.id) == kept
    assert _log_backends(store, kept.id) == ["scribe"]
    closed = get_session(scribed, session.id)
    assert closed.status == "finalized" and closed.narrate_backend is None
    assert [c.id for c in closed.characters] == [kept.id]
    assert store.counts()["characters"] == 1


def test_the_kept_option_is_what_generate_gives_for_its_seed(scribed: Personae) -> None:
    session = start_session(scribed, REQUEST, owner=Owner())
    chosen = session.characters[2]
    kept = finalize_session(scribed, session.id, chosen.id)
    direct = scribed.generate(
        REQUEST.model_copy(update={"seed": chosen.seed}), owner=Owner(), save=False
    )
    assert kept.content_json() == direct.content_json()


def test_a_taken_name_keeps_its_variant_through_finalize(scribed: Personae) -> None:
    session = start_session(scribed, REQUEST, owner=OWNER)
    first = session.characters[0]
    # a second session with the same seeds in the same campaign: every name is taken by
    # the first session's options, so the second's move to their next variants
    again = start_session(scribed, REQUEST, owner=OWNER)
    option = again.characters[0]
    assert option.seed == first.seed and option.name_variant > 0 and option.name != first.name
    kept = finalize_session(scribed, again.id, option.id)
    assert (kept.name, kept.name_variant) == (option.name, option.name_variant)
    assert first.name_first not in kept.biography.split()  # the text follows the new name


def test_narrate_all_writes_every_option_at_start(scribed: Personae) -> None:
    before = ScribeBackend.calls
    session = start_session(scribed, REQUEST, owner=OWNER, narrate="all")
    assert ScribeBackend.calls == before + 3 and session.narrate_backend is None
    assert {c.backend for c in session.characters} == {"scribe"}
    kept = finalize_session(scribed, session.id, session.characters[0].id)
    assert ScribeBackend.calls == before + 3
    assert kept.content_json() == session.characters[0].content_json()


def test_the_rules_backend_never_defers(engine: Personae) -> None:
    session = start_session(engine, REQUEST, owner=OWNER)
    assert session.narrate_backend is None
    kept = finalize_session(engine, session.id, session.characters[0].id)
    assert kept.content_json() == session.characters[0].content_json()


def test_bad_narrate_names_the_field(scribed: Personae, store: Store) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        start_session(scribed, REQUEST, owner=OWNER, narrate="some")  # type: ignore[arg-type]
    assert caught.value.problems[0].field == "narrate"
    assert store.counts()["characters"] == 0


def test_finalizing_twice_writes_nothing_the_second_time(scribed: Personae) -> None:
    session = start_session(scribed, REQUEST, owner=OWNER)
    kept = finalize_session(scribed, session.id, session.characters[0].id)
    before = ScribeBackend.calls
    with pytest.raises(ConflictError):
        finalize_session(scribed, session.id, session.characters[1].id)
    assert ScribeBackend.calls == before
    assert scribed.store.characters.get(kept.id) == kept


def test_a_changed_ruleset_is_a_conflict_not_a_different_character(
    scribed: Personae, store: Store
) -> None:
    session = start_session(scribed, REQUEST, owner=OWNER)
    chosen = session.characters[0]
    # the option's stored sheet no longer matches what its request and seed build
    store.db.execute(
        "update characters set data = json_set(data, '$.sheet.creation.clan_id', 'nobody')"
        " where id = ?",
        [chosen.id],
    )
    with pytest.raises(ConflictError, match="start a new session"):
        finalize_session(scribed, session.id, chosen.id)
    assert get_session(scribed, session.id).status == "open"
