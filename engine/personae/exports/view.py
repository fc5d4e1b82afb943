"""A neutral, template-friendly reading of a Character: trait groups in the ruleset's
order, class-specific blocks, trackers, narrative, ledger and provenance. The sheet, the
cards, the elizaOS file and the PDF are all written from this one view."""

from __future__ import annotations

from typing import Any

from ..character import Character
from ..enums import CharacterClass
from ..narrative.rules import plural_verbs
from ..narrative.rules import pronouns as narrative_pronouns
from .base import Notes
from .data import provenance, provenance_line, ruleset_for, table


def pronouns(gender: str) -> dict[str, Any]:
    """The character's pronouns (the one table, data/narrative.yaml) with the capitalised
    forms a sentence opens with."""
    entry: dict[str, Any] = dict(narrative_pronouns(gender))
    entry["plural"] = plural_verbs(gender)
    entry["Subject"] = entry["subject"].capitalize()
    entry["Possessive"] = entry["possessive"].capitalize()
    return entry


def class_label(character: Character) -> str:
    return str(table("text")["class_labels"][character.character_class.value])


def _groups(groups: dict[str, list[str]], values: dict[str, int], top: int) -> list[dict]:
    return [
        {
            "name": group,
            "traits": [{"name": n, "dots": int(values.get(n, 0)), "max": top} for n in names],
        }
        for group, names in groups.items()
    ]


