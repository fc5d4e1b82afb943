"""`foundry`: an actor JSON for Foundry VTT's World of Darkness 5e system (wod5e 5.3.x),
importable with the actor sheet's "Import Data". Every key comes from
data/exports/foundry.yaml; the shape follows the system's actor and item data models."""

from __future__ import annotations

import hashlib
import html
from datetime import datetime
from typing import Any

from ...character import Character
from ...enums import CharacterClass
from ..base import Exporter, Notes, register_exporter
from ..data import dumps, lookup, maybe, provenance, provenance_line, ruleset_for, table
from ..view import sheet_view

_ALNUM = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def foundry_id(*parts: str) -> str:
    """A Foundry document id (16 alphanumerics), derived from the parts: stable."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return "".join(_ALNUM[b % len(_ALNUM)] for b in digest[:16])


def _p(text: str) -> str:
    """Plain text as HTML paragraphs (the system's HTML fields)."""
    paras = [p.strip() for p in (text or "").split("\n") if p.strip()]
    return "".join(f"<p>{html.escape(p)}</p>" for p in paras)


def _base_item_system(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "macroid": "",
        "bonuses": [],
        "dataItemId": "",
        "source": {"book": "", "page": ""},
    }


class _Items:
    def __init__(self, character: Character) -> None:
        self.character = character
        self.items: list[dict[str, Any]] = []

    def add(self, type_: str, name: str, system: dict[str, Any]) -> None:
        index = len(self.items)
        item: dict[str, Any] = {
            "_id": foundry_id(self.character.id, "item", str(index), type_, name),
            "name": name,
            "type": type_,
        }
        image = maybe("foundry", "item_images", type_)
        if image:  # otherwise Foundry gives the item type's default artwork
            item["img"] = image
        item.update({"system": system, "effects": [], "flags": {}, "sort": (index + 1) * 100000})
        self.items.append(item)


def _experiences(character: Character) -> list[dict[str, Any]]:
    """The ledger as the system's experience entries: the level's budget as one gain, then
    one spend per purchase (negative value), oldest first by timestamp."""
    try:
        base = int(datetime.fromisoformat(character.date_created).timestamp() * 1000)
    except ValueError:
        base = 0
    xp = character.experience
    entries = [
        {
            "id": foundry_id(character.id, "xp", "budget")[:8],
            "name": f"Starting experience ({xp.level})",
            "value": xp.budget,
            "timestamp": base,
        }
    ]
    for i, p in enumerate(xp.ledger, start=1):
        entries.append(
            {
                "id": foundry_id(character.id, "xp", str(i))[:8],
                "name": f"{p.trait} {p.from_}→{p.to}",
                "value": -p.cost,
                "timestamp": base + i,
            }
        )
    return entries


def _clan_disciplines(character: Character) -> str:
    va = character.vampire_attributes
    spec = ruleset_for(character).spec
    if va is None or spec.vampire is None:
        return ""
    clan = next((c for c in spec.vampire.clans if c.id == va.clan_id), None)
    return ", ".join(clan.disciplines) if clan else ""


def _predator_summary(character: Character) -> str:
    va = character.vampire_attributes
    spec = ruleset_for(character).spec
    if va is None or spec.vampire is None:
        return ""
    pred = next((p for p in spec.vampire.predator_types if p.name == va.predator_type), None)
    if pred is None:
        return ""
    specialties = ", ".join(f"{s.skill} ({s.name})" for s in pred.specialties)
    disciplines = " or ".join(d.name for d in pred.disciplines)
    return f"Specialties: {specialties}. Discipline: {disciplines}."


def _creed(character: Character) -> Any:
    spec = ruleset_for(character).spec
    ident = character.sheet.creation.creed_id
    if spec.hunter is None or ident is None:
        return None
    return next((c for c in spec.hunter.creeds if ident in (c.id, c.name)), None)


@register_exporter
class FoundryExporter(Exporter):
    name = "foundry"
    media_type = "application/json"
    extension = "foundry.json"
    description = "Foundry VTT actor for the World of Darkness 5e system (Import Data)"

    def render(self, character: Character, notes: Notes) -> bytes:
        return dumps(self.actor(character, notes))

    def actor(self, character: Character, notes: Notes) -> dict[str, Any]:
        view = sheet_view(character, notes)
        sheet = character.sheet
        cls = character.character_class
        actor_type = lookup("foundry", "actor_types", cls.value)
        init = table("foundry")["actor_initial"]
        trackers = ruleset_for(character, notes).spec.derived.trackers
        items = _Items(character)

        attributes = {}
        for name in table("foundry")["attributes"]:
            attributes[lookup("foundry", "attributes", name)] = {
                "value": int(sheet.attributes.get(name, 0)),
                "active": False,
            }
        for name in sorted(set(sheet.attributes) - set(table("foundry")["attributes"])):
            notes.warn(f"attribute {name!r} has no wod5e key; left out of the actor")

        skills: dict[str, dict[str, Any]] = {}
        for name in table("foundry")["skills"]:
            skills[lookup("foundry", "skills", name)] = {
                "value": int(sheet.skills.get(name, 0)),
                "active": False,
                "description": "",
                "macroid": "",
                "bonuses": [],
            }
        for name in sorted(set(sheet.skills) - set(table("foundry")["skills"])):
            notes.warn(f"skill {name!r} has no wod5e key; left out of the actor")
        for spec in sheet.specialties:
            key = maybe("foundry", "skills", spec.skill)
            if key is None:
                notes.warn(f"specialty {spec.skill} ({spec.name}) has no wod5e skill; left out")
                continue
            skills[key]["bonuses"].append(
                {
                    "source": spec.name,
                    "value": 1,
                    "paths": [f"skills.{key}"],
                    "displayWhenInactive": True,
                    "activeWhen": {"check": "never"},
                }
            )

        d = sheet.derived
        system: dict[str, Any] = {
            "locked": init["locked"],
            "group": init["group"],
            "hasSkillAttributeData": init["hasSkillAttributeData"],
            "bio": {
                "age": {
                    "trueage": str(character.age),
                    "apparent": str(character.apparent_age or ""),
                },
                "dateof": {"birth": "", "death": ""},
                "history": "",
            },
            "headers": {
                "concept": character.concept_name,
                "chronicle": "",
                "ambition": "",
                "desire": "",
                "touchstones": "",
                "tenets": "",
                "sire": "",
                "generation": "",
                "domitor": "",
                "creedfields": "",
                "cellname": "",
            },
            "experiences": _experiences(character),
            "exp": {"value": 0, "max": 0},
            "derivedXP": {
                "totalXP": character.experience.budget,
                "remainingXP": character.experience.budget - character.experience.spent,
            },
            "health": {"aggravated": 0, "superficial": 0, "max": d.health, "value": d.health},
            "willpower": {
                "aggravated": 0,
                "superficial": 0,
                "max": d.willpower,
                "value": d.willpower,
            },
            "attributes": attributes,
            "skills": skills,
            "settings": {
                "headerbg": "",
                "background": "",
                "limited": dict(init["limited"]),
                "skillAttributeInputs": False,
                "enableGifts": False,
                "enableDisciplines": False,
                "enableEdges": False,
                "generalDifficultyEnabled": True,
            },
            "description": "",
            "notes": "",
            "privatenotes": "",
            "biography": _p(character.biography),
            "appearance": _p(character.appearance),
            "equipment": "",
            "bonuses": {},
            "hunger": {"value": 0, "max": trackers["hunger"].max},
            "humanity": {
                "value": d.humanity if d.humanity is not None else init["humanity_when_none"],
                "stains": 0,
            },
            "blood": {"potency": d.blood_potency or 0, "generation": ""},
            "selectedDiscipline": "",
            "selectedDisciplinePower": "",
            "disciplines": {},
            "crinosHealth": {
                "aggravated": 0,
                "superficial": 0,
                "max": init["crinos_health"],
                "value": init["crinos_health"],
            },
            "balance": {
                "hauglosk": {
                    "value": d.hauglosk if d.hauglosk is not None else init["balance"]["hauglosk"]
                },
                "harano": {
                    "value": d.harano if d.harano is not None else init["balance"]["harano"]
                },
            },
            "rage": {"value": 0, "max": trackers["rage"].max},
            "talismans": [],
            "frenzyActive": False,
            "lostTheWolf": False,
            "activeForm": init["active_form"],
            "renown": {k: {"value": 0} for k in table("foundry")["renown"].values()},
            "forms": {f: {"description": "", "token": {"img": ""}} for f in init["forms"]},
            "selectedGift": "",
            "selectedGiftPower": "",
            "gifts": {},
            "despair": {"value": 0},
            "desperation": {"value": d.desperation or 0},
            "danger": {"value": d.danger or 0, "max": init["danger_max"]},
            "selectedEdge": "",
            "selectedEdgePerk": "",
            "edges": {},
        }
        headers = system["headers"]

        # disciplines and their powers (vampires and ghouls)
        if sheet.disciplines:
            for disc in view["disciplines"]:
                key = maybe("foundry", "disciplines", disc["name"])
                if key is None:
                    notes.warn(
                        f"discipline {disc['name']} has no wod5e key; its dots and powers are "
                        "left out of the actor"
                    )
                    continue
                system["disciplines"][key] = {
                    "description": "",
                    "value": disc["dots"],
                    "powers": [],
                    "visible": True,
                    "selected": False,
                }
                if disc["powers"]:
                    notes.warn(
                        "discipline powers: the ruleset has no rouse-check costs or dice pools "
                        "for them, so the power items carry none (cost 0, empty dice pool)"
                    )
                for power in disc["powers"]:
                    ps = _base_item_system("")
                    ps.update(
                        {
                            "level": power["level"] or 0,
                            "cost": 0,
                            "dicepool": {},
                            "discipline": key,
                            "selected": False,
                        }
                    )
                    items.add("power", power["name"], ps)
        # rituals, ceremonies and formulae as power items of their own category
        for ritual in view["rituals"]:
            key = maybe("foundry", "ritual_disciplines", ritual["discipline"])
            if key is None:
                notes.warn(
                    f"{ritual['label'].lower()} of {ritual['discipline']} have no wod5e "
                    f"category; {ritual['name']} is left out of the actor"
                )
                continue
            system["disciplines"].setdefault(
                key,
                {"description": "", "value": 0, "powers": [], "visible": True, "selected": False},
            )
            rs = _base_item_system("")
            rs.update(
                {
                    "level": ritual["level"],
                    "cost": 0,
                    "dicepool": {},
                    "discipline": key,
                    "selected": False,
                }
            )
            items.add("power", ritual["name"], rs)
        if cls not in (CharacterClass.VAMPIRE, CharacterClass.GHOUL) and sheet.disciplines:
            notes.warn(f"wod5e {actor_type} actors do not show disciplines")

        if cls == CharacterClass.VAMPIRE:
            self._vampire(character, system, items, notes)
        elif cls == CharacterClass.GHOUL:
            domitor = view["domitor_clan"]
            headers["domitor"] = f"A domitor of clan {domitor}" if domitor else ""
            system["hunger"]["value"] = 0
        elif cls == CharacterClass.WEREWOLF:
            self._werewolf(character, view, system, items, notes)
        elif cls == CharacterClass.HUNTER:
            self._hunter(character, system, items, notes)

        # merits, backgrounds and flaws as feature items with points
        for a in sheet.advantages:
            fs = _base_item_system(_p(a.note or ""))
            fs.update(
                {
                    "uses": {"current": 0, "max": 0, "enabled": False},
                    "points": a.dots,
                    "featuretype": lookup("foundry", "feature_types", a.kind),
                }
            )
            items.add("feature", a.name, fs)
        for f in sheet.flaws:
            fs = _base_item_system(_p(f.note or ""))
            fs.update(
                {
                    "uses": {"current": 0, "max": 0, "enabled": False},
                    "points": f.dots,
                    "featuretype": lookup("foundry", "feature_types", "flaw"),
                }
            )
            items.add("feature", f.name, fs)

        notes_html = [
            f"<p><strong>Demeanor</strong> {html.escape(character.demeanor)} · "
            f"<strong>Nature</strong> {html.escape(character.nature)}</p>",
            f"<p><strong>Personality</strong> {html.escape(', '.join(character.personality))}</p>",
            f"<blockquote>{html.escape(character.quote)}</blockquote>",
        ]
        if cls == CharacterClass.WEREWOLF and character.werewolf_attributes:
            pack = character.werewolf_attributes.pack_name
            if pack:
                notes_html.append(f"<p><strong>Pack</strong> {html.escape(pack)}</p>")
                notes.warn(
                    "pack name: the wod5e werewolf actor has no pack field (packs are group "
                    "actors); written into the notes"
                )
        notes_html.append(f"<p><em>{html.escape(provenance_line(character))}</em></p>")
        system["notes"] = "".join(notes_html)

        return {
            "name": character.name_full,
            "type": actor_type,
            "img": table("foundry")["actor_image"],
            "system": system,
            "prototypeToken": {"name": character.name, "actorLink": True},
            "items": items.items,
            "effects": [],
            "flags": {"personae": provenance(character)},
            "_stats": {
                "systemId": table("foundry")["target"]["system_id"],
                "systemVersion": table("foundry")["target"]["system_version"],
            },
        }

    def _vampire(
        self, character: Character, system: dict[str, Any], items: _Items, notes: Notes
    ) -> None:
        va = character.vampire_attributes
        d = character.sheet.derived
        headers = system["headers"]
        hunger = ruleset_for(character).spec.derived.trackers["hunger"]
        system["hunger"]["value"] = hunger.start or 0
        if va is None:
            return
        generation = str(va.generation) if va.generation else ""
        headers["generation"] = generation
        headers["sire"] = va.sire or ""
        system["blood"] = {
            "potency": va.blood_potency if va.blood_potency is not None else d.blood_potency or 0,
            "generation": generation,
        }
        clan_name = maybe("foundry", "clans", va.clan_id)
        if clan_name is None:
            notes.warn(
                f"clan id {va.clan_id!r} has no entry in the wod5e clan table; named "
                f"{va.clan_name!r}"
            )
            clan_name = va.clan_name
        description = []
        clan_disciplines = _clan_disciplines(character)
        if clan_disciplines:
            description.append(
                f"<p><strong>Clan disciplines:</strong> {html.escape(clan_disciplines)}</p>"
            )
        if va.compulsion:
            description.append(
                f"<p><strong>Compulsion: {html.escape(va.compulsion.name)}.</strong> "
                f"{html.escape(va.compulsion.description)}</p>"
            )
        cs = _base_item_system("".join(description))
        bane = ""
        if va.bane:
            severity = f" (severity {d.bane_severity})" if d.bane_severity is not None else ""
            bane = (
                f"<p><strong>{html.escape(va.bane.name)}{severity}.</strong> "
                f"{html.escape(va.bane.description)}</p>"
            )
        cs["bane"] = bane
        items.add("clan", clan_name, cs)
        if va.predator_type:
            ps = _base_item_system(_p(_predator_summary(character)))
            ps["dicepool"] = {}
            items.add("predatorType", va.predator_type, ps)

    def _werewolf(
        self,
        character: Character,
        view: dict[str, Any],
        system: dict[str, Any],
        items: _Items,
        notes: Notes,
    ) -> None:
        sheet = character.sheet
        wa = character.werewolf_attributes
        system["rage"]["value"] = sheet.derived.rage or 0
        for name, dots in sheet.renown.items():
            key = maybe("foundry", "renown", name)
            if key is None:
                notes.warn(f"renown {name!r} has no wod5e key; left out")
                continue
            system["renown"][key] = {"value": dots}
        if wa is None:
            return
        tribe_key = maybe("foundry", "tribes", wa.tribe_id)
        auspice_key = maybe("foundry", "auspices", wa.auspice_id)
        tribe = view["tribe"] or {}
        auspice = view["auspice"] or {}
        ts = _base_item_system(_p(tribe.get("description", "")))
        ts["patronSpirit"] = {
            "name": tribe.get("patron", ""),
            "description": "",
            "favor": _p(tribe.get("favor", "")),
            "ban": _p(tribe.get("ban", "")),
        }
        items.add("tribe", wa.tribe_name, ts)
        moon = auspice.get("moon", "")
        items.add(
            "auspice",
            wa.auspice_name,
            _base_item_system(
                _p(": ".join(x for x in (moon, auspice.get("description", "")) if x))
            ),
        )
        used: list[str] = []
        for gift in sheet.gifts:
            if gift.source == "native":
                gtype = lookup("foundry", "gift_types", "native")
            elif gift.source == "tribe":
                gtype = tribe_key
            else:
                gtype = auspice_key
            if gtype is None:
                notes.warn(
                    f"gift {gift.name}: its {gift.source} has no wod5e gift type; "
                    "filed under native"
                )
                gtype = lookup("foundry", "gift_types", "native")
            renown = maybe("foundry", "renown", gift.renown) or ""
            gs = _base_item_system("")
            gs.update(
                {
                    "level": 0,
                    "cost": 0,
                    "willpowercost": 0,
                    "dicepool": {},
                    "giftType": gtype,
                    "renown": renown,
                    "selected": False,
                }
            )
            items.add("gift", gift.name, gs)
            if gtype not in used:
                used.append(gtype)
        rite_type = lookup("foundry", "gift_types", "rite")
        for rite in sheet.rites:
            gs = _base_item_system("")
            gs.update(
                {
                    "level": 0,
                    "cost": 0,
                    "willpowercost": 0,
                    "dicepool": {},
                    "giftType": rite_type,
                    "renown": "",
                    "selected": False,
                }
            )
            items.add("gift", rite, gs)
            if rite_type not in used:
                used.append(rite_type)
        for key in used:
            system["gifts"][key] = {
                "description": "",
                "value": 0,
                "powers": [],
                "visible": True,
                "selected": False,
            }

    def _hunter(
        self, character: Character, system: dict[str, Any], items: _Items, notes: Notes
    ) -> None:
        ha = character.hunter_attributes
        sheet = character.sheet
        if ha is not None:
            system["headers"]["cellname"] = ha.cell_name or ""
            creed = _creed(character)
            items.add(
                "creed",
                ha.creed,
                _base_item_system(_p(creed.description if creed else ""))
                | {
                    "edges": ", ".join(creed.suggested_edges) if creed else "",
                    "drives": ", ".join(creed.drives) if creed else "",
                    "desperationFields": "",
                },
            )
            if ha.drive:
                items.add("drive", ha.drive, _base_item_system("") | {"redemption": ""})
        for edge in sheet.edges:
            key = maybe("foundry", "edges", edge.name)
            if key is None:
                notes.warn(f"edge {edge.name} has no wod5e key; it and its perks are left out")
                continue
            system["edges"][key] = {
                "description": "",
                "value": 0,
                "perks": [],
                "pools": [],
                "visible": True,
                "selected": False,
            }
            for perk in edge.perks:
                items.add("perk", perk, _base_item_system("") | {"edge": key, "selected": False})
