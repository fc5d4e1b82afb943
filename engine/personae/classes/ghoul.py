"""Ghouls (house rule): mortals with one dot of a discipline of their domitor's clan."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..enums import CharacterClass
from ..errors import FieldProblem, PersonaeError
from ..ruleset import Ruleset
from ..ruleset.models import Level
from .base import ClassPlugin, XPCategory, pick, register
from .disciplines import check_disciplines, discipline_categories, give_powers

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.request import GenerationRequest, Resolved
    from ..pipeline.validate import LedgerState
    from ..sheet import Sheet


class Ghoul(ClassPlugin):
    character_class = CharacterClass.GHOUL
    request_fields = ("vampire_clan_id",)
    has_disciplines = True

    def resolve(
        self,
        rules: Ruleset,
        request: GenerationRequest,
        level_name: str | None,
        level: Level | None,
        rng: random.Random,
        problems: list[FieldProblem],
    ) -> dict[str, Any]:
        candidates = rules.compiled.memo(
            ("ghoul_domitors",),
            lambda: [c for c in rules.vampire.clans if c.disciplines and not c.thin_blood],
        )
        clan = pick(problems, rules.clan, request.vampire_clan_id, rng, candidates)
        ids = rules.compiled.memo(("ghoul_domitor_ids",), lambda: {c.id for c in candidates})
        if clan is not None and clan.id not in ids:
            problems.append(
                FieldProblem(
                    "vampire_clan_id",
                    "a ghoul's domitor clan needs clan disciplines; choose from "
                    f"{[c.id for c in candidates]}",
                )
            )
        return {"domitor_clan": clan}

    def create(self, rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
        clan = choice.domitor_clan
        draft.creation["domitor_clan_id"] = clan.id
        dots = rules.spec.ghoul.discipline_dots if rules.spec.ghoul else 0
        if dots:
            name = rng.choice(clan.disciplines)
            draft.disciplines[name] = dots
            give_powers(rules, draft, name, rng)

    def xp_categories(self, rules: Ruleset, choice: Resolved) -> list[XPCategory]:
        learnable = list(choice.domitor_clan.disciplines)
        return rules.compiled.memo(
            ("ghoul_xp", choice.domitor_clan.id),
            lambda: discipline_categories(
                rules, learnable, dict.fromkeys(learnable, "discipline_other")
            ),
        )

    def expected_category(self, rules: Ruleset, sheet: Sheet, category: str, trait: str) -> str:
        return "discipline_other" if category.startswith("discipline") else category

    def check_creation(self, rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
        c = sheet.creation
        try:
            clan = rules.clan(c.domitor_clan_id or "")
        except PersonaeError:
            return [f"creation.domitor_clan_id: unknown clan {c.domitor_clan_id!r}"]
        dots = rules.spec.ghoul.discipline_dots if rules.spec.ghoul else 0
        held = before.table("discipline")
        start = {d: v for d in sheet.disciplines if (v := held.get(d, 0))}
        out = []
        if sum(start.values()) != dots or len(start) > 1:
            out.append(
                f"disciplines before XP are {start}; a ghoul starts with {dots} dot(s) in one"
            )
        stray = [d for d in sheet.disciplines if d not in clan.disciplines]
        if stray:
            out.append(
                f"disciplines: {stray} are not disciplines of the domitor clan {clan.name}"
            )
        return out

    def check_final(self, rules: Ruleset, sheet: Sheet) -> list[str]:
        return check_disciplines(rules, sheet, None)

    def facts(self, rules: Ruleset, sheet: Sheet) -> dict[str, Any]:
        return {"domitor_clan": rules.clan_by_id(sheet.creation.domitor_clan_id or "").name}


register(Ghoul())
