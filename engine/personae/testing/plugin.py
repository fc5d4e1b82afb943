"""pytest plugin: seeded, deterministic characters for test suites (pytest11 entry point).

Fixtures, following the conventions of faker's plugin:

- ``personae_seed``: the seed (default 0). Override it for a module or a test by defining
  a fixture of the same name, or with ``@pytest.mark.personae(seed=...)``.
- ``personae_character``: one Character built from the seed and the marker's request
  fields, e.g. ``@pytest.mark.personae(character_class="WEREWOLF", experience_level="ELITE")``.
- ``personae_factory``: ``personae_factory(**request_fields)`` returns a new Character per
  call; call n (from 0) uses seed ``personae_seed + n`` unless ``seed=`` is given.

No store and no model: characters come from the rules backend and are never saved. Ids and
dates derive from the seed and request, so the same test always gets the same bytes. When a
test that used these fixtures fails, the report shows the seed and the requests.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest

MARKER = "personae"
FIXTURE_DATE = "2000-01-01T00:00:00.000Z"
_USED = pytest.StashKey[list[dict[str, Any]]]()
_SEED = pytest.StashKey[int]()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(seed=None, **request_fields): the seed and generation request for the "
        "personae_character fixture (and the default seed of personae_factory)",
    )


def _marker_kwargs(node: Any) -> dict[str, Any]:
    marker = node.get_closest_marker(MARKER)
    if marker is None:
        return {}
    if marker.args:
        raise pytest.UsageError(
            f"@pytest.mark.{MARKER} takes keyword arguments only (seed=..., "
            "character_class=..., ...)"
        )
    return dict(marker.kwargs)


@pytest.fixture
def personae_seed(request: pytest.FixtureRequest) -> int:
    """The seed for personae fixtures: 0, or the ``personae`` marker's ``seed``."""
    seed = _marker_kwargs(request.node).get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise pytest.UsageError(f"personae seed must be a non-negative integer, got {seed!r}")
    return seed


def _stable_id(seed: int, fields: dict[str, Any]) -> str:
    key = json.dumps({"seed": seed, "fields": fields}, sort_keys=True, default=str)
    digest = hashlib.sha256(f"personae-pytest:{key}".encode()).digest()[:16]
    return uuid.UUID(bytes=digest, version=4).hex


def build_character(seed: int, **fields: Any) -> Any:
    """One character from the rules backend, never stored, with an id and dates derived
    from the seed and request (so the whole Character JSON is stable)."""
    from personae import generate_character

    fields.pop("backend", None)
    character = generate_character(backend="rules", seed=seed, **fields)
    return character.model_copy(
        update={
            "id": _stable_id(seed, fields),
            "date_created": FIXTURE_DATE,
            "date_modified": FIXTURE_DATE,
        }
    )


@pytest.fixture
def personae_factory(
    request: pytest.FixtureRequest, personae_seed: int
) -> Iterator[Callable[..., Any]]:
    """``personae_factory(**request_fields)`` -> a new Character each call."""
    used = request.node.stash.setdefault(_USED, [])
    request.node.stash[_SEED] = personae_seed
    calls = {"n": 0}

    def make(**fields: Any) -> Any:
        seed = fields.pop("seed", None)
        if seed is None:
            seed = personae_seed + calls["n"]
        calls["n"] += 1
        used.append({"seed": seed, "request": dict(fields)})
        return build_character(seed, **fields)

    yield make


@pytest.fixture
def personae_character(request: pytest.FixtureRequest, personae_factory: Any) -> Any:
    """One Character from ``personae_seed`` and the ``personae`` marker's request fields."""
    fields = _marker_kwargs(request.node)
    fields.pop("seed", None)
    return personae_factory(**fields)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Iterator[None]:
    outcome: Any = yield
    report = outcome.get_result()
    if not report.failed or _SEED not in item.stash:
        return
    lines = [f"personae_seed: {item.stash[_SEED]}"]
    for used in item.stash.get(_USED, []):
        request = ", ".join(f"{k}={v!r}" for k, v in sorted(used["request"].items()))
        lines.append(f"character: seed={used['seed']}" + (f", {request}" if request else ""))
    lines.append(
        "Re-run with the same seed to get the same characters "
        f"(@pytest.mark.{MARKER}(seed=...) or a personae_seed fixture)."
    )
    report.sections.append(("personae", "\n".join(lines)))