def sheet_view(character: Character, notes: Notes | None = None) -> dict[str, Any]:
    """Everything a human-facing export shows, already ordered and labelled."""
    notes = notes if notes is not None else Notes()
    rules = ruleset_for(character, notes)
    spec = rules.spec
    sheet = character.sheet
    cls = character.character_class
    words = table("text")

    specialties: dict[str, list[str]] = {}
    for s in sheet.specialties:
        specialties.setdefault(s.skill, []).append(s.name)

    attributes = _groups(spec.attributes.groups, sheet.attributes, spec.attributes.max)
    known_attributes = {t["name"] for g in attributes for t in g["traits"]}
    odd = sorted(set(sheet.attributes) - known_attributes)
    if odd:
        notes.warn(
            f"attributes {', '.join(odd)} are not in the ruleset's groups; shown under Other"
        )
        attributes.append(
            {
                "name": "Other",
                "traits": [
                    {"name": n, "dots": sheet.attributes[n], "max": spec.attributes.max}
                    for n in odd
                ],
            }
        )
    skills = _groups(spec.skills.groups, sheet.skills, spec.skills.max)
    known_skills = {t["name"] for g in skills for t in g["traits"]}
    for group in skills:
        for trait in group["traits"]:
            trait["specialties"] = specialties.get(trait["name"], [])
    for name in sorted(set(sheet.skills) - known_skills):
        notes.warn(f"skill {name!r} is not in the ruleset's skill groups; shown under Other")
    extra = sorted(set(sheet.skills) - known_skills)
    if extra:
        skills.append(
            {
                "name": "Other",
                "traits": [
                    {
                        "name": n,
                        "dots": sheet.skills[n],
                        "max": spec.skills.max,
                        "specialties": specialties.get(n, []),
                    }
                    for n in extra
                ],
            }
        )

    identity: list[dict[str, str]] = []

    def ident(label_key: str, value: Any) -> None:
        if value not in (None, ""):
            identity.append({"label": words["labels"][label_key], "value": str(value)})

    ident("concept", character.concept_name)
    disciplines: list[dict[str, Any]] = []
    if sheet.disciplines:
        levels: dict[str, dict[str, int]] = {}
        if spec.vampire is not None:
            levels = {d.name: {p.name: p.level for p in d.powers} for d in spec.vampire.disciplines}
        top = spec.vampire.discipline_max if spec.vampire is not None else 5
        for name in sorted(sheet.disciplines):
            powers = [
                {"name": p, "level": levels.get(name, {}).get(p)}
                for p in sheet.powers.get(name, [])
            ]
            powers.sort(key=lambda p: (p["level"] or 0, p["name"]))
            disciplines.append(
                {"name": name, "dots": sheet.disciplines[name], "max": top, "powers": powers}
            )

    va, wa, ha = (
        character.vampire_attributes,
        character.werewolf_attributes,
        (character.hunter_attributes),
    )
    creation = sheet.creation
    tribe = auspice = creed = None
    if cls == CharacterClass.VAMPIRE and va is not None:
        ident("clan", va.clan_name)
        ident("generation", _ordinal(va.generation) if va.generation else None)
        ident("sire", va.sire)
        ident("predator", va.predator_type)
    domitor_clan = None
    if cls == CharacterClass.GHOUL and creation.domitor_clan_id and spec.vampire is not None:
        found = _find(spec.vampire.clans, creation.domitor_clan_id)
        domitor_clan = found.name if found else creation.domitor_clan_id
        ident("domitor_clan", domitor_clan)
    if cls == CharacterClass.WEREWOLF and wa is not None:
        tribe = _find(spec.werewolf.tribes if spec.werewolf else [], wa.tribe_id)
        auspice = _find(spec.werewolf.auspices if spec.werewolf else [], wa.auspice_id)
        ident("tribe", wa.tribe_name)
        ident("auspice", wa.auspice_name + (f" ({auspice.moon})" if auspice else ""))
        ident("patron", tribe.patron if tribe else None)
        ident("pack", wa.pack_name)
    if cls == CharacterClass.HUNTER and ha is not None:
        creed = _find(spec.hunter.creeds if spec.hunter else [], creation.creed_id or "")
        ident("creed", ha.creed)
        ident("drive", ha.drive)
        ident("cell", ha.cell_name)

    labels = words["ritual_labels"]
    rituals = [
        {
            "discipline": r.discipline,
            "name": r.name,
            "level": r.level,
            "label": labels.get(r.discipline, words["ritual_label_default"]),
        }
        for r in sorted(sheet.rituals, key=lambda r: (r.discipline, r.level, r.name))
    ]
    ritual_groups: list[dict[str, Any]] = []
    for r in rituals:
        if not ritual_groups or ritual_groups[-1]["discipline"] != r["discipline"]:
            ritual_groups.append({"discipline": r["discipline"], "label": r["label"], "items": []})
        ritual_groups[-1]["items"].append(r)
    _warn_unknown_fields(character, notes)

    renown_top = spec.werewolf.renown_max if spec.werewolf is not None else 5
    renown = [{"name": k, "dots": v, "max": renown_top} for k, v in sheet.renown.items()]
    gift_labels = words["gift_sources"]
    gifts = [
        {"name": g.name, "source": gift_labels.get(g.source, g.source), "renown": g.renown}
        for g in sheet.gifts
    ]
    edge_types = {e.name: e.type for e in spec.hunter.edges} if spec.hunter else {}
    edges = [
        {"name": e.name, "type": edge_types.get(e.name, ""), "perks": list(e.perks)}
        for e in sheet.edges
    ]

    d = sheet.derived
    trackers: list[dict[str, Any]] = [
        {"key": "health", "label": words["labels"]["health"], "value": d.health, "boxes": True},
        {
            "key": "willpower",
            "label": words["labels"]["willpower"],
            "value": d.willpower,
            "boxes": True,
        },
    ]
    track = rules.spec.derived.trackers
    for key in (
        "humanity",
        "blood_potency",
        "bane_severity",
        "rage",
        "harano",
        "hauglosk",
        "desperation",
        "danger",
    ):
        value = getattr(d, key)
        if value is None or key not in words["labels"]:
            continue
        if key in ("bane_severity",) and cls != CharacterClass.VAMPIRE:
            continue
        trackers.append(
            {
                "key": key,
                "label": words["labels"][key],
                "value": value,
                "max": track[key].max,
                "boxes": False,
            }
        )
    if cls == CharacterClass.VAMPIRE:
        trackers.append(
            {
                "key": "hunger",
                "label": words["labels"]["hunger"],
                "value": track["hunger"].start or 0,
                "max": track["hunger"].max,
                "boxes": False,
            }
        )

    bane = compulsion = None
    if va is not None:
        bane = {"name": va.bane.name, "description": va.bane.description} if va.bane else None
        compulsion = (
            {"name": va.compulsion.name, "description": va.compulsion.description}
            if va.compulsion
            else None
        )

    pro = pronouns(character.gender)
    return {
        "id": character.id,
        "name": character.name,
        "name_full": character.name_full,
        "first_name": character.name_first,
        "nickname": character.name_nick,
        "class": cls.value,
        "class_label": class_label(character),
        "type": character.type.value,
        "type_label": words["type_labels"].get(character.type.value, character.type.value),
        "status": character.status.value,
        "concept": character.concept_name,
        "concept_description": _concept_description(rules, character.concept_id),
        "gender": character.gender,
        "pronouns": pro,
        "age": character.age,
        "apparent_age": character.apparent_age,
        "identity": identity,
        "attributes": attributes,
        "skills": skills,
        "disciplines": disciplines,
        "renown": renown,
        "total_renown": wa.total_renown if wa else None,
        "gifts": gifts,
        "rites": list(sheet.rites),
        "rituals": rituals,
        "ritual_groups": ritual_groups,
        "edges": edges,
        "merits": [
            {"name": a.name, "kind": a.kind, "dots": a.dots, "note": a.note or ""}
            for a in sheet.advantages
        ],
        "flaws": [{"name": f.name, "dots": f.dots, "note": f.note or ""} for f in sheet.flaws],
        "trackers": trackers,
        "bane": bane,
        "compulsion": compulsion,
        "clan": va.clan_name if va else None,
        "domitor_clan": domitor_clan,
        "sire": va.sire if va else None,
        "predator_type": va.predator_type if va else None,
        "generation": va.generation if va else None,
        "tribe": (
            {
                "name": wa.tribe_name,
                "patron": tribe.patron if tribe else "",
                "ban": creation.patron_ban or "",
                "favor": creation.patron_favor or "",
                "description": tribe.description if tribe else "",
                "renown": tribe.renown if tribe else "",
            }
            if wa
            else None
        ),
        "auspice": (
            {
                "name": wa.auspice_name,
                "moon": auspice.moon if auspice else "",
                "description": auspice.description if auspice else "",
            }
            if wa
            else None
        ),
        "pack": wa.pack_name if wa else None,
        "creed": (
            {"name": ha.creed, "description": creed.description if creed else ""} if ha else None
        ),
        "drive": ha.drive if ha else None,
        "cell": ha.cell_name if ha else None,
        "appearance": character.appearance,
        "biography": character.biography,
        "personality": list(character.personality),
        "demeanor": character.demeanor,
        "nature": character.nature,
        "quote": character.quote,
        "xp": {
            "level": character.experience.level,
            "budget": character.experience.budget,
            "spent": character.experience.spent,
            "remaining": character.experience.budget - character.experience.spent,
            "ledger": [
                {
                    "trait": p.trait,
                    "category": p.category,
                    "from": p.from_,
                    "to": p.to,
                    "cost": p.cost,
                }
                for p in character.experience.ledger
            ],
        },
        "provenance": provenance(character),
        "provenance_line": provenance_line(character),
    }


