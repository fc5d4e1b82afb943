"""Werewolves (W5): tribe, auspice, renown, Rage, gifts and rites."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..character import WerewolfAttributes
from ..enums import CharacterClass
from ..errors import FieldProblem, GenerationError, PersonaeError
from ..ruleset import Ruleset
from ..ruleset.models import Cost, Gift, Level
from .base import (
    DRAWS,
    ClassPlugin,
    Option,
    SpendContext,
    XPCategory,
    pick,
    raise_in,
    register,
)

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.request import GenerationRequest, Resolved
    from ..pipeline.validate import LedgerState
    from ..sheet import Sheet

GIFT_SOURCES = ("native", "tribe", "auspice")


def _gift_table(rules: Ruleset, source: str, tribe: str, auspice: str) -> list[Gift]:
    """Gifts of one source open to this tribe and auspice (computed once per ruleset)."""

    def compute() -> list[Gift]:
        return [
            g
            for g in rules.werewolf.gifts
            if g.source == source
            and (source != "tribe" or g.tribe == tribe)
            and (source != "auspice" or g.auspice == auspice)
        ]

    return rules.compiled.memo(("gifts", source, tribe, auspice), compute)


def eligible_gifts(
    rules: Ruleset, owned: set[str], source: str, tribe: str, auspice: str, total_renown: int
) -> list[Gift]:
    return [
        g
        for g in _gift_table(rules, source, tribe, auspice)
        if g.name not in owned and g.min_renown <= total_renown
    ]


def draw_gift(
    rules: Ruleset,
    rng: random.Random,
    owned: set[str],
    sources: tuple[str, ...],
    tribe: str,
    auspice: str,
    total_renown: int,
) -> Gift | None:
    """A gift drawn uniformly from those of `sources` the character may learn now: a few
    random draws from the whole table first, then the list of what qualifies."""
    table = rules.compiled.memo(
        ("gift_union", sources, tribe, auspice),
        lambda: [g for s in sources for g in _gift_table(rules, s, tribe, auspice)],
    )
    if not table:
        return None
    for _ in range(DRAWS):
        gift = table[int(rng.random() * len(table))]
        if gift.name not in owned and gift.min_renown <= total_renown:
            return gift
    fits = [
        g for s in sources for g in eligible_gifts(rules, owned, s, tribe, auspice, total_renown)
    ]
    return fits[int(rng.random() * len(fits))] if fits else None


class Werewolf(ClassPlugin):
    character_class = CharacterClass.WEREWOLF
    request_fields = ("werewolf_tribe_id", "werewolf_auspice_id")
    implied_by = ("werewolf_tribe_id", "werewolf_auspice_id")
    view_key = "werewolf_attributes"

    def resolve(
        self,
        rules: Ruleset,
        request: GenerationRequest,
        level_name: str | None,
        level: Level | None,
        rng: random.Random,
        problems: list[FieldProblem],
    ) -> dict[str, Any]:
        ww = rules.werewolf
        tribe = pick(problems, rules.tribe, request.werewolf_tribe_id, rng, ww.tribes)
        auspice = pick(problems, rules.auspice, request.werewolf_auspice_id, rng, ww.auspices)
        return {"tribe": tribe, "auspice": auspice}

    def create(self, rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
        ww = rules.werewolf
        tribe, auspice = choice.tribe, choice.auspice
        draft.creation.update(
            tribe_id=tribe.id, auspice_id=auspice.id, patron_ban=tribe.ban, patron_favor=tribe.favor
        )
        start = ww.creation.renown_start
        if start is not None:
            renown = dict.fromkeys(ww.renown_types, 0)
            renown[tribe.renown] += start.tribe
            renown[auspice.renown] += start.auspice
            for _ in range(start.free):
                room = [r for r in ww.renown_types if renown[r] < ww.renown_max]
                renown[room[rng.randrange(len(room))]] += 1
        else:
            values = sorted(ww.creation.renown, reverse=True)
            others = [r for r in ww.renown_types if r != tribe.renown]
            rng.shuffle(others)
            renown = dict(zip([tribe.renown, *others], values, strict=True))
        draft.renown = {r: renown[r] for r in ww.renown_types}
        draft.derived["rage"] = ww.creation.rage
        draft.derived["harano"] = ww.creation.harano
        draft.derived["hauglosk"] = ww.creation.hauglosk
        total = sum(draft.renown.values())
        owned: set[str] = set()
        for source, count in ww.creation.gifts.items():
            for _ in range(count):
                gift = draw_gift(rules, rng, owned, (source,), tribe.id, auspice.id, total)
                if gift is None:
                    raise GenerationError(f"no {source} gift open at renown {total}")
                owned.add(gift.name)
                draft.gifts.append(
                    {"name": gift.name, "source": gift.source, "renown": gift.renown}
                )
        draft.rites = rng.sample(list(ww.rites), ww.creation.rites)

    def xp_categories(self, rules: Ruleset, choice: Resolved) -> list[XPCategory]:
        return rules.compiled.memo(
            ("werewolf_xp",),
            lambda: [
                XPCategory(
                    "gift", _gift_options, _gift_apply, lambda d: len(d.gifts), draw=_gift_draw
                ),
                XPCategory("rite", _rite_options, _rite_apply, lambda d: len(d.rites)),
                raise_in("renown", "renown", rules.werewolf.renown_max),
            ],
        )

    def purchase_problems(
        self, rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
    ) -> list[str]:
        if category != "gift":
            return []
        gift = rules.gifts.get(trait)
        if gift is None:
            return ["unknown gift"]
        total = sum(state.get("renown", r) for r in rules.werewolf.renown_types)
        if gift.min_renown > total:
            return [f"needs renown {gift.min_renown}, had {total}"]
        if gift.source == "tribe" and gift.tribe != sheet.creation.tribe_id:
            return [f"a gift of another tribe ({gift.tribe})"]
        if gift.source == "auspice" and gift.auspice != sheet.creation.auspice_id:
            return [f"a gift of another auspice ({gift.auspice})"]
        return []

    def check_creation(self, rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
        out: list[str] = []
        c = sheet.creation
        ww = rules.werewolf
        try:
            tribe, auspice = rules.tribe(c.tribe_id or ""), rules.auspice(c.auspice_id or "")
        except PersonaeError as exc:
            return [f"creation: {exc}"]
        renown = {r: before.get("renown", r) for r in ww.renown_types}
        start = ww.creation.renown_start
        if start is not None:
            base = {tribe.renown: start.tribe}
            base[auspice.renown] = base.get(auspice.renown, 0) + start.auspice
            free = {r: renown[r] - base.get(r, 0) for r in ww.renown_types}
            if any(v < 0 for v in free.values()) or sum(free.values()) != start.free:
                out.append(
                    f"renown before XP is {renown}; creation gives {start.tribe} to the tribe's "
                    f"{tribe.renown} ({tribe.name}), {start.auspice} to the auspice's "
                    f"{auspice.renown} ({auspice.name}) and {start.free} anywhere"
                )
        elif sorted(renown.values(), reverse=True) != sorted(ww.creation.renown, reverse=True):
            out.append(f"renown before XP is {renown}, creation requires {ww.creation.renown}")
        elif renown[tribe.renown] != max(ww.creation.renown):
            out.append(f"renown: {tribe.name} renown ({tribe.renown}) must take the top value")
        if sheet.derived.rage != ww.creation.rage:
            out.append(f"derived.rage: {sheet.derived.rage}, creation gives {ww.creation.rage}")
        if (c.patron_ban, c.patron_favor) != (tribe.ban, tribe.favor):
            out.append(
                f"creation.patron_ban/patron_favor: must be {tribe.name}'s ({tribe.patron}) "
                "ban and favor from the ruleset"
            )
        for tracker in ("harano", "hauglosk"):
            want, have = getattr(ww.creation, tracker), getattr(sheet.derived, tracker)
            if want is not None and have != want:
                out.append(f"derived.{tracker}: {have}, a new werewolf starts at {want}")
        total = sum(renown.values())
        by_source: dict[str, int] = {}
        for name in before.members.get("gift", set()):
            gift = rules.gifts.get(name)
            if gift is None:
                out.append(f"gifts: unknown gift {name!r}")
                continue
            by_source[gift.source] = by_source.get(gift.source, 0) + 1
            if gift.min_renown > total:
                out.append(f"gifts: {name} needs renown {gift.min_renown}, had {total}")
            if gift.source == "tribe" and gift.tribe != tribe.id:
                out.append(f"gifts: {name} belongs to another tribe")
            if gift.source == "auspice" and gift.auspice != auspice.id:
                out.append(f"gifts: {name} belongs to another auspice")
        for source, count in ww.creation.gifts.items():
            if by_source.get(source, 0) != count:
                out.append(
                    f"gifts: {by_source.get(source, 0)} {source} gifts at creation, "
                    f"expected {count}"
                )
        rites = before.members.get("rite", set())
        all_rites = rules.compiled.memo(("rites",), lambda: frozenset(ww.rites))
        if len(rites) != ww.creation.rites or not rites <= all_rites:
            out.append(
                f"rites: creation needs {ww.creation.rites} known rites, found {sorted(rites)}"
            )
        return out

    def facts(self, rules: Ruleset, sheet: Sheet) -> dict[str, Any]:
        tribe = rules.tribe(sheet.creation.tribe_id or "")
        auspice = rules.auspice(sheet.creation.auspice_id or "")
        return {
            "tribe": tribe.name,
            "tribe_patron": tribe.patron,
            "auspice": auspice.name,
            "auspice_moon": auspice.moon,
        }

    def view(self, rules: Ruleset, sheet: Sheet, narrative: Any) -> WerewolfAttributes:
        tribe = rules.tribe(sheet.creation.tribe_id or "")
        auspice = rules.auspice(sheet.creation.auspice_id or "")
        return WerewolfAttributes(
            tribe_id=tribe.id,
            tribe_name=tribe.name,
            auspice_id=auspice.id,
            auspice_name=auspice.name,
            pack_name=narrative.pack_name,
            total_renown=sum(sheet.renown.values()),
        )


def _gift_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    price = cost.price(1, nth)
    if price > left:
        return []
    draft = ctx.draft
    total = sum(draft.renown.values())
    owned = {g["name"] for g in draft.gifts}
    tribe, auspice = draft.creation["tribe_id"], draft.creation["auspice_id"]
    return [
        (g.name, 0, 1, price)
        for source in GIFT_SOURCES
        for g in eligible_gifts(ctx.rules, owned, source, tribe, auspice, total)
    ]


def _gift_draw(ctx: SpendContext, cost: Cost, nth: int, left: int) -> Option | None:
    price = cost.price(1, nth)
    if price > left:
        return None
    draft = ctx.draft
    gift = draw_gift(
        ctx.rules,
        ctx.rng,
        {g["name"] for g in draft.gifts},
        GIFT_SOURCES,
        draft.creation["tribe_id"],
        draft.creation["auspice_id"],
        sum(draft.renown.values()),
    )
    return (gift.name, 0, 1, price) if gift is not None else None


def _gift_apply(ctx: SpendContext, option: Option) -> None:
    gift = ctx.rules.gifts[option[0]]
    ctx.draft.gifts.append({"name": gift.name, "source": gift.source, "renown": gift.renown})


def _rite_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    price = cost.price(1, nth)
    if price > left:
        return []
    return [(r, 0, 1, price) for r in ctx.rules.werewolf.rites if r not in ctx.draft.rites]


def _rite_apply(ctx: SpendContext, option: Option) -> None:
    ctx.draft.rites.append(option[0])


register(Werewolf())
