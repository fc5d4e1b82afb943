"""Character Card V2 and V3 (JSON and PNG) written from the sheet and narrative, and the
import of any V1/V2/V3 card (JSON or PNG) into an agent character.

Card text comes from the templates in `templates/card/` and `templates/lore/`; tags, places
and lore lines from data/exports/cards.yaml.
"""

from __future__ import annotations

import base64
import copy
import json
import re
import zlib
from collections.abc import Callable
from typing import Any

from ..character import Character
from ..enums import CharacterClass
from ..errors import FieldProblem, InvalidRequestError
from ..narrative.rules import agree
from .base import Notes
from .data import provenance, render_template, ruleset_for, table
from .view import sheet_view

SPEC_V2 = "chara_card_v2"
SPEC_V3 = "chara_card_v3"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
EXTENSION_KEY = "personae"
AGENT_SETTINGS_KEY = "character_card"


def agree_for(pronoun: dict[str, Any]) -> Callable[[str], str]:
    """A verb in the third person singular, made to agree with the pronoun."""
    return lambda verb: agree(verb, bool(pronoun.get("plural")))


def tidy(text: str) -> str:
    """Collapse the whitespace templates leave: single spaces, at most one blank line."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.splitlines()]
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip()


def _pick(seq: list[Any], seed: int, salt: int = 0) -> Any:
    return seq[(seed + salt) % len(seq)]


def card_view(character: Character, notes: Notes) -> dict[str, Any]:
    """The sheet view plus what card prose needs (best skills, pose, place, lore)."""
    v = sheet_view(character, notes)
    words = table("cards")
    cls = character.character_class.value
    v["clan_id"] = character.vampire_attributes.clan_id if character.vampire_attributes else None
    attrs = [t for g in v["attributes"] for t in g["traits"]]
    top = max((t["dots"] for t in attrs), default=0)
    v["strengths"] = [t["name"] for t in attrs if t["dots"] == top][:3]
    skills = [t for g in v["skills"] for t in g["traits"] if t["dots"] > 0]
    order = {t["name"]: i for i, t in enumerate(skills)}
    best = sorted(skills, key=lambda t: (-t["dots"], order[t["name"]]))[:3]
    v["best_skill_names"] = [t["name"].lower() for t in best] or ["keeping my head down"]
    v["best_skills"] = [
        t["name"].lower() + (f" ({t['specialties'][0].lower()})" if t["specialties"] else "")
        for t in best
    ]
    v["pose"] = _pick(words["poses"], character.seed)
    appearance = character.appearance.strip()
    v["appearance_short"] = appearance[:1].lower() + appearance[1:] if appearance else ""
    v["sire_first"] = (v["sire"] or "").split(" ")[0]
    v["place"] = _pick(words["places"][cls], character.seed)
    v["secret"] = words["secrets"][cls]
    v["class_phrase"] = ""
    ctx = _context(v)
    v["class_phrase"] = tidy(render_template("card/class_phrase.j2", **ctx))
    return v


def _context(v: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"v": v, "P": v["pronouns"], "agree": agree_for(v["pronouns"]), **extra}


def _render(name: str, v: dict[str, Any], **extra: Any) -> str:
    text = tidy(render_template(name, **_context(v, **extra)))
    return text[:1].upper() + text[1:]


def _entry(
    index: int, name: str, keys: list[str], content: str, comment: str, v3: bool
) -> dict[str, Any]:
    """One lorebook entry with every field the specs define."""
    seen: list[str] = []
    for k in keys:
        if k and k not in seen:
            seen.append(k)
    entry: dict[str, Any] = {
        "keys": seen,
        "content": content,
        "extensions": {},
        "enabled": True,
        "insertion_order": index,
        "case_sensitive": False,
        "name": name,
        "priority": 10,
        "id": index,
        "comment": comment,
        "selective": False,
        "secondary_keys": [],
        "constant": False,
        "position": "before_char",
    }
    if v3:
        entry["use_regex"] = False
    return entry


def lorebook(character: Character, v: dict[str, Any], notes: Notes, v3: bool) -> dict[str, Any]:
    """The character_book: clan/tribe/creed, sire/pack/cell, predator type, disciplines,
    and every merit, background and flaw, each a complete entry."""
    rules = ruleset_for(character)
    spec = rules.spec
    words = table("cards")
    raw: list[tuple[str, list[str], str, str]] = []
    cls = character.character_class
    va, wa, ha = (
        character.vampire_attributes,
        character.werewolf_attributes,
        (character.hunter_attributes),
    )
    if cls == CharacterClass.VAMPIRE and va is not None:
        clan = _clan(spec, va.clan_id)
        if clan is not None:
            data = {
                "name": clan.name,
                "disciplines": list(clan.disciplines),
                "bane": va.bane,
                "compulsion": va.compulsion,
            }
            keys = [clan.name, f"Clan {clan.name}"]
            keys += [b.name for b in (va.bane, va.compulsion) if b is not None]
            raw.append((f"Clan {clan.name}", keys, _render("lore/clan.j2", v, clan=data), "clan"))
        if va.sire:
            raw.append(
                (
                    va.sire,
                    [va.sire, va.sire.split(" ")[0], "sire"],
                    _render("lore/sire.j2", v),
                    "sire",
                )
            )
        else:
            notes.warn("card lorebook: the character has no sire to describe")
        if va.predator_type and spec.vampire is not None:
            pred = next(
                (p for p in spec.vampire.predator_types if p.name == va.predator_type), None
            )
            if pred is not None:
                data = {
                    "name": pred.name,
                    "specialties": [
                        f"{s.skill.lower()} ({s.name.lower()})" for s in pred.specialties
                    ],
                    "disciplines": [d.name for d in pred.disciplines],
                }
                raw.append(
                    (
                        pred.name,
                        [pred.name, "predator", "hunting", "feeding"],
                        _render("lore/predator.j2", v, predator=data),
                        "predator type",
                    )
                )
    if cls == CharacterClass.GHOUL and character.sheet.creation.domitor_clan_id:
        clan = _clan(spec, character.sheet.creation.domitor_clan_id)
        if clan is not None:
            data = {"name": clan.name, "disciplines": list(clan.disciplines), "bane": clan.bane}
            raw.append(
                (
                    "Domitor",
                    ["domitor", clan.name, "ghoul", "blood"],
                    _render("lore/domitor.j2", v, clan=data),
                    "domitor",
                )
            )
    for g in v["ritual_groups"]:
        raw.append(
            (
                f"{g['label']} of {g['discipline']}",
                [g["label"].lower(), g["discipline"]] + [r["name"] for r in g["items"]],
                _render("lore/rituals.j2", v, g=g),
                "ritual",
            )
        )
    for d in v["disciplines"]:
        raw.append(
            (
                d["name"],
                [d["name"]] + [p["name"] for p in d["powers"]],
                _render("lore/discipline.j2", v, d=d),
                "discipline",
            )
        )
    if cls == CharacterClass.WEREWOLF and wa is not None:
        tribe, auspice = v["tribe"], v["auspice"]
        raw.append(
            (
                wa.tribe_name,
                [wa.tribe_name, tribe["patron"], "tribe"],
                _render("lore/tribe.j2", v, tribe=tribe),
                "tribe",
            )
        )
        raw.append(
            (
                wa.auspice_name,
                [wa.auspice_name, auspice["moon"], "auspice"],
                _render("lore/auspice.j2", v, auspice=auspice),
                "auspice",
            )
        )
        if wa.pack_name:
            raw.append((wa.pack_name, [wa.pack_name, "pack"], _render("lore/pack.j2", v), "pack"))
        else:
            notes.warn("card lorebook: the werewolf has no pack to describe")
    if cls == CharacterClass.HUNTER and ha is not None:
        raw.append(
            (
                f"{ha.creed} creed",
                [ha.creed, "creed"] + ([ha.drive] if ha.drive else []),
                _render("lore/creed.j2", v, creed=v["creed"]),
                "creed",
            )
        )
        if ha.cell_name:
            raw.append((ha.cell_name, [ha.cell_name, "cell"], _render("lore/cell.j2", v), "cell"))
        else:
            notes.warn("card lorebook: the hunter has no cell to describe")
    for m in v["merits"]:
        item = dict(m, lore=words["advantages"].get(m["name"], ""))
        if not item["lore"]:
            notes.warn(f"card lorebook: no lore line for {m['name']} in data/exports/cards.yaml")
        raw.append((m["name"], [m["name"]], _render("lore/advantage.j2", v, item=item), m["kind"]))
    for f in v["flaws"]:
        item = dict(f, kind="flaw", lore=words["flaws"].get(f["name"], ""))
        if not item["lore"]:
            notes.warn(f"card lorebook: no lore line for {f['name']} in data/exports/cards.yaml")
        raw.append((f["name"], [f["name"]], _render("lore/advantage.j2", v, item=item), "flaw"))
    entries = [
        _entry(i, name, keys, content, comment, v3)
        for i, (name, keys, content, comment) in enumerate(raw, start=1)
    ]
    return {
        "name": f"{character.name}: lore",
        "description": f"What {character.name_first}'s world holds, from the character sheet.",
        "scan_depth": 4,
        "token_budget": 1024,
        "recursive_scanning": False,
        "extensions": {},
        "entries": entries,
    }


def lore_summary(entries: list[dict[str, Any]]) -> str:
    """'entries on the clan, the sire, 3 disciplines and 5 merits' style summary."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e["comment"]] = counts.get(e["comment"], 0) + 1
    plural = table("cards")["lore_kinds"]
    parts = [
        f"the {kind}" if n == 1 else f"{n} {plural.get(kind, kind + 's')}"
        for kind, n in counts.items()
    ]
    if not parts:
        return "no entries"
    text = ", ".join(parts[:-1]) + (" and " if len(parts) > 1 else "") + parts[-1]
    return f"entries on {text}"


