"""The card PNG: a portrait placeholder drawn locally (a class sigil and a name plate) with
Pillow, carrying the card JSON in `chara` (V2) and `ccv3` (V3) tEXt chunks.

Deterministic: the drawing depends only on the character, Pillow's bundled font is used
(no system fonts), and the PNG has no time or physical-size chunks.
"""

from __future__ import annotations

import hashlib
import io
import math
from typing import Any

from ..character import Character
from ..enums import CharacterClass
from .data import table


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    h = hex_colour.lstrip("#")
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def _mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> tuple[int, int, int]:
    return (
        round(a[0] + (b[0] - a[0]) * t),
        round(a[1] + (b[1] - a[1]) * t),
        round(a[2] + (b[2] - a[2]) * t),
    )


def _font(size: int) -> Any:
    from PIL import ImageFont

    return ImageFont.load_default(size=size)


def _fit(draw: Any, text: str, width: int, size: int) -> tuple[Any, str]:
    """The largest bundled-font size (down to 12) at which `text` fits, else an ellipsis."""
    while size > 12:
        font = _font(size)
        if draw.textlength(text, font=font) <= width:
            return font, text
        size -= 2
    font = _font(12)
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return font, text + "…"


def _sigil(draw: Any, cls: CharacterClass, cx: int, cy: int, r: int, accent: Any, ink: Any) -> None:
    """A simple emblem per class: drop, moon and claws, crosshair, eye, bound drop."""
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=accent, width=6)
    if cls in (CharacterClass.VAMPIRE, CharacterClass.GHOUL):
        pts = []
        for i in range(0, 361, 6):
            a = math.radians(i)
            x = math.sin(a) * r * 0.42
            y = -math.cos(a) * r * 0.42
            pts.append((cx + x * (1 - 0.35 * (1 + math.cos(a)) / 2), cy + r * 0.12 + y))
        tip = (cx, cy - r * 0.62)
        draw.polygon([tip, *pts[15:46]], fill=accent)
        draw.ellipse((cx - r * 0.36, cy - r * 0.18, cx + r * 0.36, cy + r * 0.54), fill=accent)
        if cls == CharacterClass.GHOUL:
            for dy in (-0.05, 0.25):
                draw.line((cx - r * 0.7, cy + r * dy, cx + r * 0.7, cy + r * dy), fill=ink, width=5)
    elif cls == CharacterClass.WEREWOLF:
        my = cy - r * 0.18
        draw.ellipse((cx - r * 0.45, my - r * 0.45, cx + r * 0.45, my + r * 0.45), fill=accent)
        draw.ellipse((cx - r * 0.22, my - r * 0.52, cx + r * 0.6, my + r * 0.3), fill=ink)
        for dx in (-0.32, -0.08, 0.16):
            draw.line(
                (cx + r * dx, cy + r * 0.38, cx + r * (dx + 0.16), cy + r * 0.74),
                fill=accent,
                width=7,
            )
    elif cls == CharacterClass.HUNTER:
        draw.ellipse(
            (cx - r * 0.5, cy - r * 0.5, cx + r * 0.5, cy + r * 0.5), outline=accent, width=6
        )
        draw.line((cx - r * 0.85, cy, cx + r * 0.85, cy), fill=accent, width=6)
        draw.line((cx, cy - r * 0.85, cx, cy + r * 0.85), fill=accent, width=6)
        draw.ellipse((cx - 8, cy - 8, cx + 8, cy + 8), fill=accent)
    else:
        draw.ellipse(
            (cx - r * 0.7, cy - r * 0.38, cx + r * 0.7, cy + r * 0.38), outline=accent, width=6
        )
        draw.ellipse((cx - r * 0.2, cy - r * 0.2, cx + r * 0.2, cy + r * 0.2), fill=accent)


def draw_portrait(character: Character, subtitle: str) -> Any:
    """The card image (a PIL Image)."""
    from PIL import Image, ImageDraw

    spec = table("cards")["portrait"]
    width, height = int(spec["width"]), int(spec["height"])
    colours = spec["colours"][character.character_class.value]
    bg, accent, ink = _rgb(colours["background"]), _rgb(colours["accent"]), _rgb(colours["text"])
    image = Image.new("RGB", (width, height), bg)
    draw = ImageDraw.Draw(image)
    # a vertical wash from the background to a darker shade, and a seeded star field
    for y in range(height):
        draw.line((0, y, width, y), fill=_mix(bg, (0, 0, 0), 0.55 * y / height))
    digest = hashlib.sha256(character.id.encode("utf-8")).digest()
    for i in range(0, 30, 2):
        x, y = digest[i] * width // 256, digest[i + 1] * (height * 2 // 3) // 256
        draw.ellipse((x - 1, y - 1, x + 1, y + 1), fill=_mix(bg, ink, 0.5))
    draw.rectangle((10, 10, width - 11, height - 11), outline=_mix(bg, accent, 0.7), width=2)
    cut = _mix(bg, (0, 0, 0), 0.55 * (height * 2 // 5) / height)
    _sigil(draw, character.character_class, width // 2, height * 2 // 5, width // 4, accent, cut)
    # the name plate
    top = height - 170
    draw.rectangle(
        (24, top, width - 25, height - 30), fill=_mix(bg, (0, 0, 0), 0.4), outline=accent, width=2
    )
    name_font, name = _fit(draw, character.name, width - 80, 34)
    draw.text((width // 2, top + 40), name, font=name_font, fill=ink, anchor="mm")
    sub_font, sub = _fit(draw, subtitle, width - 80, 18)
    draw.text((width // 2, top + 82), sub, font=sub_font, fill=_mix(ink, accent, 0.35), anchor="mm")
    foot_font, foot = _fit(
        draw,
        f"seed {character.seed} · {character.ruleset.id} {character.ruleset.version}",
        width - 80,
        13,
    )
    draw.text((width // 2, top + 118), foot, font=foot_font, fill=_mix(ink, bg, 0.45), anchor="mm")
    return image


def card_png(character: Character, subtitle: str, chunks: dict[str, str]) -> bytes:
    """The PNG bytes with the given tEXt chunks (keyword -> Latin-1 text), in order."""
    from PIL.PngImagePlugin import PngInfo

    image = draw_portrait(character, subtitle)
    info = PngInfo()
    for key, value in chunks.items():
        info.add_text(key, value)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, optimize=False, compress_level=9)
    return out.getvalue()
