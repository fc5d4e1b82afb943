"""Creation rules: attributes, skills, specialties, advantages and each class's extras."""

from __future__ import annotations

import random
from typing import Any

from ..enums import CharacterClass
from ..errors import GenerationError
from ..pools import specialty_names
from ..request import Resolved
from ..ruleset import Ruleset
from ..ruleset.models import Clan, GrantChoice
from .draft import Draft


def build_creation(rules: Ruleset, choice: Resolved, rng: random.Random) -> Draft:
    """The sheet as creation leaves it, before any XP is spent."""
    cls = choice.character_class
    values = list(rules.spec.attributes.creation)
    rng.shuffle(values)
    draft = Draft(
        attributes=dict(zip(rules.attributes, values, strict=True)),
        skills=_skills(rules, choice, rng),
    )
    draft.creation = {
        "character_class": cls,
        "skill_focus": choice.skill_focus,
        "concept_id": choice.concept.id,
    }
    class_rules = rules.class_rules(cls)
    extra_adv = extra_flaws = 0
    if cls is CharacterClass.VAMPIRE:
        extra_adv, extra_flaws = _vampire(rules, choice, draft, rng)
    elif cls is CharacterClass.WEREWOLF:
        _werewolf(rules, choice, draft, rng)
    elif cls is CharacterClass.HUNTER:
        _hunter(rules, choice, draft, rng)
    elif cls is CharacterClass.GHOUL:
        _ghoul(rules, choice, draft, rng)
    if class_rules.humanity is not None:
        change = choice.predator_type.humanity if choice.predator_type else 0
        draft.derived["humanity"] = class_rules.humanity + change
    _free_specialties(rules, choice, draft, rng)
    excluded = set(choice.clan.excluded_merits) if choice.clan else set()
    _spend_dots(
        rules,
        cls,
        draft.advantages,
        rules.merits,
        class_rules.advantages + extra_adv,
        excluded,
        rng,
        flaws=False,
    )
    _spend_dots(
        rules,
        cls,
        draft.flaws,
        rules.flaws,
        class_rules.flaws + extra_flaws,
        set(),
        rng,
        flaws=True,
    )
    return draft


def _skills(rules: Ruleset, choice: Resolved, rng: random.Random) -> dict[str, int]:
    focus = rules.spec.skills.focuses[choice.skill_focus]
    values = sorted((lvl for lvl, n in focus.dots.items() for _ in range(n)), reverse=True)
    favoured = list(choice.concept.favoured_skills)
    rng.shuffle(favoured)
    others = [s for s in rules.skills if s not in favoured]
    rng.shuffle(others)
    skills = dict.fromkeys(rules.skills, 0)
    for skill, value in zip(favoured + others, values, strict=False):
        skills[skill] = value
    return skills


def _pick_specialty_name(draft: Draft, skill: str, rng: random.Random) -> str | None:
    options = [n for n in specialty_names(skill) if not draft.has_specialty(skill, n)]
    return rng.choice(options) if options else None


