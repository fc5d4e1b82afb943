"""An independent legality check of any sheet: creation rules, ranges, derived traits, XP.

It shares no code with the builder: it undoes the ledger to recover the creation sheet,
checks that against the ruleset's creation rules, then replays every purchase at its cost.
Checks every class shares live here; each class plug-in checks its own part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..classes import plugin_for
from ..errors import PersonaeError, SheetInvalidError
from ..ruleset import Ruleset
from ..sheet import Experience, Sheet

MEMBER_CATEGORIES = frozenset({"specialty", "gift", "rite", "edge", "perk"})


_FAMILIES = {
    "discipline_clan": "discipline",
    "discipline_other": "discipline",
    "discipline_caitiff": "discipline",
}


def family(category: str) -> str:
    """Discipline purchases share one value whichever cost line priced them."""
    return _FAMILIES.get(category, category)


@dataclass
class LedgerState:
    """Counts and memberships the ledger moves, readable before and after XP."""

    values: dict[tuple[str, str], int] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    def get(self, category: str, trait: str) -> int:
        if category in MEMBER_CATEGORIES:
            return int(trait in self.members.setdefault(category, set()))
        return self.values.get((family(category), trait), 0)

    def set(self, category: str, trait: str, value: int) -> None:
        if category in MEMBER_CATEGORIES:
            bucket = self.members.setdefault(category, set())
            (bucket.add if value else bucket.discard)(trait)
        else:
            self.values[(family(category), trait)] = value

    def copy(self) -> LedgerState:
        return LedgerState(dict(self.values), {k: set(v) for k, v in self.members.items()})


def _state_of(sheet: Sheet) -> LedgerState:
    values: dict[tuple[str, str], int] = {}
    for kind, table in (
        ("attribute", sheet.attributes),
        ("skill", sheet.skills),
        ("discipline", sheet.disciplines),
        ("renown", sheet.renown),
    ):
        for name, v in table.items():
            values[(kind, name)] = v
    for a in sheet.advantages:
        if a.source in ("creation", "xp"):
            values[("advantage", a.name)] = a.dots
    if sheet.derived.blood_potency is not None:
        values[("blood_potency", "Blood Potency")] = sheet.derived.blood_potency
    members = {
        "specialty": {f"{s.skill}: {s.name}" for s in sheet.specialties if s.source == "xp"},
        "gift": {g.name for g in sheet.gifts},
        "rite": set(sheet.rites),
        "edge": {e.name for e in sheet.edges},
        "perk": {f"{e.name}: {p}" for e in sheet.edges for p in e.perks},
    }
    return LedgerState(values, members)


def check_sheet(rules: Ruleset, sheet: Sheet, experience: Experience) -> None:
    """Raise SheetInvalidError listing every violation, or return quietly."""
    problems = validate_sheet(rules, sheet, experience)
    if problems:
        raise SheetInvalidError(problems)


def validate_sheet(rules: Ruleset, sheet: Sheet, experience: Experience) -> list[str]:
    """Every rule the sheet breaks, as precise one-line messages (empty when legal)."""
    cls = sheet.creation.character_class
    try:
        class_rules = rules.class_rules(cls)
        plugin = plugin_for(cls)
    except PersonaeError as exc:
        return [f"creation.character_class: {exc}"]
    table = rules.compiled
    out: list[str] = []
    if set(sheet.attributes) != set(table.attributes):
        out.append(f"attributes: expected exactly {list(table.attributes)}")
    if set(sheet.skills) != set(table.skills):
        out.append(f"skills: expected exactly {list(table.skills)}")
    if out:
        return out
    before, ledger_problems = _undo_ledger(rules, sheet, experience)
    out += ledger_problems
    out += _check_creation(rules, sheet, before, class_rules.advantages, class_rules.flaws)
    out += _check_final(rules, sheet)
    if class_rules.humanity is not None:
        expected = class_rules.humanity + plugin.humanity_change(rules, sheet.creation)
        if sheet.derived.humanity != expected:
            out.append(f"derived.humanity: is {sheet.derived.humanity}, expected {expected}")
    elif sheet.derived.humanity is not None:
        out.append(f"derived.humanity: {cls.value} has no Humanity")
    return out


# --- the ledger -------------------------------------------------------------------------


def _undo_ledger(rules: Ruleset, sheet: Sheet, exp: Experience) -> tuple[LedgerState, list[str]]:
    out: list[str] = []
    cls = sheet.creation.character_class
    plugin = plugin_for(cls)
    try:
        level_name, level = rules.level(exp.level)
        if level.xp != exp.budget:
            out.append(f"experience.budget: {exp.budget} but {level_name} gives {level.xp}")
    except PersonaeError:
        out.append(f"experience.level: unknown level {exp.level!r}")
    state = _state_of(sheet)
    ledger = exp.ledger
    for idx in range(len(ledger) - 1, -1, -1):
        p = ledger[idx]
        now = state.get(p.category, p.trait)
        if now != p.to:
            out.append(
                f"experience.ledger[{idx}] {p.trait}: sheet has {now} where the "
                f"purchase ended at {p.to}"
            )
        state.set(p.category, p.trait, p.from_)
    before = state.copy()
    costs = rules.compiled.costs(cls)
    total = 0
    counts = Counter({c: len(state.members.get(c, ())) for c in MEMBER_CATEGORIES})
    for idx, p in enumerate(ledger):
        where = f"experience.ledger[{idx}] {p.trait}"
        rule = costs.get(p.category)
        if rule is None:
            out.append(f"{where}: {cls.value} cannot buy {p.category}")
            continue
        if p.to != p.from_ + 1:
            out.append(f"{where}: buys from {p.from_} to {p.to}; one dot at a time")
        expected = plugin.expected_category(rules, sheet, p.category, p.trait)
        if expected != p.category:
            out.append(f"{where}: priced as {p.category}, should be {expected}")
        out += [f"{where}: {m}" for m in _purchase_problems(rules, sheet, state, p.category,
                                                             p.trait)]
        member = p.category in MEMBER_CATEGORIES
        price = rule.price(p.to, counts[p.category] + 1 if member else 1)
        if price != p.cost:
            out.append(f"{where}: cost {p.cost}, the table says {price}")
        total += p.cost
        if member:
            counts[p.category] += 1
        state.set(p.category, p.trait, p.to)
    if total != exp.spent:
        out.append(f"experience.spent: {exp.spent} but the ledger adds up to {total}")
    if exp.spent > exp.budget:
        out.append(f"experience.spent: {exp.spent} exceeds the budget of {exp.budget}")
    return before, out


def _purchase_problems(
    rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
) -> list[str]:
    cls = sheet.creation.character_class
    if category == "specialty":
        skill = trait.split(": ", 1)[0]
        if state.get("skill", skill) < 1:
            return [f"specialty in {skill}, which has no dots at that point"]
        return []
    if category == "advantage":
        entry = rules.merits.get(trait)
        if entry is None or not rules.allows(entry, cls) or not entry.creation:
            return [f"{trait} is not an advantage open to {cls.value}"]
        return []
    return plugin_for(cls).purchase_problems(rules, sheet, state, category, trait)


# --- creation ---------------------------------------------------------------------------


def _check_creation(
    rules: Ruleset, sheet: Sheet, st: LedgerState, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    plugin = plugin_for(c.character_class)
    attrs = sorted(st.get("attribute", a) for a in rules.compiled.attributes)
    wanted_attrs = sorted(rules.compiled.attribute_values)
    if attrs != wanted_attrs:
        out.append(f"attributes before XP are {attrs}, creation requires {wanted_attrs}")
    if c.skill_focus not in rules.spec.skills.focuses:
        return [*out, f"creation.skill_focus: unknown focus {c.skill_focus!r}"]
    skills = {s: st.get("skill", s) for s in rules.compiled.skills}
    created_skills = dict(skills)
    for skill in _granted_skill_dots(sheet):
        if skills[skill] != 1:
            out.append(f"skills: the dot a creation rule granted in {skill} must sit at 1")
        else:
            skills[skill] = 0
    wanted = dict(rules.spec.skills.focuses[c.skill_focus].dots)
    have = Counter(v for v in skills.values() if v > 0)
    if dict(have) != wanted:
        out.append(
            f"skills before XP have dot counts {dict(sorted(have.items()))}, "
            f"{c.skill_focus} requires {dict(sorted(wanted.items()))}"
        )
    try:
        rules.concept(c.concept_id)
    except PersonaeError:
        out.append(f"creation.concept_id: unknown concept {c.concept_id!r}")
    out += _check_specialties(rules, sheet, created_skills)
    out += _check_advantages(rules, sheet, st, adv_budget, flaw_budget)
    if sheet.disciplines and not plugin.has_disciplines:
        out.append(f"disciplines: {c.character_class.value} has none")
    out += plugin.check_creation(rules, sheet, st)
    return out


def _granted_skill_dots(sheet: Sheet) -> list[str]:
    """Skills whose first dot a creation rule gave (a predator specialty in an empty skill)."""
    if not sheet.creation.predator_skill_dot:
        return []
    return [s.skill for s in sheet.specialties if s.source == "predator"][:1]


def _check_specialties(rules: Ruleset, sheet: Sheet, skills: dict[str, int]) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for s in sheet.specialties:
        if (s.skill, s.name) in seen:
            out.append(f"specialties: {s.skill}: {s.name} appears twice")
        seen.add((s.skill, s.name))
        if sheet.skills.get(s.skill, 0) < 1:
            out.append(f"specialties: {s.skill}: {s.name} needs at least one dot in {s.skill}")
    by_source = Counter(s.source for s in sheet.specialties)
    free_any = rules.spec.specialties.free_any
    if by_source["free"] != free_any:
        out.append(f"specialties: {by_source['free']} free ones, the rules give {free_any}")
    for skill in rules.spec.specialties.free_in_skills:
        count = sum(1 for s in sheet.specialties if s.source == "skill" and s.skill == skill)
        expected = 1 if skills[skill] >= 1 else 0
        if count != expected:
            out.append(f"specialties: {count} free {skill} specialties, expected {expected}")
    if by_source["predator"] and not sheet.creation.predator_type:
        out.append("specialties: a predator specialty without a predator type")
    return out


def _check_advantages(
    rules: Ruleset, sheet: Sheet, st: LedgerState, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    cls = c.character_class
    plugin = plugin_for(cls)
    extra_adv, extra_flaw = plugin.budget_extras(rules, c)
    barred = plugin.barred_merits(rules, c)
    names = Counter(a.name for a in sheet.advantages)
    out += [f"advantages: {n} taken twice" for n, k in names.items() if k > 1]
    for a in sheet.advantages:
        entry = rules.merits.get(a.name)
        if entry is None:
            out.append(f"advantages: unknown advantage {a.name!r}")
            continue
        if a.source in ("creation", "xp"):
            if not entry.creation or not rules.allows(entry, cls):
                out.append(f"advantages: {a.name} is not open to {cls.value} at creation")
            if a.name in barred:
                out.append(f"advantages: {a.name} is barred to this character")
            if not entry.min <= a.dots <= entry.max:
                out.append(
                    f"advantages: {a.name} has {a.dots} dots, allowed {entry.min}-{entry.max}"
                )
    for f in sheet.flaws:
        entry = rules.flaws.get(f.name)
        if entry is None:
            out.append(f"flaws: unknown flaw {f.name!r}")
        elif f.source == "creation" and (
            not entry.creation
            or not rules.allows(entry, cls)
            or not entry.min <= f.dots <= entry.max
        ):
            out.append(f"flaws: {f.name} at {f.dots} dots is not allowed for {cls.value}")
    creation_adv = sum(
        st.get("advantage", a.name) for a in sheet.advantages if a.source == "creation"
    )
    if any(st.get("advantage", a.name) for a in sheet.advantages if a.source == "xp"):
        out.append("advantages: an XP-bought advantage has dots before any XP was spent")
    if creation_adv != adv_budget + extra_adv:
        out.append(
            f"advantages: {creation_adv} creation dots, the rules give {adv_budget + extra_adv}"
        )
    creation_flaws = sum(f.dots for f in sheet.flaws if f.source == "creation")
    if creation_flaws != flaw_budget + extra_flaw:
        out.append(
            f"flaws: {creation_flaws} creation dots, the rules give {flaw_budget + extra_flaw}"
        )
    granted = [i for i in [*sheet.advantages, *sheet.flaws] if i.source not in ("creation", "xp")]
    if granted and not plugin.has_grants:
        out.append(f"{[i.name for i in granted]}: granted by rules {cls.value} does not have")
    return out


# --- the final sheet --------------------------------------------------------------------


def _check_final(rules: Ruleset, sheet: Sheet) -> list[str]:
    out: list[str] = []
    a_rules = rules.spec.attributes
    for name, v in sheet.attributes.items():
        if not a_rules.min <= v <= a_rules.max:
            out.append(f"attributes.{name}: {v} outside {a_rules.min}-{a_rules.max}")
    top = rules.spec.skills.max
    for name, v in sheet.skills.items():
        if not 0 <= v <= top:
            out.append(f"skills.{name}: {v} outside 0-{top}")
    d = rules.spec.derived
    health = d.health.base + sum(sheet.attributes[x] for x in d.health.add)
    will = d.willpower.base + sum(sheet.attributes[x] for x in d.willpower.add)
    if sheet.derived.health != health:
        out.append(f"derived.health: {sheet.derived.health}, expected {health}")
    if sheet.derived.willpower != will:
        out.append(f"derived.willpower: {sheet.derived.willpower}, expected {will}")
    out += plugin_for(sheet.creation.character_class).check_final(rules, sheet)
    return out
