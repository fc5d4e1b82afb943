"""The llama backend on the real default model (SmolLM2-135M-Instruct)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from personae import ModelError, generate_character, load_ruleset, validate_sheet
from personae.generate import build, facts_for
from personae.llm.model import model_info
from personae.narrative import get_backend
from personae.narrative.fields import narrative_model, narrative_schema
from personae.narrative.guided import task_context
from personae.narrative.llama import LlamaBackend
from personae.prompts import render
from personae.request import GenerationRequest

from ..conftest import personae_cmd, subprocess_env

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]


def _prompt(cls: str, seed: int) -> tuple[str, str, dict, type]:
    rules = load_ruleset()
    built = build(rules, GenerationRequest(character_class=cls, seed=seed))
    facts = facts_for(rules, built)
    schema = narrative_schema(cls, facts.thin_blood)
    extras = [k for k in ("sire", "pack_name", "cell_name") if k in schema["properties"]]
    return (
        render("narrative_system.j2"),
        render("narrative_task.j2", **task_context(facts, extras)),
        schema,
        narrative_model(cls, facts.thin_blood),
    )


def test_output_always_parses_and_validates_over_many_seeds() -> None:
    backend = get_backend("llama")
    for seed in range(10):
        cls = CLASSES[seed % len(CLASSES)]
        system, task, schema, model = _prompt(cls, seed)
        raw = backend.complete(system, task, schema, seed)
        parsed = model.model_validate_json(raw)  # raises if the grammar let anything slip
        assert set(json.loads(raw)) == set(schema["properties"])
        assert parsed.age >= 16


def test_characters_are_legal_and_record_field_sources() -> None:
    rules = load_ruleset()
    for seed, cls in enumerate(["VAMPIRE", "WEREWOLF", "HUNTER"]):
        c = generate_character(character_class=cls, seed=seed, backend="llama")
        assert validate_sheet(rules, c.sheet, c.experience) == []
        assert c.backend == "llama"
        sources = c.narrative_sources
        assert {"name_first", "biography", "quote", "demeanor"} <= set(sources)
        digest = model_info().sha256[:12]
        for source in sources.values():
            assert source == "rules" or (source.startswith("llama:") and digest in source)
        assert any(s.startswith("llama:") for s in sources.values())
        assert len(c.name_first) >= 3 and len(c.name_last) >= 3


def test_sheet_never_depends_on_the_model() -> None:
    a = generate_character(character_class="WEREWOLF", seed=77, backend="llama")
    b = generate_character(character_class="WEREWOLF", seed=77, backend="rules")
    assert a.sheet == b.sheet and a.experience == b.experience


def test_prefix_reuse_never_changes_output() -> None:
    system, task, schema, _ = _prompt("HUNTER", 3)
    reuse = LlamaBackend(reuse_prefix=True)
    fresh = LlamaBackend(reuse_prefix=False)
    first = reuse.complete(system, task, schema, 11)
    second = reuse.complete(system, task, schema, 11)
    assert reuse.last is not None and reuse.last.prefix_reused
    cold = fresh.complete(system, task, schema, 11)
    assert fresh.last is not None and not fresh.last.prefix_reused
    assert first == second == cold


def test_chargen_options_share_the_prefix(store) -> None:  # type: ignore[no-untyped-def]
    from personae import Personae
    from personae.chargen import start_session

    engine = Personae(store, backend="llama")
    session = start_session(
        engine,
        GenerationRequest(character_class="MORTAL", seed=4),
        owner=__import__("personae").Owner(campaign_id="c"),
        options=2,
    )
    assert len(session.characters) == 2
    assert engine.backend().last.prefix_reused  # type: ignore[attr-defined]
    assert len({c.name for c in session.characters}) == 2


def test_same_seed_same_bytes_across_processes() -> None:
    outs = []
    for _ in range(2):
        run = subprocess.run(
            [
                *personae_cmd(),
                "generate",
                "--backend",
                "llama",
                "--seed",
                "5",
                "--class",
                "HUNTER",
                "--json",
                "--no-store",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=subprocess_env(),
        )
        data = json.loads(run.stdout)
        for key in ("id", "date_created", "date_modified"):
            data.pop(key)
        outs.append(data)
    assert outs[0] == outs[1]


def test_missing_or_corrupt_model_is_a_clear_error(tmp_path: Path, model_path: Path) -> None:
    with pytest.raises(ModelError, match=r"not found: .*nope\.gguf"):
        LlamaBackend(model=tmp_path / "nope.gguf")
    broken = tmp_path / "broken.gguf"
    with model_path.open("rb") as src, broken.open("wb") as dst:
        dst.write(src.read(1 << 20))  # a truncated copy: right header, missing tensors
    with pytest.raises(ModelError, match=r"broken\.gguf"):
        generate_character(seed=1, backend=LlamaBackend(model=broken))
    assert generate_character(seed=1, backend="rules").backend == "rules"
    out = subprocess.run(
        [*personae_cmd(), "generate", "--backend", "llama", "--model", str(broken), "--no-store"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
    )
    assert out.returncode == 2 and "broken.gguf" in out.stderr


def test_bad_schema_is_an_error_not_a_crash() -> None:
    backend = get_backend("llama")
    with pytest.raises(ModelError):
        backend.decoder.grammar({"type": "object", "properties": {"x": {"type": "nonsense"}}})


def test_model_info_cli(model_path: Path) -> None:
    out = subprocess.run(
        [*personae_cmd(), "model", "info", "--json"],
        capture_output=True,
        text=True,
        check=True,
        env=subprocess_env(),
    )
    info = json.loads(out.stdout)
    assert info["path"] == str(model_path) and info["quantization"] == "Q4_1"
    assert info["context_length"] == 8192 and len(info["sha256"]) == 64
