from __future__ import annotations

import json

import pytest

from personae import ConflictError, Personae, Store
from personae.faces.agent.models import (
    AgentCharacter,
    AgentValidationError,
    parse_update,
)
from personae.faces.agent.models import GenerateRequest as Req
from personae.faces.agent.operations import (
    AgentProfiles,
    generate_field,
    random_name,
    schema_fields,
)

RULES = Personae(":memory:")


def test_profiles_default_update_history_and_switch(store: Store) -> None:
    profiles = AgentProfiles(Personae(store))
    name, character = profiles.active()
    assert name == "default" and character.name
    _, merged, given = profiles.update(parse_update({"name": "Eliza", "adjectives": ["witty"]}))
    assert given == {"name": "Eliza", "adjectives": ["witty"]}
    assert merged.name == "Eliza" and merged.system == character.system
    profiles.create("second", AgentCharacter(name="Bob", bio="A second agent."))
    assert profiles.active()[1].name == "Eliza"
    profiles.activate("second")
    assert profiles.active()[1].name == "Bob"
    assert [h["action"] for h in profiles.history("default")] == ["update"]
    assert profiles.history("default")[0]["changes"]["name"] == "Eliza"
    with pytest.raises(ConflictError):
        profiles.create("second", AgentCharacter(name="Dup"))


def test_changes_survive_reopening(tmp_path) -> None:  # type: ignore[no-untyped-def]
    db = tmp_path / "agent.db"
    s = Store(db)
    AgentProfiles(Personae(s)).update(parse_update({"username": "night_owl"}))
    s.close()
    s2 = Store(db)
    assert AgentProfiles(Personae(s2)).active()[1].username == "night_owl"
    s2.close()


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"name": 5}, "name"),
        ({"name": "n" * 101}, "name"),
        ({"username": "u" * 51}, "username"),
        ({"system": "s" * 10_001}, "system"),
        ({"adjectives": ["a" * 101]}, "adjectives.0"),
        ({"adjectives": [""]}, "adjectives.0"),
        ({"topics": "not-a-list"}, "topics"),
        ({"style": {"all": [3]}}, "style.all.0"),
        ({"style": {"every": ["x"]}}, "style.every"),
        ({"messageExamples": [[{"name": "u", "content": {}}]]}, "messageExamples.0.0.content.text"),
        ({"unknown": 1}, "unknown"),
    ],
)
def test_strict_schema_paths(body: dict, path: str) -> None:
    with pytest.raises(AgentValidationError) as err:
        parse_update(body)
    assert path in [e["path"] for e in err.value.errors], err.value.errors


def test_bio_may_be_string_or_list() -> None:
    assert parse_update({"bio": "one"}).bio == "one"
    assert parse_update({"bio": ["a", "b"]}).bio == ["a", "b"]


def test_generated_formats_match_the_document() -> None:
    ctx = {
        "name": "Eliza",
        "system": "A witty AI assistant",
        "bio": "",
        "style": {"all": ["Be concise"]},
        "postExamples": ["old post"],
    }
    for seed in range(20):
        bio = generate_field(RULES, Req(field="bio", context=ctx, seed=seed))
        assert isinstance(bio, str) and bio and not bio.startswith(("{", "["))
        style = json.loads(generate_field(RULES, Req(field="style", context=ctx, seed=seed)))
        assert set(style) == {"all", "chat", "post"}
        assert all(isinstance(x, str) for v in style.values() for x in v)
        chats = json.loads(
            generate_field(RULES, Req(field="chatExamples", context=ctx, seed=seed))
        )
        assert chats and all(2 <= len(g["examples"]) <= 4 for g in chats)
        assert all(
            set(m) == {"name", "content"} and set(m["content"]) == {"text"}
            for g in chats
            for m in g["examples"]
        )
        posts = json.loads(
            generate_field(RULES, Req(field="postExamples", context=ctx, seed=seed))
        )
        assert posts and all(isinstance(p, str) for p in posts)
    appended = json.loads(
        generate_field(RULES, Req(field="style", context=ctx, mode="append", seed=1))
    )
    assert appended["all"][0] == "Be concise"
    more = json.loads(
        generate_field(RULES, Req(field="postExamples", context=ctx, mode="append", seed=1))
    )
    assert more[0] == "old post"
    same = [generate_field(RULES, Req(field="system", context=ctx, seed=3)) for _ in range(2)]
    assert same[0] == same[1]


def test_random_names_are_seeded_and_varied() -> None:
    assert random_name(4) == random_name(4)
    names = {random_name(s) for s in range(400)}
    assert len(names) > 250


def test_schema_lists_every_field() -> None:
    fields = {f["key"]: f for f in schema_fields()}
    assert set(fields) == {
        "name",
        "username",
        "bio",
        "system",
        "adjectives",
        "topics",
        "style",
        "messageExamples",
        "postExamples",
        "id",
        "plugins",
        "settings",
        "knowledge",
        "templates",
    }
    assert fields["name"]["maxLength"] == 100 and fields["username"]["maxLength"] == 50
    assert fields["system"]["maxLength"] == 10_000
    assert [c["key"] for c in fields["style"]["children"]] == ["all", "chat", "post"]
    assert all({"key", "type", "label", "description"} <= set(f) for f in fields.values())


def test_character_files_go_in_with_both_example_forms_and_their_keys() -> None:
    """elizaOS files: `[[...]]` and `[{examples: [...]}]` both parse; id, plugins, settings,
    knowledge, templates and message content keys such as actions are kept."""
    turns = [
        {"name": "{{user1}}", "content": {"text": "Hello?", "actions": ["REPLY"]}},
        {"name": "Eliza", "content": {"text": "Hi."}},
    ]
    extra = {"id": "c0ffee", "plugins": ["@elizaos/plugin-sql"], "settings": {"voice": "a"},
             "knowledge": ["notes.md"], "templates": {"reply": "{{text}}"}}
    nested = parse_update({"messageExamples": [turns], **extra})
    grouped = parse_update({"messageExamples": [{"examples": turns}], **extra})
    assert nested == grouped
    dumped = grouped.model_dump(exclude_none=True)
    assert dumped["messageExamples"][0][0]["content"] == {"text": "Hello?", "actions": ["REPLY"]}
    assert {k: dumped[k] for k in extra} == extra
    with pytest.raises(AgentValidationError) as err:
        parse_update({"messageExamples": [{"examples": [{"name": "x"}]}]})
    assert any(e["path"].startswith("messageExamples.0.0") for e in err.value.errors)
