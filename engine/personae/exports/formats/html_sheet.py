"""`html`: the printable one-page character sheet (templates/sheet.html.j2): dots drawn
in CSS, print styles for A4, no external assets."""

from __future__ import annotations

from ...character import Character
from ..base import Exporter, Notes, register_exporter
from ..data import render_template, table
from ..view import sheet_view


def sheet_html(character: Character, notes: Notes) -> str:
    """The sheet as one HTML document (also what a web page may embed)."""
    v = sheet_view(character, notes)
    accent = table("cards")["portrait"]["colours"][character.character_class.value]["accent"]
    return render_template("sheet.html.j2", autoescape=True, v=v, accent=accent)


@register_exporter
class HtmlExporter(Exporter):
    name = "html"
    media_type = "text/html; charset=utf-8"
    extension = "sheet.html"
    description = "Printable one-page character sheet (HTML, works offline)"

    def render(self, character: Character, notes: Notes) -> bytes:
        return sheet_html(character, notes).encode("utf-8")