def _clan(spec: Any, clan_id: str) -> Any:
    if spec.vampire is None:
        return None
    return next((c for c in spec.vampire.clans if c.id == clan_id), None)


def card_data(character: Character, notes: Notes, v3: bool) -> dict[str, Any]:
    """The `data` object of a V2 (v3=False) or V3 card, every required field present."""
    v = card_view(character, notes)
    book = lorebook(character, v, notes, v3)
    v["lore_summary"] = lore_summary(book["entries"])
    words = table("cards")
    cls = character.character_class.value
    tags: list[str] = []
    for t in [*words["tags"]["any"], *words["tags"][cls], v["concept"]]:
        if t and t not in tags:
            tags.append(t)
    for extra in (v["clan"], (v["tribe"] or {}).get("name"), (v["creed"] or {}).get("name")):
        if extra and extra not in tags:
            tags.append(extra)
    greetings = [
        _render(
            "card/first_mes.j2", v, opening=i, place=_pick(words["places"][cls], character.seed, i)
        )
        for i in range(3)
    ]
    data: dict[str, Any] = {
        "name": character.name,
        "description": _render("card/description.j2", v),
        "personality": _render("card/personality.j2", v),
        "scenario": _render("card/scenario.j2", v, place=v["place"], secret=v["secret"]),
        "first_mes": greetings[0],
        "mes_example": _render("card/mes_example.j2", v),
        "creator_notes": _render("card/creator_notes.j2", v),
        "system_prompt": _render("card/system_prompt.j2", v, secret=v["secret"]),
        "post_history_instructions": "",
        "alternate_greetings": greetings[1:],
        "character_book": book,
        "tags": tags,
        "creator": words["creator"],
        "character_version": f"seed {character.seed}",
        "extensions": {EXTENSION_KEY: provenance(character)},
    }
    if v3:
        data["group_only_greetings"] = []
        if character.name_nick:
            data["nickname"] = character.name_nick
        data["assets"] = [{"type": "icon", "uri": "ccdefault:", "name": "main", "ext": "png"}]
        data["source"] = [f"personae:{character.id}"]
        data["creation_date"] = _epoch(character.date_created)
        data["modification_date"] = _epoch(character.date_modified)
    return data


