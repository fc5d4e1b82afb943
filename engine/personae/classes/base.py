"""The one protocol every character class implements, and the registry that finds them.

A class plug-in says what a request may name for it, makes its creation choices, adds its
creation steps and XP categories, checks its part of a sheet, and supplies its narrative
facts and the class attributes of the views. Adding a class (a house class, MAGE one day)
is one new module registering a plug-in, plus its ruleset data: nothing else is edited.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from ..enums import CharacterClass
from ..errors import FieldProblem, InvalidRequestError, UnsupportedError

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.request import GenerationRequest, Resolved
    from ..pipeline.validate import LedgerState
    from ..ruleset import Ruleset
    from ..ruleset.models import Cost, Level
    from ..sheet import Sheet

# One XP option: (trait label, from, to, price).
Option = tuple[str, int, int, int]

# Random draws a category's `draw` tries before it lists every option instead.
DRAWS = 8


@dataclass
class SpendContext:
    """What XP categories read and write while one sheet's budget is spent."""

    rules: Ruleset
    choice: Resolved
    draft: Draft
    rng: random.Random
    # per-sheet scratch tables of the categories (weights, caps), dropped with the context
    memo: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, eq=False)  # hashed by identity: a cheap memo key
class XPCategory:
    """One line of the cost table a class can buy from.

    `options` lists what can be bought now for at most `left` XP (no callbacks are built:
    `apply` performs the chosen one). `owned` counts items for per-count prices. `draw`,
    when a category has one, returns one of those options at random with the spender's
    odds without listing them all (a few rejected draws, then the list), or None when
    there is none.
    """

    name: str
    options: Callable[[SpendContext, Cost, int, int], list[Option]]
    apply: Callable[[SpendContext, Option], None]
    owned: Callable[[Draft], int] | None = None
    draw: Callable[[SpendContext, Cost, int, int], Option | None] | None = None


