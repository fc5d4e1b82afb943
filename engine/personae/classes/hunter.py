"""Hunters (H5): creed, drive, edges and perks, Desperation and Danger."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..character import HunterAttributes
from ..enums import CharacterClass
from ..errors import FieldProblem, PersonaeError
from ..ruleset import Ruleset
from ..ruleset.models import Cost, Level
from .base import ClassPlugin, Option, SpendContext, XPCategory, pick, register

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.request import GenerationRequest, Resolved
    from ..pipeline.validate import LedgerState
    from ..sheet import Sheet


class Hunter(ClassPlugin):
    character_class = CharacterClass.HUNTER
    request_fields = ("hunter_creed",)
    implied_by = ("hunter_creed",)
    view_key = "hunter_attributes"

    def resolve(
        self,
        rules: Ruleset,
        request: GenerationRequest,
        level_name: str | None,
        level: Level | None,
        rng: random.Random,
        problems: list[FieldProblem],
    ) -> dict[str, Any]:
        creed = pick(problems, rules.creed, request.hunter_creed, rng, rules.hunter.creeds)
        return {"creed": creed} if creed is not None else {}

    def create(self, rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
        hunter = rules.hunter
        creed = choice.creed
        drive = rng.choice(creed.drives or hunter.drives)
        draft.creation.update(creed_id=creed.id, drive=drive)
        package = rng.choice(hunter.creation.packages)
        suggested = [e for e in creed.suggested_edges if e in rules.edges]
        names = list(rules.edges)
        chosen: list[str] = []
        for _ in range(package.edges):
            pool = (
                [e for e in suggested if e not in chosen]
                if rng.random() < hunter.creation.suggested_edge_chance
                else []
            )
            pool = pool or [e for e in names if e not in chosen]
            chosen.append(rng.choice(pool))
        draft.edges = {name: [] for name in chosen}
        for _ in range(package.perks):
            open_perks = [
                (e, p) for e in chosen for p in rules.edges[e].perks if p not in draft.edges[e]
            ]
            edge, perk = rng.choice(open_perks)
            draft.edges[edge].append(perk)
        draft.derived.update(
            desperation=hunter.creation.desperation, danger=hunter.creation.danger
        )

    def xp_categories(self, rules: Ruleset, choice: Resolved) -> list[XPCategory]:
        return rules.compiled.memo(
            ("hunter_xp",),
            lambda: [
                XPCategory("edge", _edge_options, _edge_apply, lambda d: len(d.edges)),
                XPCategory(
                    "perk",
                    _perk_options,
                    _perk_apply,
                    lambda d: sum(len(p) for p in d.edges.values()),
                ),
            ],
        )

    def purchase_problems(
        self, rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
    ) -> list[str]:
        if category != "perk":
            return []
        edge, _, perk = trait.partition(": ")
        if edge not in state.members.get("edge", set()):
            return [f"perk of an edge ({edge}) not owned at that point"]
        if edge not in rules.edges or perk not in rules.edges[edge].perks:
            return [f"{perk} is not a perk of {edge}"]
        return []

    def check_creation(self, rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
        out: list[str] = []
        c = sheet.creation
        try:
            rules.creed(c.creed_id or "")
        except PersonaeError:
            return [f"creation.creed_id: unknown creed {c.creed_id!r}"]
        if c.drive not in rules.hunter.drives:
            out.append(f"creation.drive: unknown drive {c.drive!r}")
        edges = before.members.get("edge", set())
        perks = before.members.get("perk", set())
        for e in sheet.edges:
            if e.name not in rules.edges:
                out.append(f"edges: unknown edge {e.name!r}")
                continue
            bad = [p for p in e.perks if p not in rules.edges[e.name].perks]
            if bad:
                out.append(f"edges: {bad} are not perks of {e.name}")
        packages = {(p.edges, p.perks) for p in rules.hunter.creation.packages}
        if (len(edges), len(perks)) not in packages:
            out.append(
                f"edges before XP: {len(edges)} edges and {len(perks)} perks; creation "
                f"allows {sorted(packages)}"
            )
        for perk in perks:
            if perk.split(": ", 1)[0] not in edges:
                out.append(f"edges: creation perk {perk} of an edge bought later")
        return out

    def facts(self, rules: Ruleset, sheet: Sheet) -> dict[str, Any]:
        creed = rules.creed(sheet.creation.creed_id or "")
        return {"creed": creed.name, "drive": sheet.creation.drive}

    def view(self, rules: Ruleset, sheet: Sheet, narrative: Any) -> HunterAttributes:
        return HunterAttributes(
            creed=rules.creed(sheet.creation.creed_id or "").name,
            drive=sheet.creation.drive,
            cell_name=narrative.cell_name,
        )


def _edge_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    price = cost.price(1, nth)
    if price > left:
        return []
    return [(e, 0, 1, price) for e in ctx.rules.edges if e not in ctx.draft.edges]


def _edge_apply(ctx: SpendContext, option: Option) -> None:
    ctx.draft.edges[option[0]] = []


def _perk_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    price = cost.price(1, nth)
    if price > left:
        return []
    labels = ctx.rules.compiled.memo_of(("perk_labels",), _perk_labels, ctx.rules)
    return [
        (label, 0, 1, price)
        for e, owned in ctx.draft.edges.items()
        for p, label in labels[e]
        if p not in owned
    ]


def _perk_labels(rules: Ruleset) -> dict[str, list[tuple[str, str]]]:
    """Per edge, its perks with their ledger labels ("Edge: Perk")."""
    return {name: [(p, f"{name}: {p}") for p in e.perks] for name, e in rules.edges.items()}


def _perk_apply(ctx: SpendContext, option: Option) -> None:
    edge, _, perk = option[0].partition(": ")
    ctx.draft.edges[edge].append(perk)


register(Hunter())