def _epoch(iso: str) -> int:
    from datetime import datetime

    try:
        return int(datetime.fromisoformat(iso).timestamp())
    except ValueError:
        return 0


def card(character: Character, notes: Notes, version: int) -> dict[str, Any]:
    """A whole card object: V2 (`version=2`) or V3 (`version=3`)."""
    if version == 2:
        return {"spec": SPEC_V2, "spec_version": "2.0", "data": card_data(character, notes, False)}
    return {"spec": SPEC_V3, "spec_version": "3.0", "data": card_data(character, notes, True)}


def card_bytes(obj: dict[str, Any]) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def chunk_text(obj: dict[str, Any]) -> str:
    """The tEXt payload the specs ask for: the card JSON, UTF-8, base64."""
    raw = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(raw).decode("ascii")


# --- import ----------------------------------------------------------------------------


def png_text_chunks(data: bytes) -> dict[str, str]:
    """Every tEXt (and zTXt/iTXt) chunk of a PNG, keyword -> text (first wins)."""
    if not data.startswith(PNG_SIGNATURE):
        raise InvalidRequestError(FieldProblem("card", "not a PNG file"))
    out: dict[str, str] = {}
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        try:
            if kind == b"tEXt":
                key, _, value = body.partition(b"\x00")
                out.setdefault(key.decode("latin-1"), value.decode("latin-1"))
            elif kind == b"zTXt":
                key, _, rest = body.partition(b"\x00")
                out.setdefault(key.decode("latin-1"), zlib.decompress(rest[1:]).decode("latin-1"))
            elif kind == b"iTXt":
                key, _, rest = body.partition(b"\x00")
                compressed, _method = rest[0], rest[1]
                _lang, _, rest = rest[2:].partition(b"\x00")
                _tkey, _, text = rest.partition(b"\x00")
                text = zlib.decompress(text) if compressed else text
                out.setdefault(key.decode("latin-1"), text.decode("utf-8"))
        except (zlib.error, IndexError, UnicodeDecodeError):
            continue
        if kind == b"IEND":
            break
    return out


