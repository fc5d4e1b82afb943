"""Spend an experience budget by the ruleset's cost table, one dot at a time, on a ledger.

Each purchase picks a category by the ruleset's weights, then one thing that category can
buy now (plain tuples, no callbacks). Big categories draw a candidate at random and test
it, listing every option only after a few misses: the odds are the same as picking from
the full list, at a fraction of the work. Categories shared by every class live here; a
class plug-in adds its own (disciplines, gifts, edges, ...).
"""

from __future__ import annotations

import random
from bisect import bisect_right
from itertools import accumulate
from typing import Any

from ..classes import SpendContext, XPCategory, plugin_for, raise_in
from ..classes.base import DRAWS
from ..ruleset import Ruleset
from ..ruleset.models import Concept, Cost
from ..ruleset.tables import SheetFacts
from .creation import pick_specialty_name
from .draft import Draft
from .request import Resolved

Option = tuple[str, int, int, int]


def _weighted(rng: random.Random, items: list[Any], cumulative: list[float]) -> Any:
    """One of `items`, with odds by the running totals `cumulative`."""
    at = bisect_right(cumulative, rng.random() * cumulative[-1])
    return items[min(at, len(items) - 1)]


# --- specialties ------------------------------------------------------------------------


def _specialty_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    found = _specialty_draw(ctx, cost, nth, left)
    return [found] if found else []


def _specialty_draw(ctx: SpendContext, cost: Cost, nth: int, left: int) -> Option | None:
    """A new specialty in a trained skill picked at random among those with a name left."""
    price = cost.price(1, nth)
    if price > left:
        return None
    draft, rng = ctx.draft, ctx.rng
    trained = [skill for skill, dots in draft.skills.items() if dots >= 1]
    while trained:
        skill = trained.pop(int(rng.random() * len(trained)))
        name = pick_specialty_name(ctx.rules, draft, skill, rng)
        if name is not None:
            return (f"{skill}: {name}", 0, 1, price)
    return None


def _specialty_apply(ctx: SpendContext, option: Option) -> None:
    skill, _, name = option[0].partition(": ")
    ctx.draft.specialties.append({"skill": skill, "name": name, "source": "xp"})


# --- advantages -------------------------------------------------------------------------


class _AdvantageView:
    """What an advantage purchase is checked against, computed once per purchase."""

    def __init__(self, ctx: SpendContext, cost: Cost, nth: int, left: int) -> None:
        self.draft = ctx.draft
        self.table = ctx.rules.compiled.entries
        self.owned = {a["name"]: a for a in ctx.draft.advantages}
        self.cost, self.nth, self.left = cost, nth, left
        self.first = cost.price(1, nth)
        self._facts: SheetFacts | None = None

    def option(self, name: str) -> Option | None:
        table = self.table
        item = self.owned.get(name)
        if item is None:
            if self.first > self.left or table.dot_values[name][0] != 1:
                return None
            if name in table.constrained:
                if self._facts is None:
                    self._facts = self.draft.facts()
                facts = self._facts
                if (
                    table.conflicts(name, facts.entries)
                    or table.unmet(name, facts)
                    or not table.caps_allow(name, self.draft.skills)
                ):
                    return None
            return (name, 0, 1, self.first)
        dots = item["dots"]
        if item["source"] not in ("creation", "xp") or dots + 1 not in table.dot_values[name]:
            return None
        price = self.cost.price(dots + 1, self.nth)
        return (name, dots, dots + 1, price) if price <= self.left else None


def _open_merits(ctx: SpendContext) -> list[str]:
    names: list[str] | None = ctx.memo.get("merits")
    if names is None:
        draft = ctx.draft
        cls = ctx.choice.character_class
        barred = plugin_for(cls).bans(ctx.rules, draft.creation_view)[0]
        clan_id = draft.creation.get("clan_id")
        compiled = ctx.rules.compiled
        names = ctx.memo["merits"] = compiled.memo(
            ("merit_names", cls, barred, clan_id),
            lambda: [e.name for e in compiled.creation_merits(cls, barred, clan_id)],
        )
    return names


def _advantage_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    view = _AdvantageView(ctx, cost, nth, left)
    return [o for o in map(view.option, _open_merits(ctx)) if o is not None]


