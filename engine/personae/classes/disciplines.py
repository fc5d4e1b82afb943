"""Disciplines and their powers: shared by the classes that have them (vampires, ghouls)."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from ..ruleset import Ruleset
from ..ruleset.models import Cost
from .base import Option, SpendContext, XPCategory

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..sheet import Sheet

# Cost-table lines a discipline purchase can be priced by.
DISCIPLINE_CATEGORIES = ("discipline_clan", "discipline_other", "discipline_caitiff")


def _power_ladder(
    rules: Ruleset, discipline: str, clan_id: str | None
) -> list[list[tuple[str, str | None, int]]]:
    """Per level L (index L), the powers of `discipline` open to `clan_id` up to level L, in
    the ruleset's order, as (name, amalgam discipline, amalgam level): computed once."""
    return rules.compiled.memo_of(
        ("power_ladder", discipline, clan_id), _ladder_of, rules, discipline, clan_id
    )


def _ladder_of(
    rules: Ruleset, discipline: str, clan_id: str | None
) -> list[list[tuple[str, str | None, int]]]:
    table = rules.compiled.entries
    open_powers = [p for p in rules.compiled.powers[discipline] if table.power_open(p, clan_id)]
    top = max((p.level for p in open_powers), default=0)
    return [
        [
            (p.name, p.amalgam.discipline, p.amalgam.level)
            if p.amalgam is not None
            else (p.name, None, 0)
            for p in open_powers
            if p.level <= level
        ]
        for level in range(top + 1)
    ]


def give_powers(rules: Ruleset, draft: Draft, discipline: str, rng: random.Random) -> None:
    """Bring the power list of a discipline up to its dots, one power per dot."""
    owned = draft.powers.setdefault(discipline, [])
    dots = draft.disciplines.get(discipline, 0)
    if len(owned) >= dots:
        return
    ladder = _power_ladder(rules, discipline, draft.creation.get("clan_id"))
    # a formula learned on its own is not given again as a power
    rituals = draft.rituals
    learned = {r["name"] for r in rituals if r["discipline"] == discipline} if rituals else ()
    held = draft.disciplines
    while len(owned) < dots:
        level = min(len(owned) + 1, len(ladder) - 1)
        eligible = [
            name
            for name, amalgam, amalgam_level in ladder[level]
            if name not in owned
            and name not in learned
            and (amalgam is None or held.get(amalgam, 0) >= amalgam_level)
        ]
        if not eligible:
            break
        owned.append(eligible[int(rng.random() * len(eligible))])


def discipline_categories(
    rules: Ruleset,
    learnable: list[str],
    category_of: dict[str, str],
    new_ones: bool | frozenset[str] = True,
) -> list[XPCategory]:
    """One XP category per cost line; `category_of` maps each learnable discipline to its line.

    `new_ones`: whether a discipline not yet on the sheet may be started, or the set of those
    that may (others can only be raised once a rule has granted their first dot).
    """
    top = rules.vampire.discipline_max

    def for_line(line: str) -> XPCategory:
        names = [d for d in learnable if category_of[d] == line]

        def options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
            out: list[Option] = []
            owned = ctx.draft.disciplines
            for name in names:
                value = owned.get(name, 0)
                if value == 0 and new_ones is not True and (not new_ones or name not in new_ones):
                    continue
                if value < top:
                    price = cost.price(value + 1, nth)
                    if price <= left:
                        out.append((name, value, value + 1, price))
            return out

        def apply(ctx: SpendContext, option: Option) -> None:
            ctx.draft.disciplines[option[0]] = option[2]
            give_powers(ctx.rules, ctx.draft, option[0], ctx.rng)

        return XPCategory(line, options, apply)

    return [for_line(line) for line in DISCIPLINE_CATEGORIES if line in category_of.values()]


def _open_power_names(rules: Ruleset, discipline: str, clan_id: str | None) -> frozenset[str]:
    """Powers of `discipline` a character of `clan_id` may hold (computed once)."""
    return rules.compiled.memo_of(
        ("open_power_names", discipline, clan_id), _open_names_of, rules, discipline, clan_id
    )


def _open_names_of(rules: Ruleset, discipline: str, clan_id: str | None) -> frozenset[str]:
    table = rules.compiled.entries
    known = rules.compiled.power_index[discipline]
    return frozenset(n for n, p in known.items() if table.power_open(p, clan_id))


def check_disciplines(rules: Ruleset, sheet: Sheet, allowed: set[str] | None) -> list[str]:
    """Ranges, known names and the powers of every discipline on a finished sheet."""
    out: list[str] = []
    top = rules.vampire.discipline_max
    powers = rules.compiled.powers
    for name, dots in sheet.disciplines.items():
        if name not in powers:
            out.append(f"disciplines.{name}: unknown discipline")
            continue
        if not 1 <= dots <= top:
            out.append(f"disciplines.{name}: {dots} outside 1-{top}")
        if allowed is not None and name not in allowed:
            out.append(f"disciplines.{name}: not a discipline this character may learn")
        out += _check_powers(rules, sheet, name, dots)
    return out


def _check_powers(rules: Ruleset, sheet: Sheet, discipline: str, dots: int) -> list[str]:
    """The powers of one discipline: their number, names, levels, amalgams, and then the
    clans they are limited to."""
    owned = sheet.powers.get(discipline, [])
    known = rules.compiled.power_index[discipline]
    out = []
    if len(owned) != dots:
        out.append(f"powers.{discipline}: {len(owned)} powers for {dots} dots")
    if len(set(owned)) != len(owned):
        out.append(f"powers.{discipline}: a power is listed twice")
    open_names = _open_power_names(rules, discipline, sheet.creation.clan_id)
    closed: list[str] = []
    held = sheet.disciplines
    for name in owned:
        power = known.get(name)
        if power is None:
            out.append(f"powers.{discipline}: unknown power {name!r}")
            continue
        amalgam = power.amalgam
        if power.level > dots:
            out.append(f"powers.{discipline}: {name} is level {power.level}, above {dots} dots")
        elif amalgam and held.get(amalgam.discipline, 0) < amalgam.level:
            out.append(f"powers.{discipline}: {name} needs {amalgam.discipline} {amalgam.level}")
        if name not in open_names:
            switch = (
                f"settings.{power.clans_setting} is off"
                if power.clans_setting
                else "no setting lifts it"
            )
            closed.append(
                f"powers.{discipline}: {name} is limited to clans {power.clans} ({switch})"
            )
    return out + closed
