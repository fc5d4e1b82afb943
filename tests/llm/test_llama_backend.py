"""The llama backend through the public API and the CLI, on the real default model."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from personae import ModelError, generate_character, load_ruleset, validate_sheet
from personae.llm.model import model_info
from personae.narrative import get_backend
from personae.narrative.llama import LlamaBackend

from ..conftest import personae_cmd, subprocess_env


def test_characters_are_legal_and_record_field_sources() -> None:
    rules = load_ruleset()
    digest = model_info().sha256[:12]
    for seed, cls in enumerate(["VAMPIRE", "WEREWOLF", "HUNTER"]):
        c = generate_character(character_class=cls, seed=seed, backend="llama")
        assert validate_sheet(rules, c.sheet, c.experience) == []
        assert c.backend == "llama"
        for source in c.narrative_sources.values():
            assert source == "rules" or (source.startswith("llama:") and digest in source)
        assert any(s.startswith("llama:") for s in c.narrative_sources.values())


def test_sheet_never_depends_on_the_model() -> None:
    a = generate_character(character_class="WEREWOLF", seed=77, backend="llama")
    b = generate_character(character_class="WEREWOLF", seed=77, backend="rules")
    assert a.sheet == b.sheet and a.experience == b.experience


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


def test_bad_schema_is_an_error_not_a_crash() -> None:
    backend = get_backend("llama")
    assert isinstance(backend, LlamaBackend)
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
