"""Checks that the names one part of a ruleset uses exist in another part.

Each problem is (path inside the merged ruleset, reason); the loader maps the path to a file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from ..enums import CharacterClass
from .models import Ban, EntryRules, Grant, GrantChoice, RulesetSpec, Vampire

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
    for key in ("free_in_skills", "required_for"):
        for i, skill in enumerate(getattr(spec.specialties, key)):
            if skill not in skills:
                out.append(_unknown(["specialties", key, i], "skill", skill, skills))
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
    if spec.settings.childer_tier.value != "book" and (
        spec.vampire is None or spec.settings.childer_tier.value not in spec.vampire.tier_variants
    ):
        out.append(
            (
                ["settings", "childer_tier", "value"],
                f"no vampire.tier_variants entry {spec.settings.childer_tier.value!r}",
            )
        )

    merits = {a.name: a for a in spec.advantages}
    flaws = {f.name: f for f in spec.flaws}
    out += _duplicates(["advantages"], [a.name for a in spec.advantages], "advantage")
    out += _duplicates(["flaws"], [f.name for f in spec.flaws], "flaw")
    for name in sorted(set(merits) & set(flaws)):
        out.append((["flaws"], f"{name!r} is both an advantage and a flaw; names must be unique"))
    for key, items in (("advantages", spec.advantages), ("flaws", spec.flaws)):
        for i, item in enumerate(items):
            if item.min > item.max or item.min < 1:
                out.append(([key, i], f"{item.name}: need 1 <= min <= max"))
            out += _entry_problems(spec, [key, i], item, skills, merits, flaws)
    for cls, rules in spec.classes.items():
        for j, ban in enumerate(rules.bans):
            out += _ban_problems(["classes", cls.value, "bans", j], ban, merits, flaws)

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
            if (gift.source == "auspice") != (gift.auspice is not None):
                out.append((path, "auspice gifts (and only they) name an auspice"))
            if gift.tribe_tag is not None:
                if gift.source != "auspice":
                    out.append(([*path, "tribe_tag"], "only auspice gifts carry a tribe_tag"))
                elif gift.tribe_tag not in tribes:
                    out.append(_unknown([*path, "tribe_tag"], "tribe", gift.tribe_tag, tribes))
        out += _duplicates(["werewolf", "gifts"], [g.name for g in ww.gifts], "gift")
        out += _duplicates(["werewolf", "rites"], list(ww.rites), "rite")
        start = ww.creation.renown_start
        if start is not None and start.tribe + start.auspice + start.free > (
            ww.renown_max * len(ww.renown_types)
        ):
            out.append((["werewolf", "creation", "renown_start"], "more dots than renown holds"))
        if start is not None and max(start.tribe + start.auspice, start.free) > ww.renown_max:
            out.append(
                (
                    ["werewolf", "creation", "renown_start"],
                    f"could put more than renown_max {ww.renown_max} dots in one renown",
                )
            )
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


def _catalog(kind: str, merits: dict[str, Any], flaws: dict[str, Any]) -> dict[str, Any]:
    return flaws if kind == "flaw" else merits if kind == "advantage" else {**merits, **flaws}


def _ban_problems(
    path: list[Any], ban: Ban, merits: dict[str, Any], flaws: dict[str, Any]
) -> list[Problem]:
    known = {**merits, **flaws}
    return [
        _unknown([*path, "names", j], "advantage or flaw", name, known)
        for j, name in enumerate(ban.names)
        if name not in known
    ]


def _entry_problems(
    spec: RulesetSpec,
    path: list[Any],
    entry: EntryRules,
    skills: list[str],
    merits: dict[str, Any],
    flaws: dict[str, Any],
) -> list[Problem]:
    """excludes / requires / allowed_dots / caps / grants of one merit, background or flaw."""
    out: list[Problem] = []
    known = {**merits, **flaws}
    if entry.allowed_dots is not None:
        allowed = sorted(entry.allowed_dots)
        if not allowed or allowed[0] != entry.min or allowed[-1] != entry.max:
            out.append(
                (
                    [*path, "allowed_dots"],
                    f"{entry.name}: allowed_dots {allowed} must run from min {entry.min} "
                    f"to max {entry.max}",
                )
            )
    for j, name in enumerate(entry.excludes):
        if name == entry.name:
            out.append(([*path, "excludes", j], f"{entry.name} cannot exclude itself"))
        elif name not in known:
            out.append(_unknown([*path, "excludes", j], "advantage or flaw", name, known))
    disciplines = {d.name for d in spec.vampire.disciplines} if spec.vampire else set()
    clans = {c.id for c in spec.vampire.clans} if spec.vampire else set()
    for j, req in enumerate(entry.requires):
        where = [*path, "requires", j]
        if req.kind in ("advantage", "flaw"):
            catalog = _catalog(req.kind, merits, flaws)
            target = catalog.get(req.name)
            if target is None:
                out.append(_unknown([*where, "name"], req.kind, req.name, catalog))
            elif req.min > target.max:
                out.append(
                    ([*where, "min"], f"{req.name} has at most {target.max} dots, not {req.min}")
                )
            elif req.name == entry.name:
                out.append((where, f"{entry.name} cannot require itself"))
        elif req.kind == "skill" and req.name not in skills:
            out.append(_unknown([*where, "name"], "skill", req.name, skills))
        elif req.kind == "discipline" and req.name not in disciplines:
            out.append(_unknown([*where, "name"], "discipline", req.name, disciplines))
        elif req.kind == "clan" and req.name not in clans:
            out.append(_unknown([*where, "name"], "clan", req.name, clans))
        elif req.kind == "class" and req.name not in CharacterClass.__members__:
            out.append(_unknown([*where, "name"], "class", req.name, CharacterClass.__members__))
    for skill, cap in entry.caps.items():
        if skill not in skills:
            out.append(_unknown([*path, "caps", skill], "skill", skill, skills))
        elif cap > spec.skills.max:
            out.append(([*path, "caps", skill], f"cap {cap} is above the skill max"))
    if entry.grants is not None:
        for name in entry.grants.disciplines:
            if name not in disciplines:
                out.append(
                    _unknown(
                        [*path, "grants", "disciplines", name], "discipline", name, disciplines
                    )
                )
        choice = entry.grants.discipline_choice
        if choice is not None:
            for j, name in enumerate(choice.options or []):
                if name not in disciplines:
                    out.append(
                        _unknown(
                            [*path, "grants", "discipline_choice", "options", j],
                            "discipline",
                            name,
                            disciplines,
                        )
                    )
            priced = {c for table in spec.experience.costs.values() for c in table}
            if choice.raise_cost not in priced:
                out.append(
                    (
                        [*path, "grants", "discipline_choice", "raise_cost"],
                        f"no cost for {choice.raise_cost!r} in experience.costs",
                    )
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
        for j, ban in enumerate(clan.bans):
            out += _ban_problems(["vampire", "clans", i, "bans", j], ban, merits, flaws)
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
    out += _duplicates(["vampire", "disciplines"], [d.name for d in vampire.disciplines], "name")
    for i, discipline in enumerate(vampire.disciplines):
        for j, power in enumerate(discipline.powers):
            if power.clans_setting is not None and power.clans is None:
                out.append(
                    (
                        ["vampire", "disciplines", i, "powers", j, "clans_setting"],
                        "clans_setting lifts a clans limit; give the power `clans` too",
                    )
                )
            for clan in power.clans or []:
                if clan not in clans:
                    out.append(
                        _unknown(
                            ["vampire", "disciplines", i, "powers", j, "clans"], "clan", clan, clans
                        )
                    )
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
            if option.clans_setting is not None and option.clans is None:
                out.append(
                    (
                        [*path, "disciplines", j, "clans_setting"],
                        "clans_setting lifts a clans limit; give the option `clans` too",
                    )
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
    out += _ritual_problems(spec, vampire)
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
    checked: list[tuple[list[Any], Any]] = [
        (["vampire", "tiers", name], tier) for name, tier in vampire.tiers.items()
    ]
    checked.append((["vampire", "thin_blood_tier"], vampire.thin_blood_tier))
    for variant, tiers in vampire.tier_variants.items():
        for name, tier in tiers.items():
            path = ["vampire", "tier_variants", variant, name]
            if name not in vampire.tiers:
                out.append(_unknown(path, "tier", name, vampire.tiers))
            checked.append((path, tier))
    for path, tier in checked:
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


def _ritual_problems(spec: RulesetSpec, vampire: Vampire) -> list[Problem]:
    out: list[Problem] = []
    by_name = {d.name: d for d in vampire.disciplines}
    priced = {c for table in spec.experience.costs.values() for c in table}
    out += _duplicates(
        ["vampire", "rituals"], [r.discipline for r in vampire.rituals], "ritual list for"
    )
    for i, ritual_list in enumerate(vampire.rituals):
        path = ["vampire", "rituals", i]
        discipline = by_name.get(ritual_list.discipline)
        if discipline is None:
            out.append(
                _unknown([*path, "discipline"], "discipline", ritual_list.discipline, by_name)
            )
            continue
        if ritual_list.category not in priced:
            out.append(
                ([*path, "category"], f"no cost for {ritual_list.category!r} in experience.costs")
            )
        levels = ritual_list.levels or {
            p.level: [q.name for q in discipline.powers if q.level == p.level]
            for p in discipline.powers
        }
        names = [n for items in levels.values() for n in items]
        out += _duplicates([*path, "levels"], names, ritual_list.category)
        if ritual_list.free_at_creation and len(levels.get(ritual_list.free_level, [])) < (
            ritual_list.free_at_creation
        ):
            out.append(
                (
                    [*path, "free_at_creation"],
                    f"fewer than {ritual_list.free_at_creation} items at level "
                    f"{ritual_list.free_level}",
                )
            )
    return out
