"""The storyteller's page in a real headless Chromium: what a user does, what the page shows."""

from __future__ import annotations

import base64
import json
import re
import time
import urllib.request

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec

from .conftest import Browser, LiveServer

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]


def api(live: LiveServer, method: str, path: str, body: object = None) -> tuple[int, object]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(live.url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as exc:
        with exc:
            return exc.code, json.loads(exc.read() or b"null")


def generate(browser: Browser, cls: str, seed: str, **choices: str) -> str:
    """Fill the generate form, submit, and return the new character's id."""
    browser.open("/")
    browser.select("character_class", cls)
    for name, value in choices.items():
        browser.select(name, value)
    browser.fill("#f-seed", seed)
    browser.css("#generate-form button[type=submit]").click()
    browser.wait(ec.url_contains("/characters/"))
    return str(browser.css("#character").get_attribute("data-character-id"))


def sheet_name(browser: Browser) -> str:
    """The character's name as the printable sheet (inside the frame) shows it."""
    frame = browser.visible("#sheet")
    browser.driver.switch_to.frame(frame)
    try:
        return str(browser.visible("h1").text)
    finally:
        browser.driver.switch_to.default_content()


@pytest.mark.parametrize("cls", CLASSES)
def test_generate_a_character_of_each_class(browser: Browser, cls: str) -> None:
    generate(browser, cls, "1234")
    title = browser.visible("#character-name").text
    assert cls.title() in browser.css(".char-head .sub").text
    assert browser.css("#character-seed").text == "1234"
    # the printable sheet of the exports, in a frame, names the same character
    assert sheet_name(browser).split()[0] == title.split()[0]
    if cls == "VAMPIRE":
        browser.screenshot("character-vampire")


def test_the_same_seed_and_choices_give_the_same_character(
    browser: Browser, live: LiveServer
) -> None:
    first = generate(browser, "HUNTER", "777")
    second = generate(browser, "HUNTER", "777")
    a = api(live, "GET", f"/api/v1/companies/local/characters/{first}")[1]
    b = api(live, "GET", f"/api/v1/companies/local/characters/{second}")[1]
    assert isinstance(a, dict) and isinstance(b, dict)
    # the same sheet; the name moves to its next variant when taken in the campaign
    assert first != second and a["sheet"] == b["sheet"] and a["seed"] == b["seed"] == 777


def test_class_options_follow_the_class(browser: Browser) -> None:
    browser.open("/")
    clan = browser.css("[data-field=vampire_clan_id]")
    tribe = browser.css("[data-field=werewolf_tribe_id]")
    assert not clan.is_displayed() and not tribe.is_displayed()
    browser.select("character_class", "WEREWOLF")
    assert tribe.is_displayed() and not clan.is_displayed()
    browser.select("character_class", "GHOUL")
    assert clan.is_displayed()


def test_new_seed_button_fills_the_seed(browser: Browser) -> None:
    browser.open("/")
    assert browser.css("#f-seed").get_attribute("value") == ""
    browser.css("[data-new-seed=f-seed]").click()
    assert browser.css("#f-seed").get_attribute("value").isdigit()


def test_bad_input_shows_the_error_next_to_the_field(browser: Browser) -> None:
    browser.open("/")
    browser.fill("#f-seed", "twelve")
    browser.css("#generate-form button[type=submit]").click()
    error = browser.visible("#err-seed")
    assert "integer" in error.text
    assert browser.css("#f-seed").get_attribute("aria-invalid") == "true"
    browser.screenshot("generate-error", full=False)


def test_compare_options_and_pick_one(browser: Browser, live: LiveServer) -> None:
    browser.open("/compare")
    browser.select("character_class", "WEREWOLF")
    browser.fill("#f-options", "3")
    browser.fill("#f-seed", "42")
    browser.css("#compare-form button[type=submit]").click()
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".option")) == 3)
    cards = browser.all(".option")
    ids = [c.get_attribute("data-character-id") for c in cards]
    names = [c.find_element(By.CSS_SELECTOR, "h3").text for c in cards]
    assert len(set(names)) == 3
    browser.screenshot("compare")
    cards[1].find_element(By.CSS_SELECTOR, "[data-choose]").click()
    browser.wait(ec.url_contains(f"/characters/{ids[1]}"))
    assert browser.visible("#character-name").text == names[1]
    # the others vanished
    for other in (ids[0], ids[2]):
        status, _ = api(live, "GET", f"/api/v1/companies/local/characters/{other}")
        assert status == 404


