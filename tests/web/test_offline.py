"""Nothing leaves the machine: the page, /docs and /redoc load every script, style, font
and image from the local server (Chromium's network log sees every request, including
the ones its Content-Security-Policy stops before sending)."""

from __future__ import annotations

from urllib.parse import urlsplit

from selenium.webdriver.common.by import By

from .conftest import Browser

LOCAL_SCHEMES = {"data", "blob", "about"}


def outside(urls: list[str]) -> list[str]:
    """The URLs that are neither on 127.0.0.1 nor local to the browser (data:, blob:)."""
    bad = []
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in LOCAL_SCHEMES:
            continue
        if parts.scheme not in ("http", "https") or parts.hostname != "127.0.0.1":
            bad.append(url)
    return bad


def test_outside_sees_remote_urls() -> None:
    assert outside(["https://cdn.jsdelivr.net/x.js", "http://127.0.0.1:1/a", "data:,x"]) == [
        "https://cdn.jsdelivr.net/x.js"
    ]


def test_page_and_api_docs_load_only_local_assets(browser: Browser) -> None:
    browser.requested_urls()  # drop what came before
    seen: list[str] = []
    blocked: list[str] = []

    def collect() -> None:
        sent, stopped = browser.requested_urls()
        seen.extend(sent)
        blocked.extend(stopped)

    browser.open("/")
    browser.visible("#generate-form")
    collect()

    browser.open("/docs")
    browser.visible(".swagger-ui .info .title", timeout=30)
    browser.css(".opblock-summary").click()  # open one operation: more of the UI loads
    browser.visible(".opblock-body", timeout=10)
    collect()
    browser.screenshot("docs", full=False)

    browser.open("/redoc")
    browser.wait(lambda d: d.find_elements(By.CSS_SELECTOR, "h1"), timeout=30)
    browser.wait(lambda d: "personae" in d.find_element(By.CSS_SELECTOR, "h1").text, timeout=30)
    collect()
    browser.screenshot("redoc", full=False)

    for path in ("/compare", "/browse", "/npc", "/agent"):
        browser.open(path)
        browser.visible("main h1")
        collect()

    assert any("/docs/assets/swagger-ui-bundle.js" in u for u in seen)
    assert any("/docs/assets/redoc.standalone.js" in u for u in seen)
    assert outside(seen) == []
    # Redoc's bundle asks for its footer logo on a CDN; the page's policy stops it in the
    # browser, so the request is never sent
    assert set(blocked) <= {"https://cdn.redoc.ly/redoc/logo-mini.svg"}
