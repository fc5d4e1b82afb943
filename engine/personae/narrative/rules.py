"""The `rules` backend: no model, names and prose from data/ pools and prompts/ templates.

It is also every model backend's fallback, field by field, so its text passes the same
checks as a model's: a draw that fails them is drawn again.
"""

from __future__ import annotations

import random
from typing import Any

from ..pools import pool
from ..prompts import render
from ..seeding import stage_rng
from .base import Narrative, NarrativeBackend, NarrativeFacts, register_backend
from .checks import Subject, check_narrative, identity_rivals, proper_words
from .exemplars import exemplar_people, exemplar_texts
from .naming import (
    NameChoice,
    cell_name,
    choose_gender,
    choose_name,
    pack_name,
    rename_narrative,
    sire_name,
)

_DRAWS = 8  # fresh draws of a field whose text fails the checks
PROSE = ("appearance", "biography", "quote")


def article(phrase: str) -> str:
    """`phrase` with "a" or "an" in front."""
    return f"{'an' if phrase[:1].lower() in 'aeiou' else 'a'} {phrase}"


def pronouns(gender: str) -> dict[str, str]:
    """Subject, object, possessive, absolute and reflexive pronouns of a gender
    (data/narrative.yaml: the one pronoun table)."""
    table: dict[str, dict[str, str]] = pool("narrative")["pronouns"]
    return table.get(gender, table["nonbinary"])


def plural_verbs(gender: str) -> bool:
    """Whether the gender's pronoun takes plural verbs ("they are")."""
    table: dict[str, str] = pool("narrative")["verb_number"]
    return table.get(gender, table["nonbinary"]) == "plural"


def agree(verb: str, plural: bool) -> str:
    """A third-person-singular verb ("hunts", "is") in the plural when `plural` ("hunt",
    "are"), irregular forms from data/narrative.yaml."""
    if not plural:
        return verb
    irregular: dict[str, str] = pool("narrative")["plural_verbs"]
    if verb in irregular:
        return irregular[verb]
    if verb.endswith("ies"):
        return verb[:-3] + "y"
    if verb.endswith(("ches", "shes", "sses", "xes", "zes")):
        return verb[:-2]
    return verb[:-1] if verb.endswith("s") else verb


def verb_for(gender: str, verb: str) -> str:
    """Bend a he/she verb form for the gender's pronoun ("hunts" -> "hunt" for "they")."""
    return agree(verb, plural_verbs(gender))


def _predator_hint(predator: str | None) -> str:
    hints: dict[str, str] = pool("narrative").get("predator_hints", {})
    return hints.get(predator or "", "taking what the night offers")


class Identity:
    """Everything decided before any text: gender, names, ages, group names, archetypes."""

    def __init__(self, facts: NarrativeFacts, seed: int) -> None:
        words = pool("narrative")
        self.gender = choose_gender(seed)
        self.name: NameChoice = choose_name(facts, seed, 0, self.gender)
        rng = stage_rng(seed, "narrative", "age")
        low, high = words["ages"].get(facts.character_class, words["ages"]["default"])
        self.age = rng.randint(low, high)
        self.apparent_age: int | None = None
        if facts.character_class == "VAMPIRE" and facts.vampire_tier and not facts.thin_blood:
            self.apparent_age = self.age
            years = words["undead_years"][facts.vampire_tier]
            self.age += rng.randint(years[0], years[1])
        self.demeanor, self.nature = stage_rng(seed, "narrative", "archetype").sample(
            words["archetypes"], 2
        )
        has_sire = facts.character_class in ("VAMPIRE", "GHOUL") and not facts.thin_blood
        self.sire = sire_name(seed, self.name) if has_sire else None
        self.pack = pack_name(seed) if facts.character_class == "WEREWOLF" else None
        self.cell = cell_name(seed) if facts.character_class == "HUNTER" else None

    def fields(self) -> dict[str, Any]:
        return {
            "name_first": self.name.first,
            "name_last": self.name.last,
            "name_nick": self.name.nick,
            "culture": self.name.culture,
            "gender": self.gender,
            "age": self.age,
            "apparent_age": self.apparent_age,
            "demeanor": self.demeanor,
            "nature": self.nature,
            "sire": self.sire,
            "pack_name": self.pack,
            "cell_name": self.cell,
        }

    def subject(self, facts: NarrativeFacts, sources: tuple[str, ...] = ()) -> Subject:
        """What this character's text may say (its names and the sheet's terms)."""
        extra = [self.name.first, self.name.last, self.name.nick, self.sire, self.pack, self.cell]
        allowed = proper_words(facts, extra)
        borrowed = tuple(p for p in exemplar_people() if p not in allowed)
        return Subject(
            gender=self.gender,
            allowed=allowed,
            rivals=identity_rivals(facts) + borrowed,
            sources=sources,
        )


