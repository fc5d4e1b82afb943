"""`inconnu`: the character-creation body of Inconnu, the V5 Discord bot (its web wizard):
name, splat, trackers, convictions, biography, description and traits with subtraits."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from ...character import Character
from ...enums import CharacterClass
from ..base import Exporter, Notes, register_exporter
from ..data import dumps, lookup, maybe, provenance, table

_WORD = re.compile(r"[A-Za-z]+")


def identifier(text: str, limit: int) -> str:
    """`Lock Picking` -> `Lock_Picking`: letters and underscores, at most `limit` long."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    words = _WORD.findall(re.sub(r"['’]", "", plain))
    return "_".join(w[:1].upper() + w[1:] for w in words)[:limit]


def _lossless(original: str, ident: str) -> bool:
    """Whether `ident` keeps every letter of `original` (spaces and punctuation aside)."""
    plain = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode("ascii")
    letters = "".join(_WORD.findall(plain)).lower()
    return letters == ident.replace("_", "").lower() and not re.search(r"\d", original)


class _Traits:
    def __init__(self, notes: Notes) -> None:
        self.notes = notes
        self.items: list[dict[str, Any]] = []
        self.used: set[str] = set()
        self.limit = int(table("inconnu")["limits"]["trait"])
        self.reserved = {r.casefold() for r in table("inconnu")["reserved_traits"]}

    def name(self, wanted: str, original: str) -> str:
        base = identifier(wanted, self.limit) or "Trait"
        if base.casefold() in self.reserved:
            base = (base + "_Trait")[: self.limit]
        candidate, n = base, 2
        while candidate.casefold() in self.used:
            suffix = "_" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[(n - 2) % 26]
            candidate = base[: self.limit - len(suffix)] + suffix
            n += 1
        if candidate != identifier(wanted, 10_000) or not _lossless(wanted, candidate):
            self.notes.warn(f"Inconnu: trait {original!r} written as {candidate!r}")
        self.used.add(candidate.casefold())
        return candidate

    def subtraits(self, owner: str, names: list[str]) -> list[str]:
        out: list[str] = []
        seen: set[str] = set()
        for n in names:
            ident = identifier(n, self.limit)
            if not ident:
                self.notes.warn(f"Inconnu: {owner} {n!r} has no letters and was left out")
                continue
            if not _lossless(n, ident):
                self.notes.warn(f"Inconnu: {owner} {n!r} written as {ident!r}")
            if ident.casefold() in seen:
                self.notes.warn(f"Inconnu: {owner} {n!r} repeats {ident!r}; kept once")
                continue
            seen.add(ident.casefold())
            out.append(ident)
        return out

    def add(self, name: str, original: str, rating: int, kind: str, subs: list[str]) -> None:
        self.items.append(
            {
                "name": self.name(name, original),
                "rating": rating,
                "type": kind,
                "subtraits": self.subtraits(original, subs),
            }
        )


def _clamp(notes: Notes, label: str, value: int, bounds: list[int]) -> int:
    low, high = bounds
    if value < low or value > high:
        clamped = max(low, min(high, value))
        notes.warn(f"Inconnu: {label} {value} is outside {low}-{high}; written as {clamped}")
        return clamped
    return value


def _text(notes: Notes, label: str, text: str) -> str:
    limit = int(table("inconnu")["limits"]["text"])
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0] + "…"
    notes.warn(f"Inconnu: {label} is longer than {limit} characters; shortened")
    return cut


def _name(notes: Notes, character: Character) -> str:
    limit = int(table("inconnu")["limits"]["name"])
    for candidate in (character.name_full, character.name, character.name_first):
        clean = " ".join(re.sub(r"[^\w\s'-]", " ", candidate).split())
        if clean and len(clean) <= limit:
            if candidate != character.name_full:
                notes.warn(f"Inconnu: names are at most {limit} characters; written as {clean!r}")
            return clean
    notes.warn(f"Inconnu: name shortened to {limit} characters")
    return " ".join(re.sub(r"[^\w\s'-]", " ", character.name).split())[:limit].strip()