def test_lock_and_reroll_keeps_what_is_ticked(browser: Browser, live: LiveServer) -> None:
    cid = generate(browser, "VAMPIRE", "2024", vampire_clan_id="toreador")
    name = browser.css("#character-name").text
    before = api(live, "GET", f"/api/v1/companies/local/characters/{cid}/export?format=json")[1]
    assert isinstance(before, dict)
    for field in ("name", "clan"):
        browser.css(f"#reroll-form input[name=keep][value={field}]").click()
    browser.fill("#reroll-form #f-seed", "99")
    browser.css("#reroll-form button[type=submit]").click()
    browser.wait(lambda d: "rerolled with seed" in d.find_element(By.ID, "character").text)
    head = browser.css(".char-head").text
    assert browser.css("#character-name").text == name
    assert "Toreador" in head and "rerolled with seed 99" in head
    assert browser.css("#reroll-form input[value=name]").is_selected()  # the lock stays ticked
    after = api(live, "GET", f"/api/v1/companies/local/characters/{cid}/export?format=json")[1]
    assert isinstance(after, dict)
    assert after["sheet"] != before["sheet"]
    assert after["reroll"] == {"seed": 99, "keep": ["clan", "name", "gender"]}
    browser.screenshot("reroll")
    # the same reroll again gives the same character
    status, again = api(
        live, "POST", f"/api/v1/companies/local/characters/{cid}/reroll",
        {"keep": ["name", "clan"], "seed": 99},
    )
    assert status == 200 and isinstance(again, dict)
    assert {k: v for k, v in again.items() if k != "date_modified"} == {
        k: v for k, v in after.items() if k != "date_modified"
    }


def test_reroll_refuses_a_field_the_class_lacks(browser: Browser, live: LiveServer) -> None:
    cid = generate(browser, "MORTAL", "5")
    status, problem = api(
        live, "POST", f"/api/v1/companies/local/characters/{cid}/reroll", {"keep": ["clan"]}
    )
    assert status == 400 and isinstance(problem, dict)
    assert problem["invalid_parameters"][0]["field"] == "keep"


