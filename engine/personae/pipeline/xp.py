"""Spend an experience budget by the ruleset's cost table, one dot at a time, on a ledger.

Each purchase picks a category by the ruleset's weights, lists what that category can buy
now (plain tuples, no callbacks), picks one and applies it. Categories shared by every
class live here; a class plug-in adds its own (disciplines, gifts, edges, ...).
"""

from __future__ import annotations

import random
from itertools import accumulate

from ..classes import SpendContext, XPCategory, plugin_for, raise_in
from ..ruleset import Ruleset
from ..ruleset.models import Cost
from .creation import pick_specialty_name
from .draft import Draft
from .request import Resolved

Option = tuple[str, int, int, int]


def _specialty_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    price = cost.price(1, nth)
    if price > left:
        return []
    draft, rng = ctx.draft, ctx.rng
    trained = [skill for skill, dots in draft.skills.items() if dots >= 1]
    rng.shuffle(trained)
    for skill in trained:
        name = pick_specialty_name(ctx.rules, draft, skill, rng)
        if name is not None:
            return [(f"{skill}: {name}", 0, 1, price)]
    return []


def _specialty_apply(ctx: SpendContext, option: Option) -> None:
    skill, _, name = option[0].partition(": ")
    ctx.draft.specialties.append({"skill": skill, "name": name, "source": "xp"})


def _advantage_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    draft = ctx.draft
    plugin = plugin_for(ctx.choice.character_class)
    barred = plugin.bans(ctx.rules, draft.creation_view)[0]
    table = ctx.rules.compiled.entries
    constrained = table.constrained
    facts = draft.facts()
    owned = {a["name"]: a for a in draft.advantages}
    out: list[Option] = []
    first = cost.price(1, nth)
    clan_id = draft.creation.get("clan_id")
    for entry in ctx.rules.compiled.creation_merits(ctx.choice.character_class, barred, clan_id):
        item = owned.get(entry.name)
        if item is None:
            if (
                first <= left
                and table.dot_values[entry.name][0] == 1
                and (
                    entry.name not in constrained
                    or (
                        not table.conflicts(entry.name, facts.entries)
                        and not table.unmet(entry.name, facts)
                        and table.caps_allow(entry.name, draft.skills)
                    )
                )
            ):
                out.append((entry.name, 0, 1, first))
        elif item["source"] in ("creation", "xp") and item["dots"] + 1 in table.dot_values[
            entry.name
        ]:
            price = cost.price(item["dots"] + 1, nth)
            if price <= left:
                out.append((entry.name, item["dots"], item["dots"] + 1, price))
    return out


def _skill_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    """Raise a skill one dot, within the spending cap and any cap a flaw or merit sets."""
    draft = ctx.draft
    top = ctx.rules.spec.experience.spending.max_skill
    table = ctx.rules.compiled.entries
    caps = table.cap_for([*(a["name"] for a in draft.advantages),
                          *(f["name"] for f in draft.flaws)])
    required = table.required_specialty
    per_level = cost.kind == "per_new_level"
    amount = cost.amount
    out: list[Option] = []
    for skill, value in draft.skills.items():
        limit = min(top, caps[skill][0]) if skill in caps else top
        if value >= limit:
            continue
        price = (value + 1) * amount if per_level else cost.price(value + 1, nth)
        if price > left:
            continue
        if value == 0 and skill in required and not _specialty_left(ctx, skill):
            continue  # no specialty left to bring with the first dot
        out.append((skill, value, value + 1, price))
    return out


def _specialty_left(ctx: SpendContext, skill: str) -> bool:
    owned = {s["name"] for s in ctx.draft.specialties if s["skill"] == skill}
    return any(n not in owned for n in ctx.rules.compiled.specialty_names.get(skill, ()))


def _skill_apply(ctx: SpendContext, option: Option) -> None:
    skill, old, new, _ = option
    draft = ctx.draft
    draft.skills[skill] = new
    if old == 0 and skill in ctx.rules.compiled.entries.required_specialty:
        name = pick_specialty_name(ctx.rules, draft, skill, ctx.rng)
        if name is not None:
            draft.specialties.append({"skill": skill, "name": name, "source": "skill"})


def _advantage_apply(ctx: SpendContext, option: Option) -> None:
    name, old, new, _ = option
    draft = ctx.draft
    if old == 0:
        kind = ctx.rules.merits[name].kind
        draft.advantages.append({"name": name, "kind": kind, "dots": 1, "source": "xp"})
        return
    for item in draft.advantages:
        if item["name"] == name:
            item["dots"] = new
            return


def categories_for(rules: Ruleset, choice: Resolved) -> dict[str, XPCategory]:
    spending = rules.spec.experience.spending
    shared = [
        raise_in("attribute", "attributes", spending.max_attribute),
        XPCategory("skill", _skill_options, _skill_apply),
        XPCategory("specialty", _specialty_options, _specialty_apply),
        XPCategory("advantage", _advantage_options, _advantage_apply),
    ]
    plugin = plugin_for(choice.character_class)
    return {c.name: c for c in [*shared, *plugin.xp_categories(rules, choice)]}


def spend_experience(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> int:
    """Spend up to the level's budget; returns XP spent. Every purchase lands on the ledger."""
    budget = choice.level.xp
    if budget <= 0:
        return 0
    costs = rules.compiled.costs(choice.character_class)
    spending = rules.spec.experience.spending
    categories = categories_for(rules, choice)
    weights = {
        c: w for c, w in spending.weights.items() if c in costs and c in categories and w > 0
    }
    favoured = set(choice.concept.favoured_skills)
    factor = spending.favoured_skill_factor
    ctx = SpendContext(rules, choice, draft, rng)
    spent = 0
    live = list(weights)
    cumulative = list(accumulate(weights[c] for c in live))
    while live:
        name = rng.choices(live, cum_weights=cumulative, k=1)[0]
        category = categories[name]
        options = category.options(ctx, costs[name], category.owned(draft) + 1, budget - spent)
        if not options:
            live.remove(name)
            cumulative = list(accumulate(weights[c] for c in live))
            continue
        if len(options) == 1:
            option = options[0]
        elif name == "skill":
            option = rng.choices(
                options, weights=[factor if o[0] in favoured else 1.0 for o in options], k=1
            )[0]
        else:
            option = options[rng.randrange(len(options))]
        category.apply(ctx, option)
        spent += option[3]
        draft.ledger.append(
            {"trait": option[0], "category": name, "from": option[1], "to": option[2],
             "cost": option[3]}
        )
    return spent