class ClassPlugin:
    """Default behaviour of a class: nothing beyond the shared creation rules."""

    character_class: ClassVar[CharacterClass]
    # request fields this class may name, and those that alone imply it
    request_fields: ClassVar[tuple[str, ...]] = ()
    implied_by: ClassVar[tuple[str, ...]] = ()
    # the Character JSON key holding this class's attributes (vampire_attributes, ...)
    view_key: ClassVar[str | None] = None
    has_disciplines: ClassVar[bool] = False
    # whether creation rules of this class grant merits or flaws (clan, predator type, ...)
    has_grants: ClassVar[bool] = False
    # whether it learns rituals, ceremonies or formulae (the ruleset's `vampire.rituals`)
    has_rituals: ClassVar[bool] = False

    # request ----------------------------------------------------------------------------
    def resolve(
        self,
        rules: Ruleset,
        request: GenerationRequest,
        level_name: str | None,
        level: Level | None,
        rng: random.Random,
        problems: list[FieldProblem],
    ) -> dict[str, Any]:
        """The class's own creation choices (clan, tribe, ...), made from the seed."""
        return {}

    # creation ---------------------------------------------------------------------------
    def create(self, rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
        """Class steps after attributes and skills, before advantages and flaws."""

    def budget_extras(self, rules: Ruleset, sheet_creation: Any) -> tuple[int, int]:
        """Extra advantage and flaw dots at creation (e.g. a vampire's age tier)."""
        return 0, 0

    def humanity_change(self, rules: Ruleset, sheet_creation: Any) -> int:
        return 0

    def bans(self, rules: Ruleset, sheet_creation: Any) -> tuple[frozenset[str], frozenset[str]]:
        """Advantage and flaw names barred always, and at creation (a superset)."""
        return rules.compiled.entries.bans(self.character_class, None)

    def ban_reason(self, rules: Ruleset, sheet_creation: Any, name: str) -> str:
        return rules.compiled.entries.ban_reason(self.character_class, None, name)

    # experience -------------------------------------------------------------------------
    def xp_categories(self, rules: Ruleset, choice: Resolved) -> list[XPCategory]:
        return []

    # validation -------------------------------------------------------------------------
    def expected_category(self, rules: Ruleset, sheet: Sheet, category: str, trait: str) -> str:
        return category

    def purchase_problems(
        self, rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
    ) -> list[str]:
        return []

    def check_creation(self, rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
        return []

    def check_final(self, rules: Ruleset, sheet: Sheet) -> list[str]:
        return []

    # narrative and views ----------------------------------------------------------------
    def facts(self, rules: Ruleset, sheet: Sheet) -> dict[str, Any]:
        """Narrative facts of this class, read from the finished sheet."""
        return {}

    def view(self, rules: Ruleset, sheet: Sheet, narrative: Any) -> Any:
        """The class attributes model of the Character JSON (None when it has none)."""
        return None


def raise_in(name: str, table_of: str, cap: int) -> XPCategory:
    """A category raising one dot of a `trait -> dots` table on the draft."""

    def one(table: dict[str, int], trait: str, cost: Cost, nth: int, left: int) -> Option | None:
        value = table[trait]
        if value >= cap:
            return None
        price = cost.price(value + 1, nth)
        return (trait, value, value + 1, price) if price <= left else None

    def draw(ctx: SpendContext, cost: Cost, nth: int, left: int) -> Option | None:
        table: dict[str, int] = getattr(ctx.draft, table_of)
        if cost.kind == "per_new_level" and (min(table.values()) + 1) * cost.amount > left:
            return None  # not even the lowest trait is affordable
        traits = ctx.memo.get(table_of)
        if traits is None:
            traits = ctx.memo[table_of] = list(table)
        rand, n = ctx.rng.random, len(traits)
        if cost.kind == "per_new_level":  # the usual line, priced here
            amount = cost.amount
            for _ in range(DRAWS):
                trait = traits[int(rand() * n)]
                value = table[trait]
                if value < cap and (value + 1) * amount <= left:
                    return (trait, value, value + 1, (value + 1) * amount)
        else:
            for _ in range(DRAWS):
                found = one(table, traits[int(rand() * n)], cost, nth, left)
                if found is not None:
                    return found
        listed = options(ctx, cost, nth, left)
        return listed[int(rand() * len(listed))] if listed else None

    def options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
        table: dict[str, int] = getattr(ctx.draft, table_of)
        if cost.kind == "per_new_level":  # the usual line: skip the per-trait price call
            amount = cost.amount
            top = min(cap - 1, left // amount - 1)
            return [(t, v, v + 1, (v + 1) * amount) for t, v in table.items() if v <= top]
        out: list[Option] = []
        for trait, value in table.items():
            if value < cap:
                price = cost.price(value + 1, nth)
                if price <= left:
                    out.append((trait, value, value + 1, price))
        return out

    def apply(ctx: SpendContext, option: Option) -> None:
        getattr(ctx.draft, table_of)[option[0]] = option[2]

    return XPCategory(name, options, apply, draw=draw)


def pick(
    problems: list[FieldProblem],
    lookup: Callable[[str], Any],
    wanted: str | None,
    rng: random.Random,
    options: list[Any],
) -> Any:
    """The entry a request named (a bad name joins `problems`), or one drawn from `options`."""
    if not wanted:
        return options[rng.randrange(len(options))]
    try:
        return lookup(wanted)
    except InvalidRequestError as exc:
        problems.extend(exc.problems)
        return None


_PLUGINS: dict[CharacterClass, ClassPlugin] = {}


def register(plugin: ClassPlugin) -> ClassPlugin:
    """Make a class available; a later registration for the same class replaces it."""
    _PLUGINS[plugin.character_class] = plugin
    return plugin


def plugin_for(cls: CharacterClass) -> ClassPlugin:
    found = _PLUGINS.get(cls)
    if found is None:
        raise UnsupportedError(
            f"{cls.value} has no class plug-in; choose one of "
            f"{sorted(c.value for c in _PLUGINS)}"
        )
    return found


def registered() -> list[ClassPlugin]:
    return list(_PLUGINS.values())
