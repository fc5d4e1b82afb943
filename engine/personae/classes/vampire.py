"""Vampires (V5): clan, age tier, generation, Blood Potency, disciplines, predator type."""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..character import TextBlurb, VampireAttributes
from ..enums import CharacterClass
from ..errors import FieldProblem, PersonaeError
from ..ruleset import Ruleset
from ..ruleset.models import Clan, Cost, DisciplineChoice, GrantChoice, Level, PredatorType
from ..ruleset.tables import RITUAL_CATEGORIES
from ..sheet import AdvantageItem, FlawItem
from .base import ClassPlugin, Option, SpendContext, XPCategory, pick, register
from .disciplines import check_disciplines, discipline_categories, give_powers
from .rituals import (
    check_rituals_creation,
    check_rituals_final,
    give_free_rituals,
    ritual_categories,
    ritual_purchase_problems,
)

if TYPE_CHECKING:
    from ..pipeline.draft import Draft
    from ..pipeline.request import GenerationRequest, Resolved
    from ..pipeline.validate import LedgerState
    from ..sheet import Sheet


def predator_allowed(
    rules: Ruleset, ptype: PredatorType, clan: Clan, tier_potency: int, generation_max: int
) -> bool:
    """Whether a clan at a tier may take this predator type (exclusions, potency limits)."""
    if clan.id in ptype.excluded_clans:
        return False
    potency = tier_potency + ptype.blood_potency
    if potency > generation_max:
        return False
    if ptype.max_blood_potency is not None and potency > ptype.max_blood_potency:
        return False
    granted = {g.name for g in ptype.grants}
    return not granted & rules.compiled.entries.bans(CharacterClass.VAMPIRE, clan.id)[1]


def _open_predators(rules: Ruleset, clan: Clan, tier_name: str | None) -> list[PredatorType]:
    """Predator types a clan may take at an age tier (computed once per ruleset)."""

    def compute() -> list[PredatorType]:
        tier = _tier(rules, clan, tier_name)
        gen_max = min(
            rules.potency_limits(g)[1] for g in range(tier.generation[0], tier.generation[1] + 1)
        )
        return [
            p
            for p in rules.vampire.predator_types
            if predator_allowed(rules, p, clan, tier.blood_potency, gen_max)
        ]

    return rules.compiled.memo(("open_predators", clan.id, tier_name), compute)


def _tier(rules: Ruleset, clan: Clan, tier_name: str | None) -> Any:
    """The clan's age tier, as settings.childer_tier chooses (thin-bloods have their own)."""
    if clan.thin_blood:
        return rules.vampire.thin_blood_tier
    return rules.compiled.entries.tiers.get(tier_name or "")


def _predator_disciplines(rules: Ruleset, ptype: PredatorType, clan_id: str) -> list[str]:
    """The disciplines a predator type may put its dot in for a clan (computed once)."""
    key = ("predator_disciplines", id(ptype), clan_id)  # the object: ids may repeat
    return rules.compiled.memo_of(key, _open_options, rules, ptype, clan_id)


def _open_options(rules: Ruleset, ptype: PredatorType, clan_id: str) -> list[str]:
    table = rules.compiled.entries
    return [o.name for o in ptype.disciplines if table.option_open(o, clan_id)]


def _extras(rules: Ruleset, clan_id: str, tier_name: str | None) -> tuple[int, int]:
    tier = _tier(rules, rules.clan_by_id(clan_id), tier_name)
    return tier.extra_advantages, tier.extra_flaws


def _grant_list(clan: Clan) -> list[tuple[str, int]]:
    return sorted((g.name, g.dots) for g in clan.grants)


def _choice_grants(rules: Ruleset, names: list[str]) -> list[tuple[str, DisciplineChoice]]:
    """(merit, discipline choice) for the merits among `names` that grant one."""
    out = []
    for name in names:
        entry = rules.merits.get(name)
        if entry is not None and entry.grants and entry.grants.discipline_choice:
            out.append((name, entry.grants.discipline_choice))
    return out


