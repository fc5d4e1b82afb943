"""The `rules` backend: no model, names and prose from data/ pools and prompts/ templates."""

from __future__ import annotations

import random
from typing import Any

from ..pools import pool
from ..prompts import render
from ..seeding import stage_rng
from .base import Narrative, NarrativeBackend, NarrativeFacts, register_backend

_PRONOUNS = {"female": ("she", "her"), "male": ("he", "his"), "nonbinary": ("they", "their")}
_PLURAL = {"is": "are", "has": "have"}
_NAME_ATTEMPTS = 50


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def pick_name(rng: random.Random, taken: set[str]) -> tuple[str, str]:
    """A first and last name, mostly from one culture, unique against `taken`."""
    cultures = pool("names")["cultures"]
    keys = sorted(cultures)
    mix = pool("narrative")["mixed_culture_chance"]
    for _ in range(_NAME_ATTEMPTS):
        home = cultures[rng.choice(keys)]
        other = cultures[rng.choice(keys)] if rng.random() < mix else home
        first, last = rng.choice(home["first"]), rng.choice(other["last"])
        if first != last and f"{first} {last}" not in taken:
            return first, last
    all_first = sorted({n for c in cultures.values() for n in c["first"]})
    all_last = sorted({n for c in cultures.values() for n in c["last"]})
    for first in all_first:
        for last in all_last:
            if f"{first} {last}" not in taken:
                return first, last
    raise RuntimeError("every name in data/names.yaml is taken in this campaign")


class RulesBackend(NarrativeBackend):
    name = "rules"

    def narrate(self, facts: NarrativeFacts, seed: int, taken_names: set[str]) -> Narrative:
        rng = stage_rng(seed, "narrative")
        words = pool("narrative")
        first, last = pick_name(rng, taken_names)
        has_nick = rng.random() < words["nickname_chance"]
        nick = rng.choice(pool("names")["nicknames"]) if has_nick else None
        gender = rng.choice(sorted(_PRONOUNS))
        low, high = words["ages"].get(facts.character_class, words["ages"]["default"])
        age = rng.randint(low, high)
        apparent = None
        if facts.character_class == "VAMPIRE" and facts.vampire_tier and not facts.thin_blood:
            apparent = age
            years = words["undead_years"][facts.vampire_tier]
            age = apparent + rng.randint(years[0], years[1])
        demeanor, nature = rng.sample(words["archetypes"], 2)
        look = words["appearance"]
        appearance = (
            f"{_article(b := rng.choice(look['build'])).capitalize()} {b} figure with "
            f"{rng.choice(look['hair'])}, {rng.choice(look['feature'])} and "
            f"{rng.choice(look['clothes'])}."
        )
        personality = rng.sample(words["personality"], 3)
        sire = pack = cell = None
        if facts.character_class in ("VAMPIRE", "GHOUL") and not facts.thin_blood:
            sire = " ".join(pick_name(rng, taken_names | {f"{first} {last}"}))
        if facts.character_class == "WEREWOLF":
            parts = words["pack_name"]
            pack = f"{rng.choice(parts['first'])} {rng.choice(parts['second'])}"
        if facts.character_class == "HUNTER":
            parts = words["cell_name"]
            cell = f"the {rng.choice(parts['first'])} {rng.choice(parts['second'])}"
        quotes = words["quotes"]["any"] + words["quotes"].get(facts.character_class, [])
        biography = self.biography(facts, rng, first, gender, sire, pack, cell)
        fields = [
            "name_first",
            "name_last",
            "name_nick",
            "age",
            "demeanor",
            "nature",
            "appearance",
            "personality",
            "biography",
            "quote",
            "sire",
            "pack_name",
            "cell_name",
        ]
        return Narrative(
            name_first=first,
            name_last=last,
            name_nick=nick,
            gender=gender,
            age=age,
            apparent_age=apparent,
            demeanor=demeanor,
            nature=nature,
            appearance=appearance,
            personality=personality,
            biography=biography,
            quote=rng.choice(quotes),
            sire=sire,
            pack_name=pack,
            cell_name=cell,
            sources=dict.fromkeys(fields, "rules"),
        )

    @staticmethod
    def biography(
        facts: NarrativeFacts,
        rng: random.Random,
        first: str,
        gender: str,
        sire: str | None,
        pack: str | None,
        cell: str | None,
    ) -> str:
        pronoun, possessive = _PRONOUNS[gender]
        plural = pronoun == "they"
        context: dict[str, Any] = {
            "name": first,
            "pronoun": pronoun,
            "possessive": possessive,
            "choose": lambda items: items[rng.randrange(len(items))],
            "maybe": lambda: rng.random() < 0.5,
            "cap": lambda s: s[:1].upper() + s[1:],
            "v": lambda verb: (
                _PLURAL.get(verb, verb[:-1] if verb.endswith("s") else verb) if plural else verb
            ),
            "character_class": facts.character_class,
            "concept": facts.concept,
            "concept_article": _article(facts.concept),
            "concept_blurb": facts.concept_blurb,
            "clan": facts.clan or "",
            "thin_blood": facts.thin_blood,
            "sire": sire or "",
            "predator": facts.predator_type or "",
            "predator_article": _article(facts.predator_type or "x"),
            "predator_hint": _predator_hint(facts.predator_type),
            "tribe": facts.tribe or "",
            "patron": facts.tribe_patron or "",
            "auspice": facts.auspice or "",
            "auspice_article": _article(facts.auspice or "x"),
            "moon": facts.auspice_moon or "",
            "pack_name": pack or "",
            "creed": facts.creed or "",
            "drive": facts.drive or "",
            "cell_name": cell or "",
            "domitor_clan": facts.domitor_clan or "",
            "top_skills": facts.top_skills[:2],
            "merit": facts.merits[0] if facts.merits else "",
            "flaw": facts.flaws[0] if facts.flaws else "",
        }
        return render("rules_biography.j2", **context)


def _predator_hint(predator: str | None) -> str:
    hints = pool("narrative").get("predator_hints", {})
    return hints.get(predator or "", "taking what the night offers")


register_backend("rules", RulesBackend)