def read_card(data: bytes) -> dict[str, Any]:
    """A card object from card JSON or a card PNG (`ccv3` chunk preferred over `chara`)."""
    if data.startswith(PNG_SIGNATURE):
        chunks = png_text_chunks(data)
        payload = chunks.get("ccv3") or chunks.get("chara")
        if payload is None:
            raise InvalidRequestError(
                FieldProblem("card", "the PNG has no 'ccv3' or 'chara' text chunk")
            )
        try:
            raw = base64.b64decode(payload, validate=False)
            obj = json.loads(raw.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidRequestError(
                FieldProblem("card", f"the PNG's card chunk is not base64 JSON: {exc}")
            ) from exc
    else:
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise InvalidRequestError(
                FieldProblem("card", f"not a card PNG nor card JSON: {exc}")
            ) from exc
    if not isinstance(obj, dict):
        raise InvalidRequestError(FieldProblem("card", "the card must be a JSON object"))
    return obj


def card_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """The card's data fields whatever its version (V1 cards are flat)."""
    if obj.get("spec") in (SPEC_V2, SPEC_V3) and isinstance(obj.get("data"), dict):
        return obj["data"]
    if isinstance(obj.get("data"), dict) and "name" in obj["data"]:
        return obj["data"]
    return obj


def _lines(text: str, limit: int = 2000) -> list[str]:
    out: list[str] = []
    for para in re.split(r"\n\s*\n|\n", text or ""):
        para = para.strip()
        while len(para) > limit:
            cut = para.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            out.append(para[:cut].strip())
            para = para[cut:].strip()
        if para:
            out.append(para)
    return out


def _substitute(text: str, name: str) -> str:
    text = re.sub(r"\{\{\s*char\s*\}\}|<bot>", name, text, flags=re.IGNORECASE)
    return re.sub(r"\{\{\s*user\s*\}\}|<user>", "{{user1}}", text, flags=re.IGNORECASE)


def parse_examples(mes_example: str, name: str) -> list[list[dict[str, Any]]]:
    """`<START>`-separated example chats as agent message examples."""
    conversations: list[list[dict[str, Any]]] = []
    for block in re.split(r"<START>", mes_example or "", flags=re.IGNORECASE):
        messages: list[dict[str, Any]] = []
        for line in block.strip().splitlines():
            m = re.match(
                r"\s*(\{\{\s*user\s*\}\}|<user>|\{\{\s*char\s*\}\}|<bot>|[^:]{1,100}):"
                r"\s*(.*)$",
                line,
                flags=re.IGNORECASE,
            )
            if m:
                who = m.group(1).strip()
                if re.fullmatch(r"\{\{\s*user\s*\}\}|<user>", who, flags=re.IGNORECASE):
                    speaker = "{{user1}}"
                elif re.fullmatch(r"\{\{\s*char\s*\}\}|<bot>", who, flags=re.IGNORECASE):
                    speaker = name
                else:
                    speaker = who
                messages.append(
                    {
                        "name": speaker[:100],
                        "content": {"text": _substitute(m.group(2).strip(), name)[:10_000]},
                    }
                )
            elif messages and line.strip():
                messages[-1]["content"]["text"] += "\n" + _substitute(line.strip(), name)
        if messages:
            conversations.append(messages[:20])
    return conversations[:100]


def _username(name: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
    return (slug or "character")[:50]


def import_card(data: bytes) -> dict[str, Any]:
    """An agent character (name, username, bio, system, adjectives, topics, style,
    messageExamples, postExamples) from a V1/V2/V3 card as JSON or PNG bytes.

    The whole source card is kept under `settings.character_card`, so `card_from_agent`
    gives it back with every field (a card -> agent -> card round trip loses nothing).
    """
    obj = read_card(data)
    fields = card_fields(obj)
    name = str(fields.get("name") or "").strip()
    if not name:
        raise InvalidRequestError(FieldProblem("card.name", "the card has no name"))
    display = name[:100]
    bio = _lines(_substitute(str(fields.get("description") or ""), display))
    personality = _substitute(str(fields.get("personality") or ""), display)
    adjectives: list[str] = []
    for part in re.split(
        r"[;,\n]", personality.split(";")[0] if ";" in personality else personality
    ):
        word = part.strip().strip(".").strip()
        if " " not in word and word[:1].isupper() and word[1:].islower():
            word = word.lower()  # a sentence-initial capital, not a proper noun
        if word and len(word) <= 100 and word.lower() not in [a.lower() for a in adjectives]:
            adjectives.append(word)
    system_raw = str(fields.get("system_prompt") or "")
    system_raw = re.sub(r"\{\{\s*original\s*\}\}", "", system_raw, flags=re.IGNORECASE).strip()
    system = _substitute(system_raw, display)
    if not system:
        scenario = _substitute(str(fields.get("scenario") or ""), display)
        system = " ".join(x for x in (f"You are {display}.", personality, scenario) if x)
    topics = [str(t)[:100] for t in fields.get("tags") or [] if str(t).strip()][:100]
    style_all = [f"Speak as {display}: {personality}"[:2000]] if personality else []
    scenario_text = _substitute(str(fields.get("scenario") or ""), display)
    agent: dict[str, Any] = {
        "name": display,
        "username": _username(str(fields.get("nickname") or display)),
        "bio": bio[:100] or [f"{display}."],
        "system": system[:10_000],
        "adjectives": adjectives[:100],
        "topics": topics,
        "style": {
            "all": style_all,
            "chat": _lines(scenario_text)[:100],
            "post": [],
        },
        "messageExamples": parse_examples(str(fields.get("mes_example") or ""), display),
        "postExamples": [],
        "settings": {AGENT_SETTINGS_KEY: copy.deepcopy(obj)},
    }
    return agent


def card_from_agent(agent: dict[str, Any]) -> dict[str, Any]:
    """The card an agent character was imported from (kept in `settings`), unchanged."""
    kept = (agent.get("settings") or {}).get(AGENT_SETTINGS_KEY)
    if not isinstance(kept, dict):
        raise InvalidRequestError(
            FieldProblem("settings.character_card", "the agent was not imported from a card")
        )
    return copy.deepcopy(kept)
