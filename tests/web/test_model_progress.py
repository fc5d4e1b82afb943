"""Generation with the local model from the page: progress while it runs, and cancel."""

from __future__ import annotations

import pytest
from selenium.webdriver.support import expected_conditions as ec

from .conftest import Browser, LiveServer


def stored(live: LiveServer) -> int:
    return live.engine.store.characters.list(include_temporary=True, limit=1)[1]


def start_model_generation(browser: Browser, seed: str) -> None:
    browser.open("/")
    browser.select("character_class", "MORTAL")
    browser.fill("#f-seed", seed)
    browser.css("input[name=backend][value=llama]").click()
    browser.css("#generate-form button[type=submit]").click()


def test_cancel_stops_a_model_generation(browser: Browser, live: LiveServer) -> None:
    before = stored(live)
    start_model_generation(browser, "11")
    progress = browser.visible("#generate-progress")
    cancel = browser.visible("#generate-progress .cancel")
    browser.wait(lambda d: " s" in progress.text)  # elapsed seconds are shown
    browser.screenshot("model-progress", full=False)
    cancel.click()
    browser.wait(lambda d: "Cancelled" in progress.text)
    assert browser.driver.current_url.endswith("/")
    assert stored(live) == before


@pytest.mark.llm
def test_a_model_generation_shows_progress_then_the_character(
    browser: Browser, live: LiveServer
) -> None:
    start_model_generation(browser, "12")
    progress = browser.visible("#generate-progress")
    browser.wait(lambda d: "Writing" in progress.text or "Loading" in progress.text, timeout=60)
    browser.wait(ec.url_contains("/characters/"), timeout=240)
    assert "written by llama" in browser.css(".char-head").text