def _free_specialties(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
    for skill in rules.spec.specialties.free_in_skills:
        if draft.skills[skill] >= 1:
            name = _pick_specialty_name(draft, skill, rng)
            if name is None:
                raise GenerationError(f"data/specialties.yaml has no unused name for {skill}")
            draft.specialties.append({"skill": skill, "name": name, "source": "skill"})
    for _ in range(rules.spec.specialties.free_any):
        trained = [s for s in rules.skills if draft.skills[s] >= 1]
        favoured = [s for s in choice.concept.favoured_skills if draft.skills[s] >= 1]
        for skill in ([rng.choice(favoured)] if favoured else []) + rng.sample(
            trained, len(trained)
        ):
            name = _pick_specialty_name(draft, skill, rng)
            if name is not None:
                draft.specialties.append({"skill": skill, "name": name, "source": "free"})
                break


def _spend_dots(
    rules: Ruleset,
    cls: CharacterClass,
    items: list[dict[str, Any]],
    catalog: dict[str, Any],
    budget: int,
    excluded: set[str],
    rng: random.Random,
    *,
    flaws: bool,
) -> None:
    """Spend exactly `budget` dots on catalog entries open to this class at creation."""
    taken = {item["name"] for item in items}
    open_entries = [
        e
        for e in catalog.values()
        if e.creation and rules.allows(e, cls) and e.name not in excluded
    ]
    remaining = budget
    while remaining > 0:
        fits = [e for e in open_entries if e.name not in taken and e.min <= remaining]
        if not fits:
            raise GenerationError(f"no {'flaw' if flaws else 'advantage'} fits {remaining} dots")
        entry = rng.choice(fits)
        dots = rng.randint(entry.min, min(entry.max, remaining))
        item: dict[str, Any] = {"name": entry.name, "dots": dots, "source": "creation"}
        if not flaws:
            item["kind"] = entry.kind
        items.append(item)
        taken.add(entry.name)
        remaining -= dots


def _grant(
    rules: Ruleset, draft: Draft, name: str, kind: str, dots: int, source: str, note: str | None
) -> None:
    if kind == "flaw":
        draft.flaws.append({"name": name, "dots": dots, "source": source, "note": note})
    else:
        draft.advantages.append(
            {"name": name, "kind": kind, "dots": dots, "source": source, "note": note}
        )


def _choice_grant(rules: Ruleset, draft: Draft, choice: GrantChoice, rng: random.Random) -> None:
    catalog = rules.flaws if choice.kind == "flaw" else rules.merits
    taken = {i["name"] for i in (draft.flaws if choice.kind == "flaw" else draft.advantages)}
    options = [n for n in choice.options if n not in taken]
    if not choice.split:
        name = rng.choice(options)
        _grant(rules, draft, name, choice.kind, choice.dots, "predator", choice.note)
        return
    split: dict[str, int] = {}
    for _ in range(choice.dots):
        room = [n for n in options if split.get(n, 0) < catalog[n].max]
        pick = rng.choice(room)
        split[pick] = split.get(pick, 0) + 1
    for name in options:
        if name in split:
            _grant(rules, draft, name, choice.kind, split[name], "predator", choice.note)


def give_powers(rules: Ruleset, draft: Draft, discipline: str, rng: random.Random) -> None:
    """Bring the power list of a discipline up to its dots, one power per dot."""
    owned = draft.powers.setdefault(discipline, [])
    while len(owned) < draft.disciplines.get(discipline, 0):
        level = len(owned) + 1
        eligible = [
            p.name
            for p in rules.powers[discipline]
            if p.level <= level
            and p.name not in owned
            and (
                p.amalgam is None
                or draft.disciplines.get(p.amalgam.discipline, 0) >= p.amalgam.level
            )
        ]
        if not eligible:
            break
        owned.append(rng.choice(eligible))


def _vampire(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> tuple[int, int]:
    clan: Clan = choice.clan  # type: ignore[assignment]
    vampire = rules.vampire
    tier = vampire.thin_blood_tier if clan.thin_blood else rules.tier(choice.vampire_tier or "")
    generation = rng.randint(tier.generation[0], tier.generation[1])
    draft.creation.update(
        clan_id=clan.id,
        vampire_tier=choice.vampire_tier,
        bane=rng.choice(["standard", "variant"])
        if clan.variant_bane
        else ("standard" if clan.bane else None),
    )
    potency = tier.blood_potency
    if not clan.thin_blood:
        pool = (
            sorted(set(rules.discipline_names) - rules.thin_blood_disciplines)
            if clan.any_disciplines
            else list(clan.disciplines)
        )
        picks = rng.sample(pool, len(vampire.creation.clan_disciplines))
        for name, dots in zip(picks, vampire.creation.clan_disciplines, strict=True):
            draft.disciplines[name] = dots
    else:
        pairs = rng.randint(
            vampire.creation.thin_blood_merit_flaw_pairs.min,
            vampire.creation.thin_blood_merit_flaw_pairs.max,
        )
        merits = [rules.merits[n] for n in vampire.creation.thin_blood_merits]
        flaws = [rules.flaws[n] for n in vampire.creation.thin_blood_flaws]
        for entry in rng.sample(merits, pairs):
            _grant(rules, draft, entry.name, entry.kind, entry.min, "thin_blood", None)
        for entry in rng.sample(flaws, pairs):
            _grant(rules, draft, entry.name, "flaw", entry.min, "thin_blood", None)
    for grant in clan.grants:
        _grant(rules, draft, grant.name, grant.kind, grant.dots, "clan", grant.note)

    ptype = choice.predator_type
    if ptype is not None:
        draft.creation["predator_type"] = ptype.id
        spec = rng.choice(ptype.specialties)
        if draft.skills[spec.skill] == 0:
            draft.skills[spec.skill] = 1
            draft.creation["predator_skill_dot"] = True
        draft.specialties.append({"skill": spec.skill, "name": spec.name, "source": "predator"})
        if not clan.thin_blood and vampire.creation.predator_discipline_dots:
            options = [o.name for o in ptype.disciplines if o.clans is None or clan.id in o.clans]
            name = rng.choice(options)
            draft.disciplines[name] = (
                draft.disciplines.get(name, 0) + vampire.creation.predator_discipline_dots
            )
            draft.creation["predator_discipline"] = name
        for grant in ptype.grants:
            _grant(rules, draft, grant.name, grant.kind, grant.dots, "predator", grant.note)
        for grant_choice in ptype.choices:
            _choice_grant(rules, draft, grant_choice, rng)
        potency += ptype.blood_potency
    for name in list(draft.disciplines):
        give_powers(rules, draft, name, rng)
    draft.derived.update(generation=generation, blood_potency=potency)
    return tier.extra_advantages, tier.extra_flaws


def _werewolf(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
    ww = rules.werewolf
    tribe, auspice = choice.tribe, choice.auspice
    assert tribe is not None and auspice is not None  # resolve() always sets both
    draft.creation.update(tribe_id=tribe.id, auspice_id=auspice.id)
    values = sorted(ww.creation.renown, reverse=True)
    others = [r for r in ww.renown_types if r != tribe.renown]
    rng.shuffle(others)
    draft.renown = dict(zip([tribe.renown, *others], values, strict=True))
    draft.renown = {r: draft.renown[r] for r in ww.renown_types}
    draft.derived["rage"] = ww.creation.rage
    total = sum(draft.renown.values())
    for source, count in ww.creation.gifts.items():
        for _ in range(count):
            gift = _pick_gift(rules, draft, source, tribe.id, auspice.id, total, rng)
            if gift is None:
                raise GenerationError(f"no {source} gift open at renown {total}")
    draft.rites = rng.sample(list(ww.rites), ww.creation.rites)


def eligible_gifts(
    rules: Ruleset, draft: Draft, source: str, tribe: str, auspice: str, total_renown: int
) -> list[Any]:
    owned = {g["name"] for g in draft.gifts}
    return [
        g
        for g in rules.werewolf.gifts
        if g.source == source
        and g.name not in owned
        and g.min_renown <= total_renown
        and (source != "tribe" or g.tribe == tribe)
        and (source != "auspice" or g.auspice == auspice)
    ]


def _pick_gift(
    rules: Ruleset,
    draft: Draft,
    source: str,
    tribe: str,
    auspice: str,
    total: int,
    rng: random.Random,
) -> Any:
    options = eligible_gifts(rules, draft, source, tribe, auspice, total)
    if not options:
        return None
    gift = rng.choice(options)
    draft.gifts.append({"name": gift.name, "source": gift.source, "renown": gift.renown})
    return gift


def _hunter(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
    hunter = rules.hunter
    creed = choice.creed
    drive = rng.choice(creed.drives or hunter.drives)
    draft.creation.update(creed_id=creed.id, drive=drive)
    package = rng.choice(hunter.creation.packages)
    suggested = [e for e in creed.suggested_edges if e in rules.edges]
    names = list(rules.edges)
    chosen: list[str] = []
    for _ in range(package.edges):
        pool = [e for e in suggested if e not in chosen] if rng.random() < 0.6 else []
        pool = pool or [e for e in names if e not in chosen]
        chosen.append(rng.choice(pool))
    draft.edges = {name: [] for name in chosen}
    for _ in range(package.perks):
        open_perks = [
            (e, p) for e in chosen for p in rules.edges[e].perks if p not in draft.edges[e]
        ]
        edge, perk = rng.choice(open_perks)
        draft.edges[edge].append(perk)
    draft.derived.update(desperation=hunter.creation.desperation, danger=hunter.creation.danger)


def _ghoul(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
    clan = choice.domitor_clan
    assert clan is not None  # resolve() always sets it
    draft.creation["domitor_clan_id"] = clan.id
    dots = rules.spec.ghoul.discipline_dots if rules.spec.ghoul else 0
    if dots:
        name = rng.choice(clan.disciplines)
        draft.disciplines[name] = dots
        give_powers(rules, draft, name, rng)
