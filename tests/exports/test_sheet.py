"""The printable sheet: HTML read as a person would, rendered in headless Chromium, and the
Typst PDF rendered to PNG pages with pdftoppm."""

from __future__ import annotations

import builtins
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from personae import PersonaeError
from personae.exports import export
from personae.testing.plugin import build_character
from tests.exports.conftest import CLASSES, LEVELS, leftovers

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
PDFTOPPM = shutil.which("pdftoppm")
CHROMIUM_BIN = CHROMIUM or "chromium"
PDFTOPPM_BIN = PDFTOPPM or "pdftoppm"


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.urls: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "script"):
            self._skip += 1
        for name, value in attrs:
            if name in ("src", "href") and value:
                self.urls.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, list[str]]:
    p = _Text()
    p.feed(html)
    return " ".join(" ".join(p.parts).split()), p.urls


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_html_sheet_reads_right(characters, cls: str, level: str) -> None:
    c = characters[(cls, level)]
    html = export(c, "html").text
    text, urls = visible_text(html)
    assert urls == []
    assert not re.search(r"url\(|@import|https?://", html)
    assert "<script" not in html
    assert not leftovers(text), leftovers(text)
    assert c.name_full in text and c.concept_name in text
    assert c.appearance in text and c.quote in text
    assert c.biography.split(". ")[0] in text
    for name in c.sheet.attributes:
        assert name in text
    for s in c.sheet.specialties:
        assert s.name in text
    for m in c.sheet.advantages:
        assert m.name in text
    for f in c.sheet.flaws:
        assert f.name in text
    for disc, powers in c.sheet.powers.items():
        assert disc in text and all(p in text for p in powers)
    for g in c.sheet.gifts:
        assert g.name in text
    for r in c.sheet.rituals:
        assert r.name in text
    for e in c.sheet.edges:
        assert e.name in text and all(p in text for p in e.perks)
    assert c.id in text and f"seed {c.seed}" in text
    # dots drawn: one filled dot per attribute dot
    filled = html.count('<i class="on">')
    assert filled >= sum(c.sheet.attributes.values()) + sum(c.sheet.skills.values())
    assert "@media print" in html and "@page" in html


def test_html_escapes_text() -> None:
    c = build_character(1, character_class="MORTAL")
    c = c.model_copy(update={"quote": '<b>"Run" & hide</b>'})
    html = export(c, "html").text
    assert '<b>"Run"' not in html and "&lt;b&gt;" in html


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium is not installed")
@pytest.mark.parametrize("cls", CLASSES)
def test_html_renders_in_headless_chromium(characters, tmp_path: Path, cls: str) -> None:
    from PIL import Image

    page = tmp_path / "sheet.html"
    page.write_bytes(export(characters[(cls, "ELITE")], "html").content)
    shot, pdf = tmp_path / "sheet.png", tmp_path / "sheet.pdf"
    flags = [
        CHROMIUM_BIN,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--hide-scrollbars",
    ]
    subprocess.run(
        [*flags, "--window-size=860,1200", f"--screenshot={shot}", page.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    image = Image.open(shot).convert("RGB")
    assert image.size == (860, 1200)
    colours = image.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 200  # text, dots and rules were painted
    if PDFTOPPM:
        subprocess.run(
            [*flags, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
            capture_output=True,
            timeout=120,
            check=True,
        )
        info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
        assert re.search(r"Pages:\s+1\b", info.stdout), "the printed sheet is one page"


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_pdf_is_one_page(characters, cls: str, level: str) -> None:
    result = export(characters[(cls, level)], "pdf")
    assert result.content.startswith(b"%PDF-")
    assert _pdf_pages(result.content) == 1
    assert result.warnings == []
    assert b"/CreationDate" not in result.content or b"D:2000" in result.content


@pytest.mark.skipif(PDFTOPPM is None, reason="poppler-utils (pdftoppm) is not installed")
def test_pdf_renders_to_a_png_page(characters, tmp_path: Path) -> None:
    from PIL import Image

    pdf = tmp_path / "sheet.pdf"
    pdf.write_bytes(export(characters[("WEREWOLF", "ELITE")], "pdf").content)
    subprocess.run(
        [PDFTOPPM_BIN, "-r", "50", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
        timeout=120,
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    image = Image.open(pages[0]).convert("RGB")
    assert abs(image.size[0] / image.size[1] - 210 / 297) < 0.01  # A4
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    c = characters[("WEREWOLF", "ELITE")]
    flat = " ".join(text.split())
    assert c.name_full in flat and c.werewolf_attributes.tribe_name in flat
    assert c.quote in flat
    assert not leftovers(flat)


def test_missing_pdf_extra_gives_the_install_hint(characters, monkeypatch) -> None:
    real_import = builtins.__import__

    def no_typst(name: str, *args, **kwargs):  # type: ignore[no-untyped-def]
        if name == "typst":
            raise ImportError("No module named 'typst'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_typst)
    with pytest.raises(PersonaeError) as err:
        export(characters[("MORTAL", "NEW")], "pdf")
    assert "pip install 'personae[pdf]'" in str(err.value)
