from __future__ import annotations

import pytest

from personae.llm.model import default_model_path


@pytest.fixture(scope="session")
def model_path():  # type: ignore[no-untyped-def]
    return default_model_path()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/llm" in str(item.fspath):
            item.add_marker(pytest.mark.llm)