def inconnu_body(character: Character, notes: Notes) -> dict[str, Any]:
    conf = table("inconnu")
    limits = conf["limits"]
    sheet = character.sheet
    cls = character.character_class
    va = character.vampire_attributes
    splat = lookup("inconnu", "splats", cls.value)
    if va is not None and va.clan_id in conf["thin_blood_clans"]:
        splat = "thin-blood"
    if cls in (CharacterClass.WEREWOLF, CharacterClass.HUNTER):
        notes.warn(
            f"Inconnu has no {cls.value.lower()} splat: exported as a mortal, with the "
            f"{cls.value.lower()}'s own traits as custom traits"
        )

    traits = _Traits(notes)
    for name, value in sheet.attributes.items():
        target = maybe("inconnu", "attributes", name) or name
        traits.add(target, name, value, "attribute", [])
    specialties: dict[str, list[str]] = {}
    for s in sheet.specialties:
        specialties.setdefault(s.skill, []).append(s.name)
    for name, value in sheet.skills.items():
        if value <= 0 and not specialties.get(name):
            continue
        target = maybe("inconnu", "skills", name) or name
        traits.add(target, name, value, "skill", specialties.get(name, []))
    for name, value in sorted(sheet.disciplines.items()):
        target = maybe("inconnu", "disciplines", name)
        if target is None:
            notes.warn(f"Inconnu: discipline {name} has no Inconnu name; added as written")
            target = name
        learned = [r.name for r in sheet.rituals if r.discipline == name]
        traits.add(target, name, value, "discipline", sheet.powers.get(name, []) + learned)
    custom = conf["custom"]
    for a in sheet.advantages:
        traits.add(a.name, a.name, a.dots, "custom", [])
    for f in sheet.flaws:
        traits.add(f.name, f.name, f.dots, "custom", [])
    d = sheet.derived
    if cls == CharacterClass.WEREWOLF:
        traits.add(custom["rage"], custom["rage"], d.rage or 0, "custom", [])
        for name, value in sheet.renown.items():
            traits.add(name, name, value, "custom", [])
        if sheet.gifts:
            traits.add(
                custom["gifts"],
                custom["gifts"],
                len(sheet.gifts),
                "custom",
                [g.name for g in sheet.gifts],
            )
        if sheet.rites:
            traits.add(
                custom["rites"], custom["rites"], len(sheet.rites), "custom", list(sheet.rites)
            )
    if cls == CharacterClass.HUNTER:
        traits.add(custom["desperation"], custom["desperation"], d.desperation or 0, "custom", [])
        traits.add(custom["danger"], custom["danger"], d.danger or 0, "custom", [])
        for e in sheet.edges:
            traits.add(e.name, e.name, len(e.perks), "custom", list(e.perks))

    humanity = d.humanity
    if humanity is None:
        humanity = int(conf["humanity_when_none"])
        notes.warn(f"Inconnu: a {cls.value.lower()} has no Humanity; written as {humanity}")
    potency = d.blood_potency or 0
    if va is not None and va.blood_potency is not None:
        potency = va.blood_potency
    bio_lines: list[str] = []
    if va is not None:
        bio_lines.append(f"Clan: {va.clan_name}")
        if va.predator_type:
            bio_lines.append(f"Predator Type: {va.predator_type}")
        if va.sire:
            bio_lines.append(f"Sire: {va.sire}")
        if va.generation:
            bio_lines.append(f"Generation: {va.generation}")
        if va.bane:
            bio_lines.append(f"Bane: {va.bane.name}. {va.bane.description}")
        if va.compulsion:
            bio_lines.append(f"Compulsion: {va.compulsion.name}. {va.compulsion.description}")
    wa, ha = character.werewolf_attributes, character.hunter_attributes
    if wa is not None:
        bio_lines.append(f"Tribe: {wa.tribe_name}; Auspice: {wa.auspice_name}")
        if wa.pack_name:
            bio_lines.append(f"Pack: {wa.pack_name}")
    if ha is not None:
        bio_lines.append(f"Creed: {ha.creed}" + (f"; Drive: {ha.drive}" if ha.drive else ""))
        if ha.cell_name:
            bio_lines.append(f"Cell: {ha.cell_name}")
    bio_lines.append(
        f"Concept: {character.concept_name}; Demeanor: {character.demeanor}; "
        f"Nature: {character.nature}"
    )
    biography = "\n".join(bio_lines) + "\n\n" + character.biography
    bounds = limits["blood_potency"][splat]
    return {
        "name": _name(notes, character),
        "splat": splat,
        "health": _clamp(notes, "health", d.health, limits["health"]),
        "willpower": _clamp(notes, "willpower", d.willpower, limits["willpower"]),
        "humanity": _clamp(notes, "humanity", humanity, limits["humanity"]),
        "blood_potency": _clamp(notes, "blood potency", potency, bounds),
        "convictions": [],
        "biography": _text(notes, "biography", biography),
        "description": _text(notes, "description", character.appearance),
        "traits": traits.items,
        "personae": provenance(character),
    }


@register_exporter
class InconnuExporter(Exporter):
    name = "inconnu"
    media_type = "application/json"
    extension = "inconnu.json"
    description = "Inconnu (V5 Discord bot) character-creation JSON"

    def render(self, character: Character, notes: Notes) -> bytes:
        body = inconnu_body(character, notes)
        notes.warn(
            "Inconnu: the experience ledger and the narrative's personality and quote have no "
            "field; biography and description carry the rest"
        )
        return dumps(body)