def test_export_a_pdf(browser: Browser) -> None:
    generate(browser, "HUNTER", "31")
    for old in browser.downloads.glob("*"):
        old.unlink()
    browser.css("a[data-format=pdf]").click()
    toast = browser.visible("#page-status", timeout=60)
    browser.wait(lambda d: "Saved" in toast.text or "failed" in toast.text, timeout=60)
    assert "Saved" in toast.text and ".pdf" in toast.text, toast.text
    deadline = time.monotonic() + 20
    while not list(browser.downloads.glob("*.pdf")) and time.monotonic() < deadline:
        time.sleep(0.1)
    (pdf,) = browser.downloads.glob("*.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_browse_filters_and_deletes(browser: Browser) -> None:
    generate(browser, "GHOUL", "8")
    browser.open("/browse?class=GHOUL")
    rows = browser.all("tbody tr")
    assert rows and all("Ghoul" in r.text for r in rows)
    browser.screenshot("browse")
    count = len(rows)
    rows[0].find_element(By.CSS_SELECTOR, "[data-delete]").click()
    browser.driver.switch_to.alert.accept()
    browser.wait(lambda d: len(d.find_elements(By.CSS_SELECTOR, "tbody tr")) == count - 1)
    browser.open("/browse?class=GHOUL")
    assert len(browser.all("tbody tr")) == count - 1
    # every export format has a link
    assert len(browser.all("tbody tr:first-child details.menu a")) >= 9 or count == 1


def test_create_an_npc_and_reroll_what_is_not_kept(browser: Browser) -> None:
    browser.open("/npc")
    browser.fill("#n-name", "Marta")
    browser.select("role", "shopkeeper")
    browser.fill("#f-seed", "7")
    browser.css("#npc-create").click()
    status = browser.visible("#npc-status")
    browser.wait(lambda d: "Created Marta" in status.text)
    assert browser.css("[data-keep=name]").is_selected()
    assert not browser.css("[data-keep=description]").is_selected()
    # a shopkeeper gets trade items, filled into the rows
    items = browser.all("[data-list=items] [data-row]")
    assert items
    description = browser.css("#n-description").get_attribute("value")
    assert "Marta" in description
    assert "Marta" in browser.css("#npc-list").text
    browser.screenshot("npc")
    browser.css("#npc-reroll").click()
    browser.wait(lambda d: "Rerolled Marta" in status.text)
    assert browser.css("#n-name").get_attribute("value") == "Marta"
    assert browser.css("#n-role").get_attribute("value") == "shopkeeper"


def test_npc_errors_show_next_to_the_field(browser: Browser) -> None:
    browser.open("/npc")
    browser.css("[data-list=items] [data-add-row]").click()
    browser.fill("[data-list=items] [data-row] [data-key=itemName]", "lamp")
    browser.css("#npc-create").click()
    error = browser.visible("[data-list=items] [data-row] [data-col=unit] .error")
    assert "required" in error.text.lower()


def test_agent_form_generates_keeps_and_validates(browser: Browser) -> None:
    browser.open("/agent")
    browser.css("#agent-random-name").click()
    browser.wait(lambda d: d.find_element(By.ID, "a-name").get_attribute("value") != "")
    browser.css("[data-generate=bio]").click()
    browser.wait(lambda d: d.find_element(By.ID, "a-bio").get_attribute("value") != "")
    bio = browser.css("#a-bio").get_attribute("value")
    browser.css("[data-keep=bio]").click()
    browser.css("#agent-reroll").click()
    browser.wait(lambda d: "Rerolled" in d.find_element(By.ID, "agent-status").text)
    assert browser.css("#a-bio").get_attribute("value") == bio
    assert browser.css("#a-postExamples").get_attribute("value")
    browser.css("#agent-form button[type=submit]").click()
    browser.wait(lambda d: "Saved" in d.find_element(By.ID, "agent-status").text)
    browser.screenshot("agent")
    # a style line longer than the schema allows: the error sits under that field
    browser.fill("#a-style-all", "x" * 2100)
    browser.css("#agent-form button[type=submit]").click()
    error = browser.visible("[data-error-for='style.all']")
    assert "2000" in error.text


def test_keyboard_only_generation(browser: Browser) -> None:
    from selenium.webdriver.common.keys import Keys

    browser.open("/")
    body = browser.css("body")
    body.send_keys(Keys.TAB)
    assert browser.driver.switch_to.active_element.text == "Skip to content"
    browser.css("#f-character_class").send_keys("Mortal")
    browser.css("#f-seed").send_keys("55", Keys.ENTER)
    browser.wait(ec.url_contains("/characters/"))
    assert "Mortal" in browser.css(".char-head .sub").text


def test_readable_on_a_phone(browser: Browser) -> None:
    generate(browser, "WEREWOLF", "3")
    driver = browser.driver
    driver.set_window_size(390, 844)
    try:
        browser.open(driver.current_url.replace(browser.base, ""))
        browser.visible("#sheet")
        time.sleep(0.3)
        # nothing wider than the screen: no sideways scrolling
        width = driver.execute_script("return document.documentElement.scrollWidth")
        assert width <= 390
        browser.screenshot("phone-character")
        browser.open("/")
        assert driver.execute_script("return document.documentElement.scrollWidth") <= 390
        browser.screenshot("phone-generate")
    finally:
        driver.set_window_size(1280, 900)


def test_print_hides_the_controls(browser: Browser) -> None:
    generate(browser, "MORTAL", "9")
    browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert not browser.css("#reroll-form").is_displayed()
        assert not browser.css("header.top").is_displayed()
        assert not browser.css(".char-head").is_displayed()  # the sheet names the character
        assert browser.css("#sheet").is_displayed()
        # the whole page prints as one A4 page: the sheet alone
        pdf = browser.driver.execute_cdp_cmd(
            "Page.printToPDF", {"printBackground": True, "preferCSSPageSize": True}
        )
        pages = re.findall(rb"/Type\s*/Page(?!s)", base64.b64decode(pdf["data"]))
        assert len(pages) == 1
    finally:
        browser.driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})


def test_make_an_npc_and_an_agent_from_a_character(browser: Browser) -> None:
    generate(browser, "HUNTER", "64")
    first = browser.css("#character-name").text.split()[0]
    browser.css("#make-npc").click()
    browser.wait(ec.url_contains("/npc?open="))
    status = browser.visible("#npc-status")
    browser.wait(lambda d: "Opened" in status.text)
    assert first in browser.css("#n-name").get_attribute("value")
    browser.driver.back()
    browser.visible("#make-agent").click()
    browser.wait(ec.url_contains("/agent"))
    browser.wait(lambda d: first in d.find_element(By.ID, "a-name").get_attribute("value"))


def test_the_form_remembers_the_last_choices(browser: Browser) -> None:
    generate(browser, "WEREWOLF", "6", experience_level="ELITE")
    browser.open("/")
    assert browser.css("#f-character_class").get_attribute("value") == "WEREWOLF"
    assert browser.css("#f-experience_level").get_attribute("value") == "ELITE"
    assert browser.css("#f-seed").get_attribute("value") == ""
