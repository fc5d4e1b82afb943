"""Spend an experience budget by the ruleset's cost table, one dot at a time, on a ledger."""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from ..enums import CharacterClass
from ..pools import specialty_names
from ..request import Resolved
from ..ruleset import Ruleset
from ..ruleset.models import Cost
from .creation import eligible_gifts, give_powers
from .draft import Draft

# An option is (trait label, from, to, cost, apply-callback).
Option = tuple[str, int, int, int, Callable[[], None]]


def discipline_category(rules: Ruleset, draft: Draft, discipline: str) -> str:
    """Which cost line a discipline purchase uses for this character."""
    clan_id = draft.creation.get("clan_id")
    if clan_id is None:
        return "discipline_other"
    clan = rules.clan_by_id(clan_id)
    if clan.any_disciplines:
        return "discipline_caitiff"
    return "discipline_clan" if discipline in clan.disciplines else "discipline_other"


def spend_experience(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> int:
    """Spend up to the level's budget; returns XP spent. Every purchase lands on the ledger."""
    budget = choice.level.xp
    costs = rules.costs_for(choice.character_class)
    spending = rules.spec.experience.spending
    weights = {c: w for c, w in spending.weights.items() if c in costs and w > 0}
    favoured = set(choice.concept.favoured_skills)
    spent = 0
    builders = _option_builders(rules, choice, draft, rng, favoured)
    live = [c for c in weights if c in builders]
    while live:
        category = rng.choices(live, weights=[weights[c] for c in live], k=1)[0]
        cost_rule: Cost = costs[category]
        nth = _owned_count(draft, category) + 1
        options = builders[category](cost_rule, nth, budget - spent)
        if not options:
            live.remove(category)
            continue
        trait, old, new, cost, apply = (
            options[0]
            if len(options) == 1
            else rng.choices(
                options,
                weights=[
                    _skill_weight(o, favoured, spending.favoured_skill_factor)
                    if category == "skill"
                    else 1.0
                    for o in options
                ],
                k=1,
            )[0]
        )
        apply()
        spent += cost
        draft.ledger.append(
            {"trait": trait, "category": category, "from": old, "to": new, "cost": cost}
        )
    return spent


def _skill_weight(option: Option, favoured: set[str], factor: float) -> float:
    return factor if option[0] in favoured else 1.0


def _owned_count(draft: Draft, category: str) -> int:
    if category == "gift":
        return len(draft.gifts)
    if category == "rite":
        return len(draft.rites)
    if category == "edge":
        return len(draft.edges)
    if category == "perk":
        return sum(len(p) for p in draft.edges.values())
    return 0


def _option_builders(
    rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random, favoured: set[str]
) -> dict[str, Callable[[Cost, int, int], list[Option]]]:
    spending = rules.spec.experience.spending
    cls = choice.character_class

    def raise_in(table: dict[str, int], cap: int) -> Callable[[Cost, int, int], list[Option]]:
        def build(cost: Cost, nth: int, left: int) -> list[Option]:
            out: list[Option] = []
            for name, value in table.items():
                price = cost.price(value + 1, nth)
                if value < cap and price <= left:
                    out.append(
                        (
                            name,
                            value,
                            value + 1,
                            price,
                            lambda n=name: table.__setitem__(n, table[n] + 1),
                        )
                    )
            return out

        return build

    def specialties(cost: Cost, nth: int, left: int) -> list[Option]:
        price = cost.price(1, nth)
        if price > left:
            return []
        trained = [skill for skill, dots in draft.skills.items() if dots >= 1]
        rng.shuffle(trained)
        for skill in trained:
            names = [n for n in specialty_names(skill) if not draft.has_specialty(skill, n)]
            if names:
                name = names[rng.randrange(len(names))]
                return [
                    (
                        f"{skill}: {name}",
                        0,
                        1,
                        price,
                        lambda s=skill, n=name: draft.specialties.append(
                            {"skill": s, "name": n, "source": "xp"}
                        ),
                    )
                ]
        return []

    clan_id = draft.creation.get("clan_id")
    barred = set(rules.clan_by_id(clan_id).excluded_merits) if clan_id else set()
    open_merits = [
        e
        for e in rules.merits.values()
        if e.creation and rules.allows(e, cls) and e.name not in barred
    ]

    def advantages(cost: Cost, nth: int, left: int) -> list[Option]:
        out: list[Option] = []
        owned = {a["name"]: a for a in draft.advantages}
        for entry in open_merits:
            item = owned.get(entry.name)
            if item is None:
                if entry.min == 1 and cost.price(1, nth) <= left:
                    out.append(
                        (
                            entry.name,
                            0,
                            1,
                            cost.price(1, nth),
                            lambda e=entry: draft.advantages.append(
                                {"name": e.name, "kind": e.kind, "dots": 1, "source": "xp"}
                            ),
                        )
                    )
            elif (
                item["source"] in ("creation", "xp")
                and item["dots"] < entry.max
                and cost.price(item["dots"] + 1, nth) <= left
            ):
                out.append(
                    (
                        entry.name,
                        item["dots"],
                        item["dots"] + 1,
                        cost.price(item["dots"] + 1, nth),
                        lambda it=item: it.__setitem__("dots", it["dots"] + 1),
                    )
                )
        return out

    def disciplines(category: str) -> Callable[[Cost, int, int], list[Option]]:
        def build(cost: Cost, nth: int, left: int) -> list[Option]:
            out: list[Option] = []
            names = rules.discipline_names
            if cls is CharacterClass.GHOUL:
                names = rules.clan_by_id(draft.creation["domitor_clan_id"]).disciplines
            for name in names:
                if discipline_category(rules, draft, name) != category:
                    continue
                clan_id = draft.creation.get("clan_id")
                thin = bool(clan_id) and rules.clan_by_id(clan_id).thin_blood
                if name in rules.thin_blood_disciplines and not thin:
                    continue
                value = draft.disciplines.get(name, 0)
                price = cost.price(value + 1, nth)
                if value < rules.vampire.discipline_max and price <= left:

                    def apply(n: str = name) -> None:
                        draft.disciplines[n] = draft.disciplines.get(n, 0) + 1
                        give_powers(rules, draft, n, rng)

                    out.append((name, value, value + 1, price, apply))
            return out

        return build

    def blood_potency(cost: Cost, nth: int, left: int) -> list[Option]:
        value = draft.derived["blood_potency"] or 0
        top = rules.potency_limits(draft.derived["generation"] or 0)[1]
        price = cost.price(value + 1, nth)
        if value >= top or price > left:
            return []
        return [
            (
                "Blood Potency",
                value,
                value + 1,
                price,
                lambda: draft.derived.__setitem__("blood_potency", value + 1),
            )
        ]

    def gifts(cost: Cost, nth: int, left: int) -> list[Option]:
        price = cost.price(1, nth)
        if price > left:
            return []
        total = sum(draft.renown.values())
        out: list[Option] = []
        for source in ("native", "tribe", "auspice"):
            for gift in eligible_gifts(
                rules,
                draft,
                source,
                draft.creation["tribe_id"],
                draft.creation["auspice_id"],
                total,
            ):
                out.append(
                    (
                        gift.name,
                        0,
                        1,
                        price,
                        lambda g=gift: draft.gifts.append(
                            {"name": g.name, "source": g.source, "renown": g.renown}
                        ),
                    )
                )
        return out

    def rites(cost: Cost, nth: int, left: int) -> list[Option]:
        price = cost.price(1, nth)
        if price > left:
            return []
        return [
            (r, 0, 1, price, lambda r=r: draft.rites.append(r))
            for r in rules.werewolf.rites
            if r not in draft.rites
        ]

    def edges(cost: Cost, nth: int, left: int) -> list[Option]:
        price = cost.price(1, nth)
        if price > left:
            return []
        return [
            (e, 0, 1, price, lambda e=e: draft.edges.__setitem__(e, []))
            for e in rules.edges
            if e not in draft.edges
        ]

    def perks(cost: Cost, nth: int, left: int) -> list[Option]:
        price = cost.price(1, nth)
        if price > left:
            return []
        return [
            (f"{e}: {p}", 0, 1, price, lambda e=e, p=p: draft.edges[e].append(p))
            for e, owned in draft.edges.items()
            for p in rules.edges[e].perks
            if p not in owned
        ]

    builders: dict[str, Any] = {
        "attribute": raise_in(draft.attributes, spending.max_attribute),
        "skill": raise_in(draft.skills, spending.max_skill),
        "specialty": specialties,
        "advantage": advantages,
    }
    if cls in (CharacterClass.VAMPIRE, CharacterClass.GHOUL):
        for category in ("discipline_clan", "discipline_other", "discipline_caitiff"):
            builders[category] = disciplines(category)
    if cls is CharacterClass.VAMPIRE:
        builders["blood_potency"] = blood_potency
    if cls is CharacterClass.WEREWOLF:
        builders.update(
            gift=gifts, rite=rites, renown=raise_in(draft.renown, rules.werewolf.renown_max)
        )
    if cls is CharacterClass.HUNTER:
        builders.update(edge=edges, perk=perks)
    return builders
