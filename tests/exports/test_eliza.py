from __future__ import annotations

import copy
import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from personae.exports import export
from tests.exports.conftest import CLASSES, LEVELS, WRONG_PRONOUNS, leftovers
from tests.exports.specs import ELIZA_V1_SCHEMA, ELIZA_V2_SCHEMA, validate_agent, validate_eliza

NODE_DIR = Path(sys.prefix) / "node"  # .venv/node, see tests/exports/node/package.json
CHECKER = Path(__file__).parent / "node" / "check.mjs"


def strings(node: object) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in strings(v)]
    return []


def eliza(c) -> dict:
    return json.loads(export(c, "eliza").content)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_character_file_is_valid_for_elizaos_1_and_2(characters, cls: str, level: str) -> None:
    c = characters[(cls, level)]
    data = eliza(c)
    validate_eliza(data)
    assert data["name"] == c.name
    assert data["adjectives"] == list(c.personality)
    assert data["settings"]["personae"]["seed"] == c.seed
    assert all(isinstance(conv, list) for conv in data["messageExamples"])
    for text in strings(data):
        assert not leftovers(text.replace("{{user1}}", "")), text
    assert not WRONG_PRONOUNS[c.gender].findall(" ".join(data["style"]["all"]))


def test_schemas_reject_what_the_real_validators_reject(characters) -> None:
    data = eliza(characters[("VAMPIRE", "NEW")])
    unknown = dict(data, lore=["an old key"])
    grouped = dict(data, messageExamples=[{"examples": data["messageExamples"][0]}])
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(unknown, ELIZA_V1_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(unknown, ELIZA_V2_SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(grouped, ELIZA_V1_SCHEMA)
    jsonschema.validate(grouped, ELIZA_V2_SCHEMA)  # 2.x accepts the grouped form
    bad_id = copy.deepcopy(data)
    bad_id["id"] = "not-a-uuid"
    with pytest.raises(jsonschema.ValidationError):
        validate_eliza(bad_id)


def test_an_eliza_character_is_also_a_valid_agent_character(characters) -> None:
    data = eliza(characters[("HUNTER", "ELITE")])
    agent = {
        k: data[k]
        for k in (
            "name",
            "username",
            "bio",
            "system",
            "adjectives",
            "topics",
            "style",
            "messageExamples",
            "postExamples",
        )
    }
    validate_agent(agent)


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("node") is None or not (NODE_DIR / "node_modules").is_dir(),
    reason="node and @elizaos/core in .venv/node are needed (see tests/exports/README)",
)
@pytest.mark.parametrize("major", ["1", "2"])
def test_real_elizaos_core_accepts_the_files(characters, tmp_path: Path, major: str) -> None:
    files = []
    for key, c in sorted(characters.items()):
        path = tmp_path / f"{key[0]}-{key[1]}.json"
        path.write_bytes(export(c, "eliza").content)
        files.append(str(path))
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(dict(eliza(characters[("MORTAL", "NEW")]), lore=["x"])))
    runner = tmp_path / "runner"
    runner.mkdir()
    shutil.copy(CHECKER, runner / "check.mjs")
    (runner / "node_modules").symlink_to(NODE_DIR / "node_modules", target_is_directory=True)
    out = subprocess.run(
        ["node", str(runner / "check.mjs"), major, *files, str(bad)],
        cwd=runner,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    results = [json.loads(line) for line in out.stdout.splitlines()]
    assert [r["success"] for r in results] == [True] * len(files) + [False], results


def test_eliza_file_round_trips_through_an_agent_character(characters) -> None:
    from personae.exports.eliza import eliza_from_agent, import_eliza

    for c in characters.values():
        raw = export(c, "eliza").content
        agent = import_eliza(raw)
        assert eliza_from_agent(agent) == json.loads(raw)


def test_import_accepts_both_message_example_forms_and_old_files() -> None:
    from personae.exports.eliza import eliza_from_agent, import_eliza

    turn = [
        {"name": "{{user1}}", "content": {"text": "Hi"}},
        {"name": "Ada", "content": {"text": "Hello.", "actions": ["REPLY"]}},
    ]
    flat = import_eliza({"name": "Ada", "bio": "Keeps bees.", "messageExamples": [turn]})
    grouped = import_eliza(
        {"name": "Ada", "bio": "Keeps bees.", "messageExamples": [{"examples": turn}]}
    )
    assert flat["messageExamples"] == grouped["messageExamples"] == [turn]
    assert flat["bio"] == ["Keeps bees."]
    old = import_eliza(
        json.dumps(
            {
                "name": "Ada",
                "bio": ["Keeps bees."],
                "lore": ["Lost a hive in 1999."],
                "clients": ["discord"],
                "modelProvider": "openai",
                "messageExamples": [[{"user": "{{user1}}", "content": {"text": "Hi"}}]],
                "plugins": ["@elizaos/plugin-sql"],
                "settings": {"voice": {"model": "x"}},
                "knowledge": ["facts.md"],
                "templates": {"reply": "{{name}} says"},
                "secrets": {"API_KEY": "s3cret"},
                "id": "0b8f8cf0-4e3a-4e4a-9a3e-8a7c1b2c3d4e",
            }
        )
    )
    assert old["bio"] == ["Keeps bees.", "Lost a hive in 1999."]
    assert old["messageExamples"] == [[{"name": "{{user1}}", "content": {"text": "Hi"}}]]
    assert old["plugins"] == ["@elizaos/plugin-sql"] and old["knowledge"] == ["facts.md"]
    assert old["templates"] == {"reply": "{{name}} says"}
    assert "secrets" not in old and "s3cret" not in json.dumps(old)
    assert old["settings"]["personae_import"]["dropped_keys"] == [
        "clients",
        "modelProvider",
        "secrets",
    ]
    out = eliza_from_agent(old)
    jsonschema.validate(out, ELIZA_V1_SCHEMA)


@pytest.mark.parametrize(
    "bad",
    [
        b"[]",
        b"nope",
        b'{"bio": "x"}',
        b'{"name": "A", "messageExamples": [[{"content": {}}]]}',
        b'{"name": "A", "messageExamples": {"a": 1}}',
    ],
)
def test_import_rejects_broken_files(bad: bytes) -> None:
    from personae import InvalidRequestError
    from personae.exports.eliza import import_eliza

    with pytest.raises(InvalidRequestError):
        import_eliza(bad)
