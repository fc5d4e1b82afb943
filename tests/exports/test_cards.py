from __future__ import annotations

import base64
import copy
import io
import json
import struct
import zlib

import jsonschema
import pytest

from personae import InvalidRequestError
from personae.exports import export
from personae.exports.cards import card_from_agent, import_card, png_text_chunks
from tests.exports.conftest import CLASSES, LEVELS, WRONG_PRONOUNS, leftovers
from tests.exports.specs import validate_agent, validate_card

PROSE = (
    "description",
    "personality",
    "scenario",
    "first_mes",
    "mes_example",
    "system_prompt",
    "creator_notes",
)


def card(c, version: int) -> dict:
    return json.loads(export(c, f"ccv{version}").content)


@pytest.mark.parametrize("version", [2, 3])
@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("cls", CLASSES)
def test_cards_follow_the_spec(characters, cls: str, level: str, version: int) -> None:
    data = card(characters[(cls, level)], version)
    validate_card(data, version)
    d = data["data"]
    assert d["name"] == characters[(cls, level)].name
    for field in ("description", "personality", "scenario", "first_mes", "mes_example"):
        assert d[field].strip(), field
    assert len(d["alternate_greetings"]) >= 2
    assert d["extensions"]["personae"]["character_id"] == characters[(cls, level)].id
    if version == 3:
        assert d["group_only_greetings"] == []


def test_validators_reject_missing_required_fields(characters) -> None:
    for version in (2, 3):
        data = card(characters[("MORTAL", "NEW")], version)
        broken = copy.deepcopy(data)
        del broken["data"]["creator_notes"]
        with pytest.raises(jsonschema.ValidationError):
            validate_card(broken, version)
    v3 = card(characters[("MORTAL", "NEW")], 3)
    del v3["data"]["group_only_greetings"]
    with pytest.raises(jsonschema.ValidationError):
        validate_card(v3, 3)
    v3 = card(characters[("MORTAL", "NEW")], 3)
    del v3["data"]["character_book"]["entries"][0]["use_regex"]
    with pytest.raises(jsonschema.ValidationError):
        validate_card(v3, 3)


def _entries(c, version: int = 3) -> list[dict]:
    return card(c, version)["data"]["character_book"]["entries"]


def test_lorebook_covers_identity_ties_and_merits(characters) -> None:
    from personae.testing.plugin import build_character

    vampire = build_character(3, character_class="VAMPIRE", vampire_clan_id="tremere")
    entries = _entries(vampire)
    kinds = [e["comment"] for e in entries]
    assert "clan" in kinds and "sire" in kinds
    clan = next(e for e in entries if e["comment"] == "clan")
    assert "Tremere" in clan["keys"] and "Tremere" in clan["content"]
    assert vampire.vampire_attributes.bane.name in clan["content"]
    for r in vampire.sheet.rituals:
        assert any(r.name in e["content"] for e in entries if e["comment"] == "ritual")
        assert r.name in card(vampire, 2)["data"]["description"]
    sire = next(e for e in entries if e["comment"] == "sire")
    assert vampire.vampire_attributes.sire in sire["keys"]

    wolf = characters[("WEREWOLF", "NEW")]
    by_kind = {e["comment"]: e for e in _entries(wolf)}
    assert wolf.werewolf_attributes.tribe_name in by_kind["tribe"]["content"]
    assert wolf.werewolf_attributes.pack_name in by_kind["pack"]["keys"]
    assert "auspice" in by_kind

    hunter = characters[("HUNTER", "NEW")]
    by_kind = {e["comment"]: e for e in _entries(hunter)}
    assert hunter.hunter_attributes.creed in by_kind["creed"]["keys"]
    assert hunter.hunter_attributes.cell_name in by_kind["cell"]["keys"]

    for c in characters.values():
        entries = _entries(c)
        names = {e["name"] for e in entries}
        for m in c.sheet.advantages:
            assert m.name in names
        for f in c.sheet.flaws:
            assert f.name in names
        for e in entries:
            assert e["keys"] and e["content"].strip() and e["enabled"] is True
            assert e["extensions"] == {}
        assert [e["insertion_order"] for e in entries] == list(range(1, len(entries) + 1))


@pytest.mark.parametrize("cls", CLASSES)
def test_card_text_reads_like_prose(characters, cls: str) -> None:
    c = characters[(cls, "ELITE")]
    d = card(c, 3)["data"]
    texts = [d[f] for f in PROSE] + d["alternate_greetings"]
    texts += [e["content"] for e in d["character_book"]["entries"]]
    for text in texts:
        assert not leftovers(text, card=True), text
        assert "  " not in text and " ." not in text and ".." not in text, text
        assert "{{user1}}" not in text
    assert c.name in d["description"]
    assert c.name_first in d["first_mes"]
    assert c.quote in d["first_mes"]
    assert d["mes_example"].count("<START>") == 3
    for line in d["mes_example"].splitlines():
        assert line == "<START>" or line.startswith(("{{user}}: ", "{{char}}: "))
    assert d["system_prompt"].startswith("{{original}}")


