"""`ccv2` and `ccv3`: Character Card V2 / V3 JSON."""

from __future__ import annotations

from ...character import Character
from ..base import Exporter, Notes, register_exporter
from ..cards import card, card_bytes


@register_exporter
class CardV2Exporter(Exporter):
    name = "ccv2"
    media_type = "application/json"
    extension = "ccv2.json"
    description = "Character Card V2 JSON (chara_card_v2) with a lorebook"

    def render(self, character: Character, notes: Notes) -> bytes:
        return card_bytes(card(character, notes, 2))


@register_exporter
class CardV3Exporter(Exporter):
    name = "ccv3"
    media_type = "application/json"
    extension = "ccv3.json"
    description = "Character Card V3 JSON (chara_card_v3) with a lorebook"

    def render(self, character: Character, notes: Notes) -> bytes:
        return card_bytes(card(character, notes, 3))
