"""Facts for narrative tests, built from the ruleset by hand (no sheet pipeline needed)."""

from __future__ import annotations

import random

from personae.narrative import NarrativeFacts
from personae.ruleset import Ruleset, load_ruleset

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]


def identity(rules: Ruleset) -> dict[str, list[str]]:
    out = dict(rules.identity_names)
    out["predator type"] = [p.name for p in rules.vampire.predator_types]
    return out


def make_facts(cls: str, seed: int, rules: Ruleset | None = None) -> NarrativeFacts:
    """Seeded, rule-consistent facts for one character of a class."""
    rules = rules or load_ruleset()
    rng = random.Random(seed)
    concept = rng.choice(rules.spec.concepts)
    skills = rng.sample(list(rules.skills), 3)
    base: dict[str, object] = {
        "character_class": cls,
        "character_type": "NPC",
        "level": "NEW",
        "concept": concept.name,
        "concept_blurb": concept.description,
        "top_skills": skills,
        "rival_names": identity(rules),
    }
    if cls == "VAMPIRE":
        clan = rng.choice(rules.vampire.clans)
        base |= {
            "clan": clan.name,
            "thin_blood": bool(clan.thin_blood),
            "predator_type": rng.choice(rules.vampire.predator_types).name,
            "vampire_tier": "neonate",
        }
    elif cls == "GHOUL":
        base["domitor_clan"] = rng.choice([c for c in rules.vampire.clans if not c.thin_blood]).name
    elif cls == "WEREWOLF":
        tribe = rng.choice(rules.werewolf.tribes)
        auspice = rng.choice(rules.werewolf.auspices)
        base |= {
            "tribe": tribe.name,
            "tribe_patron": tribe.patron,
            "auspice": auspice.name,
            "auspice_moon": auspice.moon,
        }
    elif cls == "HUNTER":
        creed = rng.choice(rules.hunter.creeds)
        base |= {"creed": creed.name, "drive": rng.choice(creed.drives)}
    return NarrativeFacts.model_validate(base)
