from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

from personae import Personae, Store, load_ruleset
from personae.ruleset import Ruleset

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test touches the real user data directory or a stray ruleset override."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PERSONAE_DB", raising=False)
    monkeypatch.delenv("PERSONAE_RULESET", raising=False)


@pytest.fixture(scope="session")
def rules() -> Ruleset:
    return load_ruleset("v5")


@pytest.fixture()
def store() -> Store:
    s = Store(":memory:")
    yield s
    s.close()


@pytest.fixture()
def engine(store: Store) -> Personae:
    return Personae(store)


@pytest.fixture()
def ruleset_copy(tmp_path: Path) -> Path:
    """A writable copy of the built-in v5 ruleset folder."""
    target = tmp_path / "house"
    shutil.copytree(REPO / "rulesets" / "v5", target)
    return target


def personae_cmd() -> list[str]:
    exe = BIN / "personae"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "personae.cli"]


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PERSONAE_DB", None)
    return env
