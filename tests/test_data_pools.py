"""Every word pool loads with the types the code expects (YAML turns `no` into False)."""

from __future__ import annotations

from typing import Any

import pytest

from personae.pools import pool
from personae.resources import data_dir

POOLS = sorted(p.stem for p in data_dir().glob("*.yaml"))


def _leaves(node: Any, path: str = "") -> list[tuple[str, Any]]:
    if isinstance(node, dict):
        return [x for k, v in node.items() for x in _leaves(v, f"{path}.{k}")]
    if isinstance(node, list):
        return [x for i, v in enumerate(node) for x in _leaves(v, f"{path}[{i}]")]
    return [(path, node)]


@pytest.mark.parametrize("name", POOLS)
def test_pool_leaves_are_text_or_numbers(name: str) -> None:
    for path, leaf in _leaves(pool(name)):
        assert isinstance(leaf, str | int | float) and not isinstance(leaf, bool), (name, path)
        if isinstance(leaf, str):
            assert leaf.strip(), (name, path)