# Every field of the sheet this view shows; a field added to the model later is reported
# as not exported (never dropped silently) until the exports learn it.
KNOWN_SHEET_FIELDS = frozenset(
    {
        "attributes",
        "skills",
        "specialties",
        "disciplines",
        "powers",
        "advantages",
        "flaws",
        "renown",
        "gifts",
        "rites",
        "rituals",
        "edges",
        "derived",
        "creation",
    }
)
KNOWN_DERIVED_FIELDS = frozenset(
    {
        "health",
        "willpower",
        "humanity",
        "blood_potency",
        "generation",
        "bane_severity",
        "rage",
        "desperation",
        "danger",
        "harano",
        "hauglosk",
    }
)


def _warn_unknown_fields(character: Character, notes: Notes) -> None:
    sheet = character.sheet
    for name in type(sheet).model_fields:
        if name not in KNOWN_SHEET_FIELDS and getattr(sheet, name):
            notes.warn(f"sheet field {name!r} is not part of this export")
    for name in type(sheet.derived).model_fields:
        if name not in KNOWN_DERIVED_FIELDS and getattr(sheet.derived, name) is not None:
            notes.warn(f"derived trait {name!r} is not part of this export")
    for key in sorted(getattr(sheet.creation, "extra", {}) or {}):
        notes.warn(f"creation choice {key!r} is not part of this export")


def _find(items: list[Any], ident: str) -> Any:
    for item in items:
        if item.id == ident or item.name == ident:
            return item
    return None


def _concept_description(rules: Any, concept_id: str) -> str:
    for c in rules.spec.concepts:
        if c.id == concept_id:
            return str(c.description)
    return ""


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
