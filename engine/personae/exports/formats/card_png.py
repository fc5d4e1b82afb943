"""`png`: the character card as a PNG image carrying both the V2 (`chara`) and the V3
(`ccv3`) card in tEXt chunks, base64 JSON as the specs say."""

from __future__ import annotations

from ...character import Character
from ...errors import PersonaeError
from ..base import Exporter, Notes, register_exporter
from ..cards import card, chunk_text
from ..view import class_label


@register_exporter
class CardPngExporter(Exporter):
    name = "png"
    media_type = "image/png"
    extension = "card.png"
    description = "Character card PNG (V2 'chara' and V3 'ccv3' chunks) with a drawn portrait"

    def render(self, character: Character, notes: Notes) -> bytes:
        try:
            import PIL  # noqa: F401
        except ImportError as exc:  # pragma: no cover - pillow is a core dependency
            raise PersonaeError(
                "the png export needs Pillow; install it with: pip install pillow"
            ) from exc
        from ..portrait import card_png

        v2, v3 = card(character, notes, 2), card(character, notes, 3)
        subtitle = f"{class_label(character)} · {character.concept_name}"
        va, wa, ha = (
            character.vampire_attributes,
            character.werewolf_attributes,
            character.hunter_attributes,
        )
        if va is not None:
            subtitle = f"{va.clan_name} · {character.concept_name}"
        elif wa is not None:
            subtitle = f"{wa.tribe_name} · {wa.auspice_name}"
        elif ha is not None:
            subtitle = f"{ha.creed} · {character.concept_name}"
        return card_png(character, subtitle, {"chara": chunk_text(v2), "ccv3": chunk_text(v3)})
