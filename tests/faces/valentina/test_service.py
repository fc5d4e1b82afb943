from __future__ import annotations

import asyncio

import pytest

from personae import (
    CharacterClass,
    ConflictError,
    InvalidRequestError,
    NotFoundError,
    Store,
    character_autogen_service,
    sync_character_autogen_service,
)


def _expire(store: Store, session_id: str) -> None:
    store.db.execute(
        "update chargen_sessions set expires_at = '2000-01-01T00:00:00.000Z' where id = ?",
        [session_id],
    )


def test_seed_document_example_runs_as_written(store: Store) -> None:
    async def example() -> None:
        autogen = character_autogen_service(
            user_id="USER_ID", campaign_id="CAMPAIGN_ID", company_id="COMPANY_ID", db=store
        )
        character = await autogen.generate_character(
            character_type="PLAYER", character_class="VAMPIRE", experience_level="NEONATE"
        )
        assert character.vampire_attributes and character.experience.budget == 15
        session = await autogen.start_chargen_session()
        assert session.expires_at and len(session.characters) == 3
        assert session.requires_selection is True
        final_character = await autogen.finalize_chargen_session(
            session_id=session.session_id, selected_character_id=session.characters[0].id
        )
        assert final_character.id == session.characters[0].id
        assert final_character.is_temporary is False
        assert (await autogen.list_all()) == []
        closed = await autogen.get(session.session_id)
        assert closed.status == "finalized" and [c.id for c in closed.characters] == [
            final_character.id
        ]

    asyncio.run(example())
    assert store.counts()["characters"] == 2


def test_sync_twin_has_the_same_methods(store: Store) -> None:
    autogen = sync_character_autogen_service(
        "u", "camp", "co", db=store, options=2, expires_hours=1
    )
    c = autogen.generate_character(
        character_type="NPC", character_class=CharacterClass.HUNTER, skill_focus="balanced", seed=5
    )
    assert c.hunter_attributes and c.campaign_id == "camp" and c.user_creator_id == "u"
    session = autogen.start_chargen_session(character_class="werewolf", experience_level="ELITE")
    assert len(session.characters) == 2
    assert {x.character_class for x in session.characters} == {CharacterClass.WEREWOLF}
    assert all(x.is_temporary for x in session.characters)
    assert autogen.list_all()[0].id == session.id
    single = autogen.start_chargen_session(options=1)
    assert single.requires_selection is False


def test_newer_client_spellings(store: Store) -> None:
    autogen = sync_character_autogen_service(on_behalf_of="actor", company_id="co", db=store)
    c = autogen.generate_character(
        character_type="PLAYER", campaign_id="c1", on_behalf_of="someone-else"
    )
    assert c.campaign_id == "c1" and c.user_creator_id == "someone-else"
    session = autogen.start_chargen_session(campaign_id="c2")
    assert session.campaign_id == "c2" and session.user_id == "actor"
    assert autogen.list_all(campaign_id="c2")[0].id == session.id


def test_finalize_errors_change_nothing(store: Store) -> None:
    autogen = sync_character_autogen_service("u", "camp", "co", db=store)
    a = autogen.start_chargen_session(seed=1)
    b = autogen.start_chargen_session(seed=2)
    before = store.counts()
    with pytest.raises(InvalidRequestError) as err:
        autogen.finalize_chargen_session(a.id, b.characters[0].id)
    assert err.value.problems[0].field == "selected_character_id"
    with pytest.raises(InvalidRequestError):
        autogen.finalize_chargen_session(a.id, "no-such-character")
    with pytest.raises(NotFoundError):
        autogen.finalize_chargen_session("no-such-session", a.characters[0].id)
    assert store.counts() == before
    autogen.finalize_chargen_session(a.id, a.characters[2].id)
    after_first = store.counts()
    with pytest.raises(ConflictError):
        autogen.finalize_chargen_session(a.id, a.characters[2].id)
    with pytest.raises(ConflictError):
        autogen.finalize_chargen_session(a.id, a.characters[0].id)
    assert store.counts() == after_first
    _expire(store, b.id)
    with pytest.raises(NotFoundError, match="expired"):
        autogen.finalize_chargen_session(b.id, b.characters[0].id)
    with pytest.raises(NotFoundError):
        autogen.get(b.id)


def test_purge_removes_expired_options_but_never_finalized_characters(store: Store) -> None:
    autogen = sync_character_autogen_service("u", "camp", "co", db=store)
    kept_session = autogen.start_chargen_session(seed=1)
    kept = autogen.finalize_chargen_session(kept_session.id, kept_session.characters[1].id)
    doomed = autogen.start_chargen_session(seed=2)
    _expire(store, doomed.id)
    _expire(store, kept_session.id)  # finalized sessions are not "expired"
    assert autogen.list_all() == []  # expired sessions are not listed...
    assert store.counts()["chargen_sessions"] == 2  # ...and a read writes nothing
    store.sessions.purge_expired()  # what every new session does first
    assert store.counts()["chargen_sessions"] == 1
    assert store.characters.get(kept.id).name == kept.name
    for option in doomed.characters:
        with pytest.raises(NotFoundError):
            store.characters.get(option.id)


def test_session_options_are_seeded_and_distinct(store: Store) -> None:
    autogen = sync_character_autogen_service("u", "camp", "co", db=store, options=4)
    s1 = autogen.start_chargen_session(seed=9, character_class="VAMPIRE")
    names = [c.name for c in s1.characters]
    assert len(set(names)) == 4
    other = sync_character_autogen_service("u", "camp2", "co", db=Store(":memory:"), options=4)
    s2 = other.start_chargen_session(seed=9, character_class="VAMPIRE")
    assert [c.content_json() for c in s2.characters] == [c.content_json() for c in s1.characters]


def test_bad_session_parameters_are_named(store: Store) -> None:
    autogen = sync_character_autogen_service("u", "camp", "co", db=store)
    with pytest.raises(InvalidRequestError) as err:
        autogen.start_chargen_session(options=50)
    assert err.value.problems[0].field == "options"
    with pytest.raises(InvalidRequestError) as err:
        autogen.start_chargen_session(character_class="VAMPIRE", vampire_clan_id="nope")
    assert err.value.problems[0].field == "vampire_clan_id"
    assert store.counts()["chargen_sessions"] == 0


def test_generation_log_records_request_seed_backend_ruleset_and_timings(store: Store) -> None:
    autogen = sync_character_autogen_service("u", "camp", "co", db=store)
    c = autogen.generate_character(character_type="NPC", character_class="HUNTER", seed=42)
    session = autogen.start_chargen_session(options=2, seed=7)
    rows = store.characters.log_rows()
    assert len(rows) == 3
    first = rows[0]
    assert first["character_id"] == c.id and first["seed"] == 42
    assert first["request"]["character_class"] == "HUNTER" and first["request"]["seed"] == 42
    assert (first["backend"], first["ruleset_id"], first["ruleset_version"]) == (
        "rules",
        "v5",
        c.ruleset.version,
    )
    assert first["ms_sheet"] > 0 and first["ms_narrative"] > 0 and first["created"]
    assert {r["session_id"] for r in rows[1:]} == {session.id}