def test_pronouns_match_the_character(by_gender) -> None:
    assert set(by_gender) == {"female", "male", "nonbinary"}
    for gender, c in by_gender.items():
        d = card(c, 2)["data"]
        # the parts our templates write (the biography comes from the narrative)
        text = "\n".join(
            [
                d["personality"],
                d["scenario"],
                d["first_mes"],
                d["mes_example"],
                *d["alternate_greetings"],
                d["description"].replace(c.biography, ""),
            ]
        )
        assert not WRONG_PRONOUNS[gender].findall(text), (gender, text)
        if gender == "nonbinary":
            assert "They " in d["scenario"] and " are " in d["description"]


def _chunks(png: bytes) -> list[tuple[bytes, bytes]]:
    out, pos = [], 8
    while pos < len(png):
        length = struct.unpack(">I", png[pos : pos + 4])[0]
        out.append((png[pos + 4 : pos + 8], png[pos + 8 : pos + 8 + length]))
        crc = struct.unpack(">I", png[pos + 8 + length : pos + 12 + length])[0]
        assert crc == zlib.crc32(png[pos + 4 : pos + 8 + length]) & 0xFFFFFFFF
        pos += 12 + length
    return out


@pytest.mark.parametrize("cls", CLASSES)
def test_png_carries_both_cards(characters, cls: str) -> None:
    from PIL import Image

    c = characters[(cls, "NEW")]
    png = export(c, "png").content
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    kinds = [k for k, _ in _chunks(png)]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND"
    assert kinds.count(b"tEXt") == 2
    assert b"tIME" not in kinds and b"pHYs" not in kinds
    text = {
        body.split(b"\0")[0]: body.split(b"\0", 1)[1] for k, body in _chunks(png) if k == b"tEXt"
    }
    v2 = json.loads(base64.b64decode(text[b"chara"]).decode("utf-8"))
    v3 = json.loads(base64.b64decode(text[b"ccv3"]).decode("utf-8"))
    assert v2 == card(c, 2)
    assert v3 == card(c, 3)
    image = Image.open(io.BytesIO(png))
    assert image.size == (400, 600)
    colours = image.convert("RGB").getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 50  # a drawn picture, not a flat fill


@pytest.mark.parametrize("fmt", ["ccv2", "ccv3", "png"])
@pytest.mark.parametrize("cls", CLASSES)
def test_card_import_gives_an_agent_and_round_trips(characters, cls: str, fmt: str) -> None:
    c = characters[(cls, "ELITE")]
    raw = export(c, fmt).content
    agent = import_card(raw)
    validate_agent(agent)
    assert agent["name"] == c.name
    assert agent["adjectives"] == [p for p in c.personality]
    assert any(c.name_first in line for line in agent["bio"])
    assert agent["messageExamples"] and all(len(conv) == 2 for conv in agent["messageExamples"])
    assert agent["messageExamples"][0][0]["name"] == "{{user1}}"
    assert agent["messageExamples"][0][1]["name"] == c.name
    assert "{{char}}" not in json.dumps(agent["messageExamples"])
    # card -> agent -> card keeps every field
    expected = card(c, 3 if fmt in ("ccv3", "png") else 2)
    assert card_from_agent(agent) == expected


def test_import_reads_v1_cards_and_chara_only_pngs(characters) -> None:
    from PIL import Image
    from PIL.PngImagePlugin import PngInfo

    v1 = {
        "name": "Ada",
        "description": "{{char}} keeps bees.",
        "personality": "calm, dry",
        "scenario": "{{user}} visits the hives.",
        "first_mes": "Hello.",
        "mes_example": "<START>\n{{user}}: Hi\n{{char}}: Hello, {{user}}.",
    }
    agent = import_card(json.dumps(v1).encode())
    validate_agent(agent)
    assert agent["bio"] == ["Ada keeps bees."]
    assert agent["adjectives"] == ["calm", "dry"]
    assert agent["messageExamples"] == [
        [
            {"name": "{{user1}}", "content": {"text": "Hi"}},
            {"name": "Ada", "content": {"text": "Hello, {{user1}}."}},
        ]
    ]
    v2 = card(characters[("MORTAL", "NEW")], 2)
    info = PngInfo()
    info.add_text("chara", base64.b64encode(json.dumps(v2).encode()).decode())
    buf = io.BytesIO()
    Image.new("RGB", (4, 4)).save(buf, format="PNG", pnginfo=info)
    assert card_from_agent(import_card(buf.getvalue())) == v2
    assert png_text_chunks(buf.getvalue())["chara"]


@pytest.mark.parametrize(
    "raw",
    [b"not json", b"[1, 2]", b"{}", b"\x89PNG\r\n\x1a\n" + b"\0" * 20],
)
def test_import_rejects_what_is_not_a_card(raw: bytes) -> None:
    with pytest.raises(InvalidRequestError) as err:
        import_card(raw)
    assert err.value.problems[0].field.startswith("card")