def _granted_line(rules: Ruleset, clan: Clan) -> str:
    """Cost line of a discipline a merit granted outside the clan's own (Discipline Affinity)."""

    def compute() -> str:
        names = [e.name for e in rules.spec.advantages]
        found = [c.raise_cost for _, c in _choice_grants(rules, names)]
        return found[0] if found else "discipline_other"

    return rules.compiled.memo(("granted_line", clan.id), compute)


def discipline_line(rules: Ruleset, clan: Clan, discipline: str) -> str:
    """Which cost line a discipline purchase uses for a vampire of this clan."""
    if clan.any_disciplines:
        return "discipline_caitiff"
    if discipline in clan.disciplines:
        return "discipline_clan"
    return "discipline_other" if clan.other_disciplines else _granted_line(rules, clan)


def learnable(rules: Ruleset, clan: Clan) -> list[str]:
    """Disciplines a vampire of this clan may buy (thin-blood-only ones only for thin-bloods).

    A clan without `other_disciplines` may raise others only once a merit granted them.
    """
    thin_only = rules.thin_blood_disciplines
    return [d for d in rules.discipline_names if clan.thin_blood or d not in thin_only]


class Vampire(ClassPlugin):
    character_class = CharacterClass.VAMPIRE
    request_fields = ("vampire_clan_id", "predator_type")
    implied_by = ("vampire_clan_id", "predator_type")
    view_key = "vampire_attributes"
    has_disciplines = True
    has_grants = True
    has_rituals = True

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
        vampire = rules.vampire
        clan = pick(problems, rules.clan, request.vampire_clan_id, rng, vampire.clans)
        if clan is None or level is None:
            return {}
        allowed = _open_predators(rules, clan, level.vampire_tier)
        ptype = None
        if request.predator_type:
            ptype = pick(problems, rules.predator_type, request.predator_type, rng, allowed)
            if ptype is not None and ptype not in allowed:
                problems.append(
                    FieldProblem(
                        "predator_type",
                        f"{ptype.name} is not open to {clan.name} at {level_name}; "
                        f"choose from {[p.id for p in allowed]}",
                    )
                )
        elif allowed:
            ptype = rng.choice(allowed)
        return {"clan": clan, "vampire_tier": level.vampire_tier, "predator_type": ptype}

    # creation ---------------------------------------------------------------------------
    def create(self, rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
        clan: Clan = choice.clan
        vampire = rules.vampire
        tier = _tier(rules, clan, choice.vampire_tier)
        generation = rng.randint(tier.generation[0], tier.generation[1])
        bane = (
            rng.choice(["standard", "variant"])
            if clan.variant_bane
            else ("standard" if clan.bane else None)
        )
        draft.creation.update(clan_id=clan.id, vampire_tier=choice.vampire_tier, bane=bane)
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
                draft.grant(entry.name, entry.kind, entry.min, "thin_blood", None)
                _grant_disciplines(rules, entry, draft, rng)
            for flaw in rng.sample(flaws, pairs):
                draft.grant(flaw.name, "flaw", flaw.min, "thin_blood", None)
        for grant in clan.grants:
            draft.grant(grant.name, grant.kind, grant.dots, "clan", grant.note)
        ptype: PredatorType | None = choice.predator_type
        if ptype is not None:
            draft.creation["predator_type"] = ptype.id
            spec = rng.choice(ptype.specialties)
            if draft.skills[spec.skill] == 0:
                draft.skills[spec.skill] = 1
                draft.creation["predator_skill_dot"] = True
            draft.specialties.append({"skill": spec.skill, "name": spec.name, "source": "predator"})
            dots = vampire.creation.predator_discipline_dots
            if not clan.thin_blood and dots:
                options = _predator_disciplines(rules, ptype, clan.id)
                name = rng.choice(options)
                draft.disciplines[name] = draft.disciplines.get(name, 0) + dots
                draft.creation["predator_discipline"] = name
            for grant in ptype.grants:
                draft.grant(grant.name, grant.kind, grant.dots, "predator", grant.note)
            for grant_choice in ptype.choices:
                choice_grant(rules, draft, grant_choice, rng)
            potency += ptype.blood_potency
        for name in list(draft.disciplines):
            give_powers(rules, draft, name, rng)
        give_free_rituals(rules, draft, rng)
        draft.derived.update(generation=generation, blood_potency=potency)

    def budget_extras(self, rules: Ruleset, sheet_creation: Any) -> tuple[int, int]:
        clan_id = sheet_creation.clan_id
        if not clan_id:
            return 0, 0
        tier_name = sheet_creation.vampire_tier
        key = ("budget_extras", clan_id, tier_name)
        return rules.compiled.memo_of(key, _extras, rules, clan_id, tier_name)

    def humanity_change(self, rules: Ruleset, sheet_creation: Any) -> int:
        ptype = sheet_creation.predator_type
        return rules.predator_type(ptype).humanity if ptype else 0

    def bans(self, rules: Ruleset, sheet_creation: Any) -> tuple[frozenset[str], frozenset[str]]:
        return rules.compiled.entries.bans(self.character_class, sheet_creation.clan_id)

    def ban_reason(self, rules: Ruleset, sheet_creation: Any, name: str) -> str:
        entries = rules.compiled.entries
        return entries.ban_reason(self.character_class, sheet_creation.clan_id, name)

    # experience -------------------------------------------------------------------------
    def xp_categories(self, rules: Ruleset, choice: Resolved) -> list[XPCategory]:
        clan: Clan = choice.clan

        def compute() -> list[XPCategory]:
            names = learnable(rules, clan)
            lines = {d: discipline_line(rules, clan, d) for d in names}
            new_ones = True if clan.other_disciplines else frozenset(clan.disciplines)
            return [
                *discipline_categories(rules, names, lines, new_ones),
                XPCategory("blood_potency", _potency_options, _potency_apply),
                *ritual_categories(rules),
            ]

        return rules.compiled.memo(("vampire_xp", clan.id), compute)

    # validation -------------------------------------------------------------------------
    def expected_category(self, rules: Ruleset, sheet: Sheet, category: str, trait: str) -> str:
        if not category.startswith("discipline"):
            return category
        clan_id = sheet.creation.clan_id
        if clan_id is None:
            return "discipline_other"
        return discipline_line(rules, rules.clan_by_id(clan_id), trait)

    def purchase_problems(
        self, rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
    ) -> list[str]:
        if category == "blood_potency" and sheet.derived.generation is not None:
            top = rules.potency_limits(sheet.derived.generation)[1]
            if state.get(category, trait) + 1 > top:
                return [f"generation {sheet.derived.generation} caps Blood Potency at {top}"]
        if category in RITUAL_CATEGORIES:
            return ritual_purchase_problems(rules, state, category, trait)
        if category.startswith("discipline") and sheet.creation.clan_id:
            clan = rules.clan_by_id(sheet.creation.clan_id)
            if (
                not clan.other_disciplines
                and trait not in clan.disciplines
                and state.get(category, trait) == 0
            ):
                return [
                    f"a first dot of {trait} bought with XP; a {clan.name.lower()} learns "
                    f"only {clan.disciplines} and what a merit grants"
                ]
        return []

    def check_creation(self, rules: Ruleset, sheet: Sheet, before: LedgerState) -> list[str]:
        out: list[str] = []
        c = sheet.creation
        vampire = rules.vampire
        try:
            clan = rules.clan(c.clan_id or "")
        except PersonaeError:
            return [f"creation.clan_id: unknown clan {c.clan_id!r}"]
        tier = _tier(rules, clan, c.vampire_tier)
        if tier is None:
            return [f"creation.vampire_tier: unknown tier {c.vampire_tier!r}"]
        gen = sheet.derived.generation or 0
        if not tier.generation[0] <= gen <= tier.generation[1]:
            setting = rules.spec.settings.childer_tier.value
            out.append(
                f"derived.generation: {gen} outside {tier.generation[0]}-{tier.generation[1]} "
                f"for the {c.vampire_tier} tier (settings.childer_tier: {setting})"
            )
        ptype = rules.predator_type(c.predator_type) if c.predator_type else None
        potency = tier.blood_potency + (ptype.blood_potency if ptype else 0)
        have = before.get("blood_potency", "Blood Potency")
        if have != potency:
            out.append(f"derived.blood_potency: {have} before XP, expected {potency}")
        if ptype is not None:
            if clan.id in ptype.excluded_clans:
                out.append(f"creation.predator_type: {ptype.name} is barred to {clan.name}")
            if ptype.max_blood_potency is not None and potency > ptype.max_blood_potency:
                out.append(
                    f"creation.predator_type: {ptype.name} needs Blood Potency "
                    f"<= {ptype.max_blood_potency}"
                )
            out += _check_predator_specialty(rules, sheet, ptype)
        known = rules.compiled.power_index  # every discipline of the ruleset
        start = {d: v for d, v in before.table("discipline").items() if v and d in known}
        dots = vampire.creation.predator_discipline_dots
        if ptype is not None and not clan.thin_blood and dots:
            pd = c.predator_discipline
            options = _predator_disciplines(rules, ptype, clan.id)
            if pd not in options:
                out.append(f"creation.predator_discipline: {pd!r} not among {options}")
            elif start.get(pd, 0) < dots:
                out.append(f"disciplines: predator dot in {pd} is missing")
            else:
                start[pd] -= dots
                start = {d: v for d, v in start.items() if v}
        elif c.predator_discipline is not None:
            out.append("creation.predator_discipline: set without a predator discipline grant")
        if clan.thin_blood:
            out += _check_thin_blood(rules, sheet, start)
        else:
            wanted = sorted(vampire.creation.clan_disciplines, reverse=True)
            if sorted(start.values(), reverse=True) != wanted:
                out.append(
                    f"disciplines before XP (less the predator dot) are {start}, creation "
                    f"requires dots {vampire.creation.clan_disciplines}"
                )
            if not clan.any_disciplines:
                stray = [d for d in start if d not in clan.disciplines]
                if stray:
                    out.append(f"disciplines: {stray} are not {clan.name} disciplines")
        out += _check_grants(rules, sheet, clan, ptype)
        out += check_rituals_creation(rules, sheet, before)
        return out

    def check_final(self, rules: Ruleset, sheet: Sheet) -> list[str]:
        out: list[str] = []
        clan_id = sheet.creation.clan_id
        if sheet.disciplines:
            clan = rules.clan_by_id(clan_id) if clan_id else None
            allowed = (
                rules.compiled.memo(("learnable", clan.id), lambda: set(learnable(rules, clan)))
                if clan
                else None
            )
            if clan is not None and not clan.other_disciplines and allowed is not None:
                out += _check_granted_only(rules, sheet, clan, allowed)
            out += check_disciplines(rules, sheet, allowed)
        out += check_rituals_final(rules, sheet)
        derived = sheet.derived
        if derived.blood_potency is not None and derived.generation is not None:
            low, high = rules.potency_limits(derived.generation)
            bp = derived.blood_potency
            if not low <= bp <= high:
                out.append(
                    f"derived.blood_potency: {bp} outside {low}-{high} for generation "
                    f"{derived.generation}"
                )
            elif derived.bane_severity != rules.potency_row(bp).bane_severity:
                out.append(
                    f"derived.bane_severity: {derived.bane_severity}, Blood Potency "
                    f"{bp} gives {rules.potency_row(bp).bane_severity}"
                )
        return out

    # narrative and views ----------------------------------------------------------------
    def facts(self, rules: Ruleset, sheet: Sheet) -> dict[str, Any]:
        c = sheet.creation
        clan = rules.clan_by_id(c.clan_id or "")
        return {
            "clan": clan.name,
            "thin_blood": clan.thin_blood,
            "clan_bane": clan.bane.name if clan.bane else None,
            "predator_type": rules.predator_type(c.predator_type).name
            if c.predator_type
            else None,
            "vampire_tier": c.vampire_tier,
        }

    def view(self, rules: Ruleset, sheet: Sheet, narrative: Any) -> VampireAttributes:
        c = sheet.creation
        clan = rules.clan_by_id(c.clan_id or "")
        bane = clan.variant_bane if c.bane == "variant" else clan.bane
        return VampireAttributes(
            clan_id=clan.id,
            clan_name=clan.name,
            generation=sheet.derived.generation,
            sire=narrative.sire,
            bane=TextBlurb(**bane.model_dump()) if bane else None,
            compulsion=TextBlurb(**clan.compulsion.model_dump()) if clan.compulsion else None,
            predator_type=rules.predator_type(c.predator_type).name if c.predator_type else None,
            blood_potency=sheet.derived.blood_potency,
        )


def choice_grant(rules: Ruleset, draft: Draft, choice: GrantChoice, rng: random.Random) -> None:
    """A grant with options (one of several, or dots split among several), each at a dot
    value its entry allows and clear of what the sheet already excludes."""
    table = rules.compiled.entries
    taken = draft.facts().entries
    options = [n for n in choice.options if n not in taken and not table.conflicts(n, taken)]
    if not choice.split:
        fits = [n for n in options if choice.dots in table.dot_values[n]]
        draft.grant(rng.choice(fits or options), choice.kind, choice.dots, "predator", choice.note)
        return
    split: dict[str, int] = {}
    remaining = choice.dots
    while remaining:
        free = [n for n in options if n not in split]
        moves = [
            (n, v)
            for n in free
            for v in table.dot_values[n]
            if v <= remaining and _fillable(table, remaining - v, [o for o in free if o != n])
        ]
        name, dots = moves[rng.randrange(len(moves))]
        split[name] = dots
        remaining -= dots
    for name in options:
        if name in split:
            draft.grant(name, choice.kind, split[name], "predator", choice.note)


def _fillable(table: Any, dots: int, options: list[str]) -> bool:
    """Whether `dots` can be split among distinct `options` at legal dot values."""
    if dots == 0:
        return True
    return any(
        v <= dots and _fillable(table, dots - v, options[i + 1 :])
        for i, n in enumerate(options)
        for v in table.dot_values[n]
    )


def _potency_options(ctx: SpendContext, cost: Cost, nth: int, left: int) -> list[Option]:
    derived = ctx.draft.derived
    value = derived["blood_potency"] or 0
    top = ctx.rules.potency_limits(derived["generation"] or 0)[1]
    price = cost.price(value + 1, nth)
    if value >= top or price > left:
        return []
    return [("Blood Potency", value, value + 1, price)]


def _potency_apply(ctx: SpendContext, option: Option) -> None:
    ctx.draft.derived["blood_potency"] = option[2]


def _check_predator_specialty(rules: Ruleset, sheet: Sheet, ptype: PredatorType) -> list[str]:
    preds = [s for s in sheet.specialties if s.source == "predator"]
    if len(preds) == 1:
        key = ("predator_specialties", id(ptype))  # the object: ids may repeat
        allowed = rules.compiled.memo_of(key, _specialty_pairs, ptype)
        if (preds[0].skill, preds[0].name) in allowed:
            return []
    return [f"specialties: needs exactly one of {ptype.name}'s specialties"]


def _specialty_pairs(ptype: PredatorType) -> frozenset[tuple[str, str]]:
    return frozenset((o.skill, o.name) for o in ptype.specialties)


def _check_thin_blood(rules: Ruleset, sheet: Sheet, start: dict[str, int]) -> list[str]:
    out: list[str] = []
    creation = rules.vampire.creation
    merits = [a for a in sheet.advantages if a.source == "thin_blood"]
    flaws = [f for f in sheet.flaws if f.source == "thin_blood"]
    pairs = creation.thin_blood_merit_flaw_pairs
    if len(merits) != len(flaws) or not pairs.min <= len(merits) <= pairs.max:
        out.append(
            f"thin-blood merits ({len(merits)}) and flaws ({len(flaws)}) must pair "
            f"up, {pairs.min}-{pairs.max} of each"
        )
    if any(a.name not in creation.thin_blood_merits for a in merits) or any(
        f.name not in creation.thin_blood_flaws for f in flaws
    ):
        out.append("thin-blood merits or flaws outside the thin-blood lists")
    # disciplines at creation: exactly what the merits grant
    have = dict(start)
    thin_only = rules.thin_blood_disciplines
    for a in merits:
        entry = rules.merits.get(a.name)
        grants = entry.grants if entry else None
        if grants is None:
            continue
        for name, dots in grants.disciplines.items():
            if have.pop(name, 0) != dots:
                out.append(
                    f"disciplines: {a.name} grants {name} {dots} at creation, "
                    f"found {start.get(name, 0)}"
                )
    for merit, choice in _choice_grants(rules, [a.name for a in merits]):
        picked = [
            d
            for d in have
            if (d in choice.options if choice.options is not None else d not in thin_only)
        ]
        if len(picked) != 1 or have[picked[0]] != choice.dots:
            out.append(
                f"disciplines: {merit} grants one discipline at {choice.dots} at creation, "
                f"found {({d: have[d] for d in picked})}"
            )
        for d in picked[:1]:
            have.pop(d)
    if have:
        out.append(
            f"disciplines: a thin-blood starts with only what its merits grant, found {have}"
        )
    return out


def _grant_disciplines(rules: Ruleset, entry: Any, draft: Draft, rng: random.Random) -> None:
    """Discipline dots a merit gives (Thin-Blood Alchemist, Discipline Affinity)."""
    grants = entry.grants
    if grants is None:
        return
    for name, dots in grants.disciplines.items():
        draft.disciplines[name] = max(draft.disciplines.get(name, 0), dots)
    choice = grants.discipline_choice
    if choice is not None:
        thin_only = rules.thin_blood_disciplines
        options = choice.options or [
            d for d in rules.discipline_names if d not in thin_only and d not in draft.disciplines
        ]
        name = options[rng.randrange(len(options))]
        draft.disciplines[name] = choice.dots


def _check_granted_only(
    rules: Ruleset, sheet: Sheet, clan: Clan, allowed: set[str]
) -> list[str]:
    """A clan without other disciplines holds only its own and those a merit granted."""
    outside = [d for d in sheet.disciplines if d not in clan.disciplines]
    grants = _choice_grants(rules, [a.name for a in sheet.advantages])
    if len(outside) <= len(grants):
        return []
    merits = [m for m, _ in grants] or [
        m for m, _ in _choice_grants(rules, [e.name for e in rules.spec.advantages])
    ]
    return [
        f"disciplines.{d}: not open to a {clan.name.lower()}, who learns only "
        f"{clan.disciplines} and the {len(grants)} discipline(s) a merit grants ({merits})"
        for d in outside
    ]


def _check_grants(
    rules: Ruleset, sheet: Sheet, clan: Clan, ptype: PredatorType | None
) -> list[str]:
    out: list[str] = []
    got: list[tuple[str, int]] = []
    thin = False
    preds: list[tuple[str, int, str]] = []
    for items, is_flaw in ((sheet.advantages, False), (sheet.flaws, True)):
        item: AdvantageItem | FlawItem
        for item in items:
            source = item.source
            if source == "clan":
                got.append((item.name, item.dots))
            elif source == "predator":
                kind = "flaw" if is_flaw else item.kind  # type: ignore[union-attr]
                preds.append((item.name, item.dots, kind))
            elif source == "thin_blood":
                thin = True
    got.sort()
    want = rules.compiled.memo_of(("clan_grants", clan.id), _grant_list, clan)
    if got != want:
        out.append(f"clan grants are {got}, expected {want}")
    if thin and not clan.thin_blood:
        out.append("thin-blood merits or flaws on a character who is not thin-blooded")
    if ptype is None:
        if preds:
            out.append("predator grants present without a predator type")
        return out
    remaining = list(preds)
    for g in ptype.grants:
        hit = (g.name, g.dots, g.kind)
        if hit in remaining:
            remaining.remove(hit)
        else:
            out.append(f"predator grant {g.name} {g.dots} ({ptype.name}) is missing")
    for choice in ptype.choices:
        picked = [r for r in remaining if r[2] == choice.kind and r[0] in choice.options]
        if choice.split:
            if sum(r[1] for r in picked) != choice.dots:
                out.append(
                    f"{ptype.name}: {choice.dots} {choice.kind} dots must be split "
                    f"among {choice.options}"
                )
        elif len(picked) < 1 or picked[0][1] != choice.dots:
            out.append(f"{ptype.name}: choose one of {choice.options} at {choice.dots} dots")
            picked = []
        else:
            picked = picked[:1]
        for r in picked:
            remaining.remove(r)
    if remaining:
        out.append(f"predator grants not given by {ptype.name}: {[r[0] for r in remaining]}")
    return out


register(Vampire())
