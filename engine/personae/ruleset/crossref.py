"""Checks that the names one part of a ruleset uses exist in another part.

Each problem is (path inside the merged ruleset, reason); the loader maps the path to a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..enums import CharacterClass
from .models import Grant, GrantChoice, RulesetSpec, Vampire

Problem = tuple[list[Any], str]

_CLASS_SECTIONS = {
    CharacterClass.VAMPIRE: ("vampire",),
    CharacterClass.WEREWOLF: ("werewolf",),
    CharacterClass.HUNTER: ("hunter",),
    CharacterClass.GHOUL: ("ghoul", "vampire"),
}


def _unknown(path: list[Any], kind: str, name: object, known: Iterable[object]) -> Problem:
    return path, f"unknown {kind} {name!r}; known: {sorted(map(str, known))}"


def _duplicates(path: list[Any], names: list[str], kind: str) -> list[Problem]:
    return [(path, f"duplicate {kind} {n!r}") for n, c in Counter(names).items() if c > 1]


def cross_reference_problems(spec: RulesetSpec) -> list[Problem]:
    out: list[Problem] = []
    attributes = [a for group in spec.attributes.groups.values() for a in group]
    skills = [s for group in spec.skills.groups.values() for s in group]
    out += _duplicates(["attributes", "groups"], attributes, "attribute")
    out += _duplicates(["skills", "groups"], skills, "skill")
    if len(spec.attributes.creation) != len(attributes):
        out.append(
            (
                ["attributes", "creation"],
                f"has {len(spec.attributes.creation)} values for {len(attributes)} attributes",
            )
        )
    if any(not spec.attributes.min <= v <= spec.attributes.max for v in spec.attributes.creation):
        out.append((["attributes", "creation"], "values must lie within min..max"))
    for name, focus in spec.skills.focuses.items():
        if sum(focus.dots.values()) > len(skills):
            out.append((["skills", "focuses", name, "dots"], "uses more skills than exist"))
        if any(not 1 <= d <= spec.skills.max for d in focus.dots):
            out.append((["skills", "focuses", name, "dots"], "dot levels must lie in 1..max"))
    for i, skill in enumerate(spec.specialties.free_in_skills):
        if skill not in skills:
            out.append(_unknown(["specialties", "free_in_skills", i], "skill", skill, skills))
    for key, formula in (("health", spec.derived.health), ("willpower", spec.derived.willpower)):
        for i, name in enumerate(formula.add):
            if name not in attributes:
                out.append(_unknown(["derived", key, "add", i], "attribute", name, attributes))
    for i, concept in enumerate(spec.concepts):
        for j, skill in enumerate(concept.favoured_skills):
            if skill not in skills:
                out.append(_unknown(["concepts", i, "favoured_skills", j], "skill", skill, skills))
    out += _duplicates(["concepts"], [c.id for c in spec.concepts], "concept id")

    for cls, sections in _CLASS_SECTIONS.items():
        rules = spec.classes.get(cls)
        if rules and rules.supported:
            for section in sections:
                if getattr(spec, section) is None:
                    out.append(
                        (
                            ["classes", cls.value],
                            f"class is supported but the ruleset has no '{section}' section",
                        )
                    )
    for key in spec.experience.costs:
        if key != "default" and key not in CharacterClass.__members__:
            out.append((["experience", "costs", key], "must be 'default' or a character class"))

    merits = {a.name: a for a in spec.advantages}
    flaws = {f.name: f for f in spec.flaws}
    out += _duplicates(["advantages"], [a.name for a in spec.advantages], "advantage")
    out += _duplicates(["flaws"], [f.name for f in spec.flaws], "flaw")
    for key, items in (("advantages", spec.advantages), ("flaws", spec.flaws)):
        for i, item in enumerate(items):
            if item.min > item.max or item.min < 1:
                out.append(([key, i], f"{item.name}: need 1 <= min <= max"))

    def check_grant(path: list[Any], grant: Grant | GrantChoice) -> None:
        names = grant.options if isinstance(grant, GrantChoice) else [grant.name]
        catalog: dict[str, Any] = flaws if grant.kind == "flaw" else merits
        for name in names:
            entry = catalog.get(name)
            if entry is None:
                out.append(_unknown(path, grant.kind, name, catalog))
            elif grant.kind != "flaw" and entry.kind != grant.kind:
                out.append((path, f"{name!r} is a {entry.kind}, not a {grant.kind}"))
            elif not isinstance(grant, GrantChoice) and not entry.min <= grant.dots <= entry.max:
                out.append(
                    (path, f"{name!r} allows {entry.min}-{entry.max} dots, not {grant.dots}")
                )

    if spec.vampire is not None:
        out += _vampire_problems(spec, spec.vampire, skills, merits, flaws, check_grant)
    if spec.werewolf is not None:
        ww = spec.werewolf
        renown = set(ww.renown_types)
        tribes = {t.id for t in ww.tribes}
        auspices = {a.id for a in ww.auspices}
        if len(ww.creation.renown) != len(ww.renown_types):
            out.append((["werewolf", "creation", "renown"], "needs one value per renown type"))
        for key, items in (("tribes", ww.tribes), ("auspices", ww.auspices)):
            for i, item in enumerate(items):
                if item.renown not in renown:
                    out.append(
                        _unknown(["werewolf", key, i, "renown"], "renown", item.renown, renown)
                    )
        for i, gift in enumerate(ww.gifts):
            path = ["werewolf", "gifts", i]
            if gift.renown not in renown:
                out.append(_unknown([*path, "renown"], "renown", gift.renown, renown))
            if gift.tribe is not None and gift.tribe not in tribes:
                out.append(_unknown([*path, "tribe"], "tribe", gift.tribe, tribes))
            if gift.auspice is not None and gift.auspice not in auspices:
                out.append(_unknown([*path, "auspice"], "auspice", gift.auspice, auspices))
            if (gift.source == "tribe") != (gift.tribe is not None):
                out.append((path, "tribe gifts (and only they) name a tribe"))
            if gift.source == "auspice" and gift.auspice is None:
                out.append((path, "auspice gifts name an auspice"))
    if spec.hunter is not None:
        edges = {e.name for e in spec.hunter.edges}
        drives = set(spec.hunter.drives)
        for i, creed in enumerate(spec.hunter.creeds):
            for j, edge in enumerate(creed.suggested_edges):
                if edge not in edges:
                    out.append(
                        _unknown(["hunter", "creeds", i, "suggested_edges", j], "edge", edge, edges)
                    )
            for j, drive in enumerate(creed.drives):
                if drive not in drives:
                    out.append(
                        _unknown(["hunter", "creeds", i, "drives", j], "drive", drive, drives)
                    )
    return out


def _vampire_problems(
    spec: RulesetSpec,
    vampire: Vampire,
    skills: list[str],
    merits: dict[str, Any],
    flaws: dict[str, Any],
    check_grant: Any,
) -> list[Problem]:
    out: list[Problem] = []
    disciplines = {d.name for d in vampire.disciplines}
    clans = {c.id for c in vampire.clans}
    out += _duplicates(["vampire", "clans"], [c.id for c in vampire.clans], "clan id")
    for i, clan in enumerate(vampire.clans):
        for j, name in enumerate(clan.disciplines):
            if name not in disciplines:
                out.append(
                    _unknown(
                        ["vampire", "clans", i, "disciplines", j], "discipline", name, disciplines
                    )
                )
        for j, name in enumerate(clan.excluded_merits):
            if name not in merits:
                out.append(
                    _unknown(["vampire", "clans", i, "excluded_merits", j], "merit", name, merits)
                )
        for j, grant in enumerate(clan.grants):
            check_grant(["vampire", "clans", i, "grants", j], grant)
        if (
            not clan.any_disciplines
            and not clan.thin_blood
            and len(clan.disciplines) < len(vampire.creation.clan_disciplines)
        ):
            out.append((["vampire", "clans", i, "disciplines"], "too few to pick at creation"))
    for key, catalog in (("thin_blood_merits", merits), ("thin_blood_flaws", flaws)):
        for j, name in enumerate(getattr(vampire.creation, key)):
            if name not in catalog:
                out.append(_unknown(["vampire", "creation", key, j], key[11:-1], name, catalog))
    for i, discipline in enumerate(vampire.disciplines):
        for j, power in enumerate(discipline.powers):
            if power.amalgam and power.amalgam.discipline not in disciplines:
                out.append(
                    _unknown(
                        ["vampire", "disciplines", i, "powers", j, "amalgam"],
                        "discipline",
                        power.amalgam.discipline,
                        disciplines,
                    )
                )
    for i, ptype in enumerate(vampire.predator_types):
        path = ["vampire", "predator_types", i]
        for j, spec_ in enumerate(ptype.specialties):
            if spec_.skill not in skills:
                out.append(_unknown([*path, "specialties", j], "skill", spec_.skill, skills))
        for j, option in enumerate(ptype.disciplines):
            if option.name not in disciplines:
                out.append(
                    _unknown([*path, "disciplines", j], "discipline", option.name, disciplines)
                )
            for clan in option.clans or []:
                if clan not in clans:
                    out.append(_unknown([*path, "disciplines", j, "clans"], "clan", clan, clans))
        for j, grant in enumerate(ptype.grants):
            check_grant([*path, "grants", j], grant)
        for j, choice in enumerate(ptype.choices):
            check_grant([*path, "choices", j], choice)
        for clan in ptype.excluded_clans:
            if clan not in clans:
                out.append(_unknown([*path, "excluded_clans"], "clan", clan, clans))
    for name, level in spec.experience.levels.items():
        if level.vampire_tier not in vampire.tiers:
            out.append(
                _unknown(
                    ["experience", "levels", name, "vampire_tier"],
                    "tier",
                    level.vampire_tier,
                    vampire.tiers,
                )
            )
    potencies = {row.potency for row in vampire.blood_potency}
    for name, tier in {**vampire.tiers, "thin_blood_tier": vampire.thin_blood_tier}.items():
        path = ["vampire", "tiers", name] if name != "thin_blood_tier" else ["vampire", name]
        if tier.blood_potency not in potencies:
            out.append((path, f"blood potency {tier.blood_potency} missing from the potency table"))
        for gen in range(tier.generation[0], tier.generation[1] + 1):
            limit = next(
                (
                    g
                    for g in vampire.generation_limits
                    if g.generations[0] <= gen <= g.generations[1]
                ),
                None,
            )
            if limit is None:
                out.append((path, f"generation {gen} missing from generation_limits"))
            elif not limit.min <= tier.blood_potency <= limit.max:
                out.append(
                    (
                        path,
                        f"blood potency {tier.blood_potency} outside "
                        f"{limit.min}-{limit.max} allowed at generation {gen}",
                    )
                )
    return out
