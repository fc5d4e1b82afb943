"""A real server on a free loopback port and a real headless Chromium driven by selenium.

One server and one browser per test module. Chromium and its driver come from Debian's
`chromium` and `chromium-driver` packages; without them the tests fail with the command
that installs them (they are part of the suite, not optional).
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from personae import Personae

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / ".artifacts" / "web"
INSTALL = "apt-get update && apt-get install -y chromium chromium-driver"
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
)


def _binary(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class LiveServer:
    """uvicorn serving create_app on 127.0.0.1 in a thread of the test process."""

    def __init__(self, db: Path, api_keys: tuple[str, ...] = ()) -> None:
        import uvicorn

        from personae.server import create_app

        self.engine = Personae(str(db))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(self.engine, api_keys=api_keys), host="127.0.0.1", port=self.port,
            log_level="warning", lifespan="off", ws="none",
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.engine.store.close()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with LiveServer(tmp_path_factory.mktemp("web") / "page.db") as server:
        yield server


class Browser:
    """A thin helper over the selenium driver: open a path, wait, screenshot."""

    def __init__(self, driver: Any, base: str, downloads: Path) -> None:
        self.driver = driver
        self.base = base
        self.downloads = downloads

    def open(self, path: str) -> None:
        self.driver.get(self.base + path)

    def wait(self, condition: Any, timeout: float = 20) -> Any:
        from selenium.common.exceptions import (
            NoSuchElementException,
            StaleElementReferenceException,
        )
        from selenium.webdriver.support.ui import WebDriverWait

        return WebDriverWait(
            self.driver, timeout, poll_frequency=0.1,
            ignored_exceptions=(NoSuchElementException, StaleElementReferenceException),
        ).until(condition)

    def css(self, selector: str) -> Any:
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, selector)

    def all(self, selector: str) -> list[Any]:
        from selenium.webdriver.common.by import By

        return list(self.driver.find_elements(By.CSS_SELECTOR, selector))

    def visible(self, selector: str, timeout: float = 20) -> Any:
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support import expected_conditions as ec

        return self.wait(ec.visibility_of_element_located((By.CSS_SELECTOR, selector)), timeout)

    def select(self, name: str, value: str) -> None:
        from selenium.webdriver.support.ui import Select

        Select(self.css(f"select[name='{name}']")).select_by_value(value)

    def fill(self, selector: str, text: str) -> None:
        field = self.css(selector)
        field.clear()
        field.send_keys(text)

    def screenshot(self, name: str, full: bool = True) -> Path:
        """A PNG of the page (the whole page with `full`), saved under .artifacts/web."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        target = ARTIFACTS / f"{name}.png"
        if full:  # grow the window to the page's height for the shot, then put it back
            size = self.driver.get_window_size()
            height = self.driver.execute_script(
                "return document.documentElement.scrollHeight"
            )
            self.driver.set_window_size(size["width"], min(int(height) + 100, 6000))
            self.driver.execute_script("window.scrollTo(0, 0)")
            try:
                self.driver.save_screenshot(str(target))
            finally:
                self.driver.set_window_size(size["width"], size["height"])
        else:
            self.driver.save_screenshot(str(target))
        return target

    def requested_urls(self) -> tuple[list[str], list[str]]:
        """The URLs the page asked for since the last call (Chromium's performance log):
        those sent, and those the browser blocked before sending (the page's
        Content-Security-Policy)."""
        asked: dict[str, str] = {}
        blocked: set[str] = set()
        for entry in self.driver.get_log("performance"):
            message = json.loads(entry["message"])["message"]
            params = message.get("params", {})
            if message.get("method") == "Network.requestWillBeSent":
                asked[params["requestId"]] = params["request"]["url"]
            elif message.get("method") == "Network.loadingFailed" and params.get(
                "blockedReason"
            ):
                blocked.add(params["requestId"])
        sent = [u for r, u in asked.items() if r not in blocked]
        return sent, [u for r, u in asked.items() if r in blocked]


@pytest.fixture(scope="module")
def browser(live: LiveServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    chromium = _binary("chromium", "chromium-browser")
    driver_path = _binary("chromedriver")
    if chromium is None or driver_path is None:
        pytest.fail(
            f"the page tests need Chromium and its driver; install them with: {INSTALL}",
            pytrace=False,
        )
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        pytest.fail("the page tests need selenium: pip install -e '.[dev]'", pytrace=False)
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.add_argument("--window-size=1280,900")
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    downloads = tmp_path_factory.mktemp("downloads")
    options.add_experimental_option(
        "prefs",
        {"download.default_directory": str(downloads), "download.prompt_for_download": False},
    )
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    driver.set_page_load_timeout(30)
    try:
        yield Browser(driver, live.url, downloads)
    finally:
        driver.quit()
