"""`json`: our own Character JSON, the lossless format (id, seed and ruleset included)."""

from __future__ import annotations

from ...character import Character
from ..base import Exporter, Notes, register_exporter


@register_exporter
class JsonExporter(Exporter):
    name = "json"
    media_type = "application/json"
    extension = "json"
    description = "personae Character JSON, the lossless format"

    def render(self, character: Character, notes: Notes) -> bytes:
        # re-validated so fields come out in the model's order however the object was built
        # (model_copy(update=...) keeps the updated keys first)
        canonical = Character.model_validate(character.model_dump(mode="json", by_alias=True))
        return (canonical.to_json(indent=2) + "\n").encode("utf-8")
