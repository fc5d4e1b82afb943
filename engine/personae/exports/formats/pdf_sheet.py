"""`pdf`: the printable sheet as a one-page PDF, typeset by Typst (optional extra
`personae[pdf]`) from templates/sheet.typ with the sheet view passed as JSON.

Deterministic: only the fonts embedded in Typst are used (system fonts are ignored), the
document date is unset and the creation timestamp is fixed to the character's creation.
"""

from __future__ import annotations

import json
from datetime import datetime

from ...character import Character
from ...errors import MissingExtraError, PersonaeError
from ..base import Exporter, Notes, register_exporter
from ..data import TEMPLATES_DIR, table
from ..view import sheet_view

INSTALL_HINT = "pip install 'personae[pdf]'"


def _typst():  # type: ignore[no-untyped-def]
    try:
        import typst
    except ImportError as exc:
        raise MissingExtraError(
            f"the pdf export needs the optional 'pdf' extra (Typst); install it with: "
            f"{INSTALL_HINT}"
        ) from exc
    return typst


def sheet_pdf(character: Character, notes: Notes) -> bytes:
    typst = _typst()
    v = sheet_view(character, notes)
    accent = table("cards")["portrait"]["colours"][character.character_class.value]["accent"]
    try:
        stamp = int(datetime.fromisoformat(character.date_created).timestamp())
    except ValueError:
        stamp = 0
    compiler = typst.Compiler(
        str(TEMPLATES_DIR / "sheet.typ"),
        root=str(TEMPLATES_DIR),
        ignore_system_fonts=True,
        sys_inputs={"sheet": json.dumps(v, ensure_ascii=False), "accent": accent},
    )
    try:
        pdf, warnings = compiler.compile_with_warnings(format="pdf", timestamp=max(stamp, 0))
    except typst.TypstError as exc:
        raise PersonaeError(
            f"the PDF sheet could not be typeset: {exc.message} {exc.diagnostic}".strip()
        ) from exc
    for w in warnings:
        notes.warn(f"PDF: {w.message}")
    if not isinstance(pdf, bytes):
        raise PersonaeError("the PDF sheet could not be typeset: Typst returned no document")
    pages = pdf.count(b"/Type /Page\n") + pdf.count(b"/Type/Page/") + pdf.count(b"/Type /Page ")
    if pages > 1:
        notes.warn(f"PDF: the sheet runs to {pages} pages")
    return pdf


@register_exporter
class PdfExporter(Exporter):
    name = "pdf"
    media_type = "application/pdf"
    extension = "sheet.pdf"
    description = f"Printable one-page character sheet as PDF (needs {INSTALL_HINT})"

    def render(self, character: Character, notes: Notes) -> bytes:
        return sheet_pdf(character, notes)