def _advantage_draw(ctx: SpendContext, cost: Cost, nth: int, left: int) -> Option | None:
    names = _open_merits(ctx)
    if not names or cost.price(1, nth) > left:
        return None  # a first dot is the cheapest purchase of every cost kind
    view = _AdvantageView(ctx, cost, nth, left)
    rand, n = ctx.rng.random, len(names)
    for _ in range(DRAWS):
        found = view.option(names[int(rand() * n)])
        if found is not None:
            return found
    listed = [o for o in map(view.option, names) if o is not None]
    return listed[int(rand() * len(listed))] if listed else None


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


# --- skills -----------------------------------------------------------------------------


def _caps(ctx: SpendContext) -> dict[str, tuple[int, str]]:
    """Skill caps the merits and flaws on the draft set (recomputed when they change)."""
    draft = ctx.draft
    key = (len(draft.advantages), len(draft.flaws))
    held = ctx.memo.get("caps")
    if held is None or held[0] != key:
        names = [*(a["name"] for a in draft.advantages), *(f["name"] for f in draft.flaws)]
        held = ctx.memo["caps"] = (key, ctx.rules.compiled.entries.cap_for(names))
    caps: dict[str, tuple[int, str]] = held[1]
    return caps


def _skill_option(ctx: SpendContext, skill: str, cost: Cost, nth: int, left: int) -> Option | None:
    """Raise `skill` one dot, within the spending cap and any cap a flaw or merit sets."""
    rules = ctx.rules
    value = ctx.draft.skills[skill]
    limit = rules.spec.experience.spending.max_skill
    table = rules.compiled.entries
    if skill in table.capped_skills:
        cap = _caps(ctx).get(skill)
        if cap is not None and cap[0] < limit:
            limit = cap[0]
    if value >= limit:
        return None
    price = cost.price(value + 1, nth)
    if price > left:
        return None
    if value == 0 and skill in table.required_specialty and not _specialty_left(ctx, skill):
        return None  # no specialty left to bring with the first dot
    return (skill, value, value + 1, price)


def _skill_weights(ctx: SpendContext) -> tuple[list[str], list[float]]:
    """Every skill with its running odds: a concept's favoured skills weigh more."""
    held = ctx.memo.get("skills")
    if held is None:
        names = tuple(ctx.draft.skills)
        concept = ctx.choice.concept
        compiled = ctx.rules.compiled
        if names == compiled.skills:  # the usual draft: the same table for every sheet
            key = ("skill_odds", concept.id)
            held = compiled.memo_of(key, _skill_odds, ctx.rules, concept, names)
        else:
            held = _skill_odds(ctx.rules, concept, names)
        ctx.memo["skills"] = held
    return held


def _skill_odds(
    rules: Ruleset, concept: Concept, names: tuple[str, ...]
) -> tuple[list[str], list[float]]:
    favoured = set(concept.favoured_skills)
    factor = rules.spec.experience.spending.favoured_skill_factor
    return list(names), list(accumulate(factor if s in favoured else 1.0 for s in names))


def _skill_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    found = (_skill_option(ctx, s, cost, nth, left) for s in ctx.draft.skills)
    return [o for o in found if o is not None]


def _skill_draw(ctx: SpendContext, cost: Cost, nth: int, left: int) -> Option | None:
    skills = ctx.draft.skills
    per_level = cost.kind == "per_new_level"
    if per_level:
        floor = ctx.memo.get("skill_floor")  # the lowest skill's dots, kept by _skill_apply
        if floor is None:
            floor = ctx.memo["skill_floor"] = min(skills.values())
        if (floor + 1) * cost.amount > left:
            return None  # not even the lowest skill is affordable
    names, cumulative = _skill_weights(ctx)
    rand = ctx.rng.random
    total, last = cumulative[-1], len(names) - 1
    rules = ctx.rules
    capped = rules.compiled.entries.capped_skills
    limit = rules.spec.experience.spending.max_skill
    for _ in range(DRAWS):
        skill = names[min(bisect_right(cumulative, rand() * total), last)]
        if per_level and skill not in capped:
            # the usual case, decided here: below the spending cap and affordable, and a
            # first dot only where a specialty can come with it
            value = skills[skill]
            if value < limit and (value + 1) * cost.amount <= left:
                found = (
                    _skill_option(ctx, skill, cost, nth, left)
                    if value == 0
                    else (skill, value, value + 1, (value + 1) * cost.amount)
                )
                if found is not None:
                    return found
            continue
        found = _skill_option(ctx, skill, cost, nth, left)
        if found is not None:
            return found
    listed = _skill_options(ctx, cost, nth, left)
    if not listed:
        return None
    favoured = set(ctx.choice.concept.favoured_skills)
    factor = ctx.rules.spec.experience.spending.favoured_skill_factor
    return _weighted(  # type: ignore[no-any-return]
        ctx.rng, listed, list(accumulate(factor if o[0] in favoured else 1.0 for o in listed))
    )