class RulesBackend(NarrativeBackend):
    name = "rules"

    def narrate(self, facts: NarrativeFacts, seed: int, name_variant: int = 0) -> Narrative:
        me = Identity(facts, seed)
        fields = me.fields()
        subject = me.subject(facts, ("", *exemplar_texts()))
        for key in ("personality", *PROSE):
            fields[key] = self.field(key, facts, seed, me, subject, fields)
        narrative = Narrative(
            **{k: v for k, v in fields.items()},
            sources=dict.fromkeys(
                [k for k in fields if k not in ("culture", "gender", "apparent_age")], "rules"
            ),
        )
        return rename_narrative(narrative, facts, seed, name_variant)

    def field(
        self,
        key: str,
        facts: NarrativeFacts,
        seed: int,
        me: Identity,
        subject: Subject,
        others: dict[str, Any],
    ) -> Any:
        """One field, drawn until it passes the checks against the other fields."""
        value: Any = None
        for draw in range(_DRAWS):
            rng = stage_rng(seed, "narrative", key, draw)
            value = self.draw(key, facts, rng, me)
            if not check_narrative({**others, key: value}, facts, subject, only=[key]):
                return value
        raise RuntimeError(f"rules {key} fails the checks {_DRAWS} times; fix data/narrative.yaml")

    @staticmethod
    def draw(key: str, facts: NarrativeFacts, rng: random.Random, me: Identity) -> Any:
        words = pool("narrative")
        if key == "personality":
            return rng.sample(words["personality"], 3)
        if key == "appearance":
            look = words["appearance"]
            build = article(rng.choice(look["build"]))
            return (
                f"{build[0].upper()}{build[1:]} figure with {rng.choice(look['hair'])}, "
                f"{rng.choice(look['feature'])} and {rng.choice(look['clothes'])}."
            )
        if key == "quote":
            lines = words["quotes"]["any"] + words["quotes"].get(facts.character_class, [])
            count = 2 if rng.random() < words["two_line_quote_chance"] else 1
            return " ".join(rng.sample(lines, count))
        return biography(facts, rng, me)


def biography(facts: NarrativeFacts, rng: random.Random, me: Identity) -> str:
    """The rules biography of a character (3 to 5 sentences)."""
    words = pronouns(me.gender)
    slots: dict[str, str] = {
        "name": me.name.first,
        "pronoun": words["subject"],
        "possessive": words["possessive"],
        "sire": me.sire or "",
        "clan": facts.clan or "",
        "domitor": facts.domitor_clan or "",
        "tribe": facts.tribe or "",
        "patron": facts.tribe_patron or "",
        "moon": (facts.auspice_moon or "").lower(),
        "pack": me.pack or "",
        "creed": facts.creed or "",
        "creed_a": article(facts.creed or ""),
        "drive": (facts.drive or "").lower(),
        "cell": f"the {me.cell}" if me.cell else "",
    }

    def fill(frame: str, **more: str) -> str:
        return frame.format(**{**slots, **more})

    return render(
        "rules_biography.j2",
        pools=pool("narrative")["biography"],
        choose=lambda items: items[rng.randrange(len(items))],
        maybe=lambda: rng.random() < 0.5,
        v=lambda verb: verb_for(me.gender, verb),
        fill=fill,
        a=article,
        character_class=facts.character_class,
        thin_blood=facts.thin_blood,
        concept=facts.concept,
        predator=facts.predator_type or "",
        predator_hint=_predator_hint(facts.predator_type),
        auspice=facts.auspice or "",
        top_skills=facts.top_skills[:2],
    )


register_backend("rules", RulesBackend)
