"""Rituals, ceremonies and formulae: learned one by one, each no higher than the dots of its
discipline, priced by their level (the ruleset's `vampire.rituals` and cost table)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..ruleset import Ruleset
from ..ruleset.models import Cost
from .base import Option, SpendContext, XPCategory

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.validate import LedgerState
    from ..sheet import Sheet


def _known(draft: Draft, discipline: str) -> set[str]:
    return {r["name"] for r in draft.rituals if r["discipline"] == discipline}


def give_free_rituals(rules: Ruleset, draft: Draft, rng: random.Random) -> None:
    """The free items of each list for a character who has its discipline at creation."""
    table = rules.compiled.entries
    for discipline, ritual_list in table.ritual_lists.items():
        if not ritual_list.free_at_creation or draft.disciplines.get(discipline, 0) < 1:
            continue
        level = ritual_list.free_level
        taken = _known(draft, discipline) | set(draft.powers.get(discipline, ()))
        pool = [n for n in table.ritual_items[discipline].get(level, ()) if n not in taken]
        for name in rng.sample(pool, min(ritual_list.free_at_creation, len(pool))):
            draft.rituals.append(
                {"discipline": discipline, "name": name, "level": level, "source": "creation"}
            )


def ritual_categories(rules: Ruleset) -> list[XPCategory]:
    """One XP category per list (ritual, ceremony, formula)."""
    table = rules.compiled.entries

    def for_list(discipline: str, category: str) -> XPCategory:
        levels = table.ritual_items[discipline]

        def options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
            dots = ctx.draft.disciplines.get(discipline, 0)
            taken = _known(ctx.draft, discipline) | set(ctx.draft.powers.get(discipline, ()))
            out: list[Option] = []
            for level in range(1, dots + 1):
                price = cost.price(level, nth)
                if price > left:
                    break
                out += [(n, 0, 1, price) for n in levels.get(level, ()) if n not in taken]
            return out

        def apply(ctx: SpendContext, option: Option) -> None:
            item = table.ritual_by_name[(category, option[0])]
            ctx.draft.rituals.append(
                {"discipline": discipline, "name": item.name, "level": item.level, "source": "xp"}
            )

        def owned(draft: Draft) -> int:
            return len(_known(draft, discipline))

        return XPCategory(category, options, apply, owned)

    return [for_list(d, rl.category) for d, rl in table.ritual_lists.items()]


def ritual_purchase_problems(
    rules: Ruleset, state: LedgerState, category: str, trait: str
) -> list[str]:
    item = rules.compiled.entries.ritual_by_name.get((category, trait))
    if item is None:
        return [f"unknown {category} {trait!r}"]
    dots = state.get("discipline", item.discipline)
    if item.level > dots:
        return [f"a level {item.level} {category} with {item.discipline} {dots} at that point"]
    return []


def check_rituals_creation(rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
    """The free items at creation: their number and level, for each discipline held then."""
    out: list[str] = []
    table = rules.compiled.entries
    rituals = sheet.rituals
    held_dots = before.table("discipline")
    for discipline, ritual_list in table.ritual_lists.items():
        start = (
            [r for r in rituals if r.discipline == discipline and r.source == "creation"]
            if rituals
            else []
        )
        held = held_dots.get(discipline, 0) >= 1
        wanted = ritual_list.free_at_creation if held else 0
        if len(start) != wanted:
            out.append(
                f"rituals: {discipline} {'held' if held else 'not held'} at creation gives "
                f"{wanted} free level-{ritual_list.free_level} {ritual_list.category}(s), "
                f"found {len(start)}"
            )
        out += [
            f"rituals: {r.name} is a free {ritual_list.category} of level {r.level}; creation "
            f"gives level {ritual_list.free_level}"
            for r in start
            if r.level != ritual_list.free_level
        ]
    return out


def check_rituals_final(rules: Ruleset, sheet: Sheet) -> list[str]:
    out: list[str] = []
    if not sheet.rituals:
        return out
    table = rules.compiled.entries
    names: dict[tuple[str, str], int] = {}
    for r in sheet.rituals:
        key = (r.discipline, r.name)
        names[key] = names.get(key, 0) + 1
    if len(names) != len(sheet.rituals):
        out += [f"rituals: {n} appears twice" for (_, n), k in names.items() if k > 1]
    for r in sheet.rituals:
        ritual_list = table.ritual_lists.get(r.discipline)
        if ritual_list is None:
            out.append(f"rituals: {r.name}: {r.discipline} has no rituals, ceremonies or formulae")
            continue
        item = table.ritual_by_name.get((ritual_list.category, r.name))
        if item is None:
            out.append(f"rituals: unknown {ritual_list.category} {r.name!r} of {r.discipline}")
            continue
        if item.level != r.level:
            out.append(f"rituals: {r.name} is level {item.level}, the sheet says {r.level}")
        dots = sheet.disciplines.get(r.discipline, 0)
        if item.level > dots:
            out.append(
                f"rituals: {r.name} is a level {item.level} {ritual_list.category}, above "
                f"{r.discipline} {dots}"
            )
        if r.name in sheet.powers.get(r.discipline, []):
            out.append(f"rituals: {r.name} is already one of the {r.discipline} powers")
    return out
