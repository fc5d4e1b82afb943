"""`eliza`: an elizaOS character file valid under both @elizaos/core 1.x (strict keys,
`messageExamples` as arrays of arrays) and 2.x (schemas/character.ts)."""

from __future__ import annotations

from ...character import Character
from ..base import Exporter, Notes, register_exporter
from ..data import dumps
from ..eliza import eliza_character


@register_exporter
class ElizaExporter(Exporter):
    name = "eliza"
    media_type = "application/json"
    extension = "character.json"
    description = "elizaOS character file (valid for @elizaos/core 1.x and 2.x)"

    def render(self, character: Character, notes: Notes) -> bytes:
        notes.warn(
            "elizaOS: the trait sheet (attributes, skills, powers) has no place in a character "
            "file; it is summarised in bio"
        )
        return dumps(eliza_character(character, notes))
