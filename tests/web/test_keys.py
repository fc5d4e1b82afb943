"""On a server started with API keys the pages show nothing stored until the browser gives
a key; then the page sends it with every API call."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium.webdriver.support import expected_conditions as ec

from .conftest import Browser, LiveServer


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    db = tmp_path_factory.mktemp("keys") / "keys.db"
    with LiveServer(db, api_keys=("table-key",)) as server:
        yield server


def test_pages_ask_for_the_key_then_work(browser: Browser, live: LiveServer) -> None:
    live.engine.generate(character_class="MORTAL", seed=1)
    browser.open("/browse")
    browser.visible("#unlock-form")
    assert not browser.all("table.characters")
    browser.fill("#u-key", "wrong")
    browser.css("#unlock-form button[type=submit]").click()
    assert "not this server's key" in browser.visible("#err-key").text
    browser.fill("#u-key", "table-key")
    browser.css("#unlock-form button[type=submit]").click()
    browser.visible("table.characters")
    # the page's API calls carry the key
    browser.open("/")
    browser.select("character_class", "HUNTER")
    browser.css("#generate-form button[type=submit]").click()
    browser.wait(ec.url_contains("/characters/"))
    assert "Hunter" in browser.css(".char-head .sub").text