def _specialty_left(ctx: SpendContext, skill: str) -> bool:
    owned = {s["name"] for s in ctx.draft.specialties if s["skill"] == skill}
    return any(n not in owned for n in ctx.rules.compiled.specialty_names.get(skill, ()))


def _skill_apply(ctx: SpendContext, option: Option) -> None:
    skill, old, new, _ = option
    draft = ctx.draft
    draft.skills[skill] = new
    if ctx.memo.get("skill_floor") == old:
        del ctx.memo["skill_floor"]  # the lowest may have moved up
    if old == 0 and skill in ctx.rules.compiled.entries.required_specialty:
        name = pick_specialty_name(ctx.rules, draft, skill, ctx.rng)
        if name is not None:
            draft.specialties.append({"skill": skill, "name": name, "source": "skill"})


# --- the spender ------------------------------------------------------------------------


def categories_for(rules: Ruleset, choice: Resolved) -> dict[str, XPCategory]:
    spending = rules.spec.experience.spending
    shared = rules.compiled.memo(
        ("xp_shared",),
        lambda: [
            raise_in("attribute", "attributes", spending.max_attribute),
            XPCategory("skill", _skill_options, _skill_apply, draw=_skill_draw),
            XPCategory("specialty", _specialty_options, _specialty_apply, draw=_specialty_draw),
            XPCategory("advantage", _advantage_options, _advantage_apply, draw=_advantage_draw),
        ],
    )
    own = plugin_for(choice.character_class).xp_categories(rules, choice)
    # keyed by the categories themselves (frozen, hashable): a plug-in that builds a fresh
    # list per call (the mortal's empty one) still finds the one joined table
    return rules.compiled.memo(
        ("xp_categories", choice.character_class, tuple(own)),
        lambda: {c.name: c for c in [*shared, *own]},
    )


def _plan(rules: Ruleset, choice: Resolved, categories: dict[str, XPCategory]) -> dict[str, float]:
    """The categories a class may buy from, with their weights."""

    def compute() -> dict[str, float]:
        costs = rules.compiled.costs(choice.character_class)
        weights: dict[str, float] = {
            c: w
            for c, w in rules.spec.experience.spending.weights.items()
            if c in costs and c in categories and w > 0
        }
        return weights

    return rules.compiled.memo(("xp_plan", choice.character_class, tuple(categories)), compute)


def spend_experience(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> int:
    """Spend up to the level's budget; returns XP spent. Every purchase lands on the ledger."""
    budget = choice.level.xp
    if budget <= 0:
        return 0
    costs = rules.compiled.costs(choice.character_class)
    categories = categories_for(rules, choice)
    weights = _plan(rules, choice, categories)
    ctx = SpendContext(rules, choice, draft, rng)
    spent = 0
    live = list(weights)
    cumulative = list(accumulate(weights.values()))
    rand = rng.random
    ledger = draft.ledger
    while live:
        name = live[min(bisect_right(cumulative, rand() * cumulative[-1]), len(live) - 1)]
        category = categories[name]
        owned = category.owned
        cost, nth, left = costs[name], owned(draft) + 1 if owned else 1, budget - spent
        if category.draw is not None:
            option = category.draw(ctx, cost, nth, left)
        else:
            options = category.options(ctx, cost, nth, left)
            option = options[int(rand() * len(options))] if options else None
        if option is None:
            live.remove(name)
            cumulative = list(accumulate(map(weights.__getitem__, live)))
            continue
        category.apply(ctx, option)
        spent += option[3]
        ledger.append(  # the Purchase field order
            {
                "trait": option[0],
                "category": name,
                "from_": option[1],
                "to": option[2],
                "cost": option[3],
            }
        )
    return spent
