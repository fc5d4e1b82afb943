"""An independent legality check of any sheet: creation rules, ranges, derived traits, XP.

It shares no code with the builder: it undoes the ledger to recover the creation sheet,
checks that against the ruleset's creation rules, then replays every purchase at its cost.
Checks every class shares live here; each class plug-in checks its own part.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..classes import ClassPlugin, plugin_for
from ..enums import CharacterClass
from ..errors import PersonaeError, SheetInvalidError
from ..ruleset import Ruleset
from ..ruleset.tables import RITUAL_CATEGORIES, EntryTables, SheetFacts
from ..sheet import AdvantageItem, Experience, FlawItem, Sheet

MEMBER_CATEGORIES = frozenset({"specialty", "gift", "rite", "edge", "perk", *RITUAL_CATEGORIES})


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
    """Counts and memberships the ledger moves, readable before and after XP.

    `tables` holds dots per family ("skill", "attribute", "discipline", ...) and trait;
    `members` the names bought one by one (specialties, gifts, edges, rituals, ...).
    """

    tables: dict[str, dict[str, int]] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    def get(self, category: str, trait: str) -> int:
        if category in MEMBER_CATEGORIES:
            bucket = self.members.get(category)
            return int(bucket is not None and trait in bucket)
        table = self.tables.get(_FAMILIES.get(category, category))
        return table.get(trait, 0) if table is not None else 0

    def table(self, family: str) -> dict[str, int]:
        """The dots of one family (read only): a trait missing from it has none."""
        return self.tables.get(family, {})

    def set(self, category: str, trait: str, value: int) -> None:
        if category in MEMBER_CATEGORIES:
            bucket = self.members.setdefault(category, set())
            (bucket.add if value else bucket.discard)(trait)
        else:
            self.tables.setdefault(family(category), {})[trait] = value

    def copy(self) -> LedgerState:
        return LedgerState(
            {k: dict(v) for k, v in self.tables.items()},
            {k: set(v) for k, v in self.members.items()},
        )


_BOUGHT = ("creation", "xp")
# purchases `_purchase_problems` checks itself; the class plug-in checks the others
_SHARED_CHECKS = frozenset({"specialty", "advantage"})


def _state_of(rules: Ruleset, sheet: Sheet) -> LedgerState:
    tables = {
        "attribute": dict(sheet.attributes),
        "skill": dict(sheet.skills),
        "discipline": dict(sheet.disciplines),
        "renown": dict(sheet.renown),
        "advantage": {a.name: a.dots for a in sheet.advantages if a.source in _BOUGHT},
    }
    blood_potency = sheet.derived.blood_potency
    if blood_potency is not None:
        tables["blood_potency"] = {"Blood Potency": blood_potency}
    edges = sheet.edges
    members = {
        "specialty": {f"{s.skill}: {s.name}" for s in sheet.specialties if s.source == "xp"},
        "gift": {g.name for g in sheet.gifts},
        "rite": set(sheet.rites),
        "edge": {e.name for e in edges},
        "perk": {f"{e.name}: {p}" for e in edges for p in e.perks} if edges else set(),
    }
    if sheet.rituals:
        lists = rules.compiled.entries.ritual_lists
        for r in sheet.rituals:
            ritual_list = lists.get(r.discipline)
            category = ritual_list.category if ritual_list else "ritual"
            members.setdefault(category, set()).add(r.name)
    return LedgerState(tables, members)


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
    if sheet.attributes.keys() != table.attribute_set:
        out.append(f"attributes: expected exactly {list(table.attributes)}")
    if sheet.skills.keys() != table.skill_set:
        out.append(f"skills: expected exactly {list(table.skills)}")
    if out:
        return out
    # One state, moved twice: wound back to creation, checked against the creation rules,
    # then moved forward purchase by purchase while each is checked.
    state, out = _undo_ledger(rules, sheet, experience)
    creation = _check_creation(rules, sheet, state, class_rules.advantages, class_rules.flaws)
    out += _replay_ledger(rules, sheet, experience, state)
    out += creation
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
    """The sheet as creation left it (every purchase wound back), and what the winding
    back found wrong."""
    out: list[str] = []
    try:
        level_name, level = rules.level(exp.level)
        if level.xp != exp.budget:
            out.append(f"experience.budget: {exp.budget} but {level_name} gives {level.xp}")
    except PersonaeError:
        out.append(f"experience.level: unknown level {exp.level!r}")
    state = _state_of(rules, sheet)
    ledger = exp.ledger
    tables = state.tables
    members = state.members
    for idx in range(len(ledger) - 1, -1, -1):
        p = ledger[idx]
        category, trait = p.category, p.trait
        if category in MEMBER_CATEGORIES:
            bucket = members.get(category)
            now = int(bucket is not None and trait in bucket)
            if p.from_:
                if bucket is None:
                    bucket = members[category] = set()
                bucket.add(trait)
            elif bucket is not None:
                bucket.discard(trait)
        else:  # dots: read and wind back in place
            fam = _FAMILIES.get(category, category)
            held = tables.get(fam)
            if held is None:
                held = tables[fam] = {}
            now = held.get(trait, 0)
            held[trait] = p.from_
        if now != p.to:
            out.append(
                f"experience.ledger[{idx}] {trait}: sheet has {now} where the "
                f"purchase ended at {p.to}"
            )
    return state, out


def _replay_ledger(rules: Ruleset, sheet: Sheet, exp: Experience, state: LedgerState) -> list[str]:
    """Replay every purchase from the creation sheet `state` (moved forward in place):
    its step, price line, price, and what the sheet held at that point."""
    out: list[str] = []
    ledger = exp.ledger
    total = 0
    if ledger:
        cls = sheet.creation.character_class
        plugin = plugin_for(cls)
        expected_category = plugin.expected_category
        # a class that keeps the default (every category is its own price line) is not asked
        own = getattr(expected_category, "__func__", None)
        checks_lines = own is not ClassPlugin.expected_category
        class_problems = plugin.purchase_problems
        # likewise a class without purchase checks of its own is not asked
        checks_own = getattr(class_problems, "__func__", None) is not ClassPlugin.purchase_problems
        costs = rules.compiled.costs(cls)
        table = rules.compiled.entries
        closed_categories = table.closed_categories
        ritual_by_name = table.ritual_by_name
        tables = state.tables
        members = state.members
        counts: dict[str, int] = {}  # items of a category held, from creation on
        capped = table.capped_skills  # skills some merit or flaw may cap
        caps: dict[str, tuple[int, str]] | None = None  # the sheet's caps, read on first need
        for idx, p in enumerate(ledger):
            category, trait, to = p.category, p.trait, p.to
            found: list[str] = []
            rule = costs.get(category)
            closed = closed_categories.get(category)
            if closed is not None:
                found.append(
                    f"{category} bought with XP, but settings.{closed} is off "
                    f"(a house rule; {category} is not bought with XP)"
                )
            elif rule is None:
                found.append(f"{cls.value} cannot buy {category}")
            else:
                if to != p.from_ + 1:
                    found.append(f"buys from {p.from_} to {to}; one dot at a time")
                if checks_lines:
                    expected = expected_category(rules, sheet, category, trait)
                    if expected != category:
                        found.append(f"priced as {category}, should be {expected}")
                if category == "skill":  # the common purchase, checked inline
                    if trait in capped:
                        if caps is None:
                            caps = table.cap_for(_entry_names(sheet))
                        new = tables["skill"].get(trait, 0) + 1
                        cap = caps.get(trait)
                        if cap is not None and new > cap[0]:
                            found.append(
                                f"{trait} raised to {new}, above the cap of {cap[0]} that "
                                f"{cap[1]} sets"
                            )
                elif category in _SHARED_CHECKS:
                    found += _purchase_problems(rules, sheet, state, category, trait)
                elif checks_own:
                    found += class_problems(rules, sheet, state, category, trait)
                if category in MEMBER_CATEGORIES:
                    nth = counts.get(category)
                    if nth is None:
                        nth = len(members.get(category, ()))
                    nth = counts[category] = nth + 1
                    priced_at = to
                    if category in RITUAL_CATEGORIES:
                        item = ritual_by_name.get((category, trait))
                        priced_at = item.level if item else to
                    price = rule.price(priced_at, nth)
                    bucket = members.get(category)
                    if bucket is None:
                        bucket = members[category] = set()
                    (bucket.add if to else bucket.discard)(trait)
                else:
                    price = to * rule.amount if rule.kind == "per_new_level" else rule.price(to, 1)
                    fam = _FAMILIES.get(category, category)
                    held = tables.get(fam)
                    if held is None:
                        held = tables[fam] = {}
                    held[trait] = to
                if price != p.cost:
                    found.append(f"cost {p.cost}, the table says {price}")
                total += p.cost
            if found:
                out += [f"experience.ledger[{idx}] {trait}: {m}" for m in found]
    if total != exp.spent:
        out.append(f"experience.spent: {exp.spent} but the ledger adds up to {total}")
    if exp.spent > exp.budget:
        out.append(f"experience.spent: {exp.spent} exceeds the budget of {exp.budget}")
    return out


def _purchase_problems(
    rules: Ruleset, sheet: Sheet, state: LedgerState, category: str, trait: str
) -> list[str]:
    """What is wrong with one purchase other than a skill's (checked inline)."""
    cls = sheet.creation.character_class
    if category == "specialty":
        skill = trait.split(": ", 1)[0]
        if state.get("skill", skill) < 1:
            return [f"specialty in {skill}, which has no dots at that point"]
        return []
    table = rules.compiled.entries
    if category == "advantage":
        entry = rules.merits.get(trait)
        if entry is None or not rules.allows(entry, cls) or not entry.creation:
            return [f"{trait} is not an advantage open to {cls.value}"]
        plugin = plugin_for(cls)
        if trait in plugin.bans(rules, sheet.creation)[0]:
            return [f"{trait} is barred: {plugin.ban_reason(rules, sheet.creation, trait)}"]
        new = state.get(category, trait) + 1
        if new not in table.dot_values[trait]:
            return [f"{trait} raised to {new} dots; allowed dots are {_dots(table, trait)}"]
        return []
    return plugin_for(cls).purchase_problems(rules, sheet, state, category, trait)


def _entry_names(sheet: Sheet) -> list[str]:
    return [*(a.name for a in sheet.advantages), *(f.name for f in sheet.flaws)]


def _dots(table: EntryTables, name: str) -> str:
    return ", ".join(map(str, table.dot_values[name]))


# --- creation ---------------------------------------------------------------------------


def _check_creation(
    rules: Ruleset, sheet: Sheet, st: LedgerState, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    plugin = plugin_for(c.character_class)
    compiled = rules.compiled
    attributes = st.table("attribute")
    attrs = sorted(
        attributes.values()
        if len(attributes) == len(compiled.attributes)  # the names were checked
        else (attributes.get(a, 0) for a in compiled.attributes)
    )
    wanted_attrs = compiled.attribute_values_sorted
    if attrs != wanted_attrs:
        out.append(f"attributes before XP are {attrs}, creation requires {wanted_attrs}")
    focus = c.skill_focus
    if focus not in compiled.focus_values:
        return [*out, f"creation.skill_focus: unknown focus {focus!r}"]
    skills = _skills_of(rules, st)
    created_skills = skills
    granted = _granted_skill_dots(sheet)
    if granted:
        created_skills = dict(skills)
        for skill in granted:
            if skills[skill] != 1:
                out.append(f"skills: the dot a creation rule granted in {skill} must sit at 1")
            else:
                skills[skill] = 0
    # the dots held, largest first, against the focus's (a dot count per value, read once
    # per ruleset); the counts are compared one by one only when that differs
    held = sorted([v for v in skills.values() if v], reverse=True)
    if held != compiled.focus_dots[focus]:
        wanted = dict(rules.spec.skills.focuses[focus].dots)
        have = Counter(skills.values())
        del have[0]
        if dict(have) != wanted:
            out.append(
                f"skills before XP have dot counts {dict(sorted(have.items()))}, "
                f"{focus} requires {dict(sorted(wanted.items()))}"
            )
    try:
        rules.concept(c.concept_id)
    except PersonaeError:
        out.append(f"creation.concept_id: unknown concept {c.concept_id!r}")
    out += _check_specialties(rules, sheet, created_skills)
    out += _check_advantages(rules, sheet, st, adv_budget, flaw_budget)
    if sheet.rituals and not plugin.has_rituals:
        out.append(f"rituals: {c.character_class.value} learns none")
    if sheet.disciplines and not plugin.has_disciplines:
        out.append(f"disciplines: {c.character_class.value} has none")
    out += plugin.check_creation(rules, sheet, st)
    return out


def _skills_of(rules: Ruleset, st: LedgerState) -> dict[str, int]:
    """Every skill of the ruleset with its dots in `st` (a copy)."""
    held = st.table("skill")
    if held.keys() == rules.compiled.skill_set:
        return dict(held)
    return {s: held.get(s, 0) for s in rules.compiled.skills}


def _granted_skill_dots(sheet: Sheet) -> list[str]:
    """Skills whose first dot a creation rule gave (a predator specialty in an empty skill)."""
    if not sheet.creation.predator_skill_dot:
        return []
    return [s.skill for s in sheet.specialties if s.source == "predator"][:1]


def _check_specialties(rules: Ruleset, sheet: Sheet, skills: dict[str, int]) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    sheet_skills = sheet.skills
    by_source: dict[str, int] = {}
    free_per_skill: dict[str, int] = {}  # specialties a skill's own rule gave, per skill
    for s in sheet.specialties:
        skill, source = s.skill, s.source
        key = (skill, s.name)
        if key in seen:
            out.append(f"specialties: {skill}: {s.name} appears twice")
        seen.add(key)
        if sheet_skills.get(skill, 0) < 1:
            out.append(f"specialties: {skill}: {s.name} needs at least one dot in {skill}")
        by_source[source] = by_source.get(source, 0) + 1
        if source == "skill":
            free_per_skill[skill] = free_per_skill.get(skill, 0) + 1
    spec_rules = rules.spec.specialties
    free_any = spec_rules.free_any
    if by_source.get("free", 0) != free_any:
        out.append(f"specialties: {by_source.get('free', 0)} free ones, the rules give {free_any}")
    compiled = rules.compiled
    free_in, required = compiled.free_specialty_skills, compiled.required_specialty_skills
    for skill in compiled.specialty_rule_skills:
        count = free_per_skill.get(skill, 0)
        dots = sheet_skills.get(skill, 0)
        needed = (skill in free_in and skills[skill] >= 1) or (skill in required and dots > 0)
        expected = int(needed)
        if count == expected:
            continue
        if expected and skill in required and not any(k[0] == skill for k in seen):
            out.append(
                f"specialties: {skill} has {dots} dots but no specialty; {skill} always "
                "carries one, a first dot bought with XP included (specialties.required_for)"
            )
        else:
            out.append(f"specialties: {count} free {skill} specialties, expected {expected}")
    if by_source.get("predator") and not sheet.creation.predator_type:
        out.append("specialties: a predator specialty without a predator type")
    return out


def _open_at_creation(rules: Ruleset, cls: CharacterClass) -> tuple[frozenset[str], ...]:
    """Names of the merits and of the flaws a class may take at creation or buy."""
    return rules.compiled.memo_of(("open_at_creation", cls), _open_names, rules, cls)


def _open_names(rules: Ruleset, cls: CharacterClass) -> tuple[frozenset[str], ...]:
    return tuple(
        frozenset(e.name for e in entries.values() if e.creation and rules.allows(e, cls))
        for entries in (rules.merits, rules.flaws)
    )


def _check_advantages(
    rules: Ruleset, sheet: Sheet, st: LedgerState, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    cls = c.character_class
    plugin = plugin_for(cls)
    extra_adv, extra_flaw = plugin.budget_extras(rules, c)
    always, at_creation = plugin.bans(rules, c)
    table = rules.compiled.entries
    dot_values = table.dot_values
    open_merits, open_flaws = _open_at_creation(rules, cls)
    merits = rules.merits
    advantages = sheet.advantages
    names = [a.name for a in advantages]
    if len(set(names)) != len(names):
        out += [f"advantages: {n} taken twice" for n, k in Counter(names).items() if k > 1]
    bought_dots = st.table("advantage")
    creation_adv = 0
    xp_before = False
    granted: list[str] = []
    unknown = False
    # what the entry rules read, gathered on the way: dots on the finished sheet and before
    # XP, and the entries that exclude, require or cap anything
    constrained = table.constrained
    final: dict[str, int] = {}
    before: dict[str, int] = {}
    items: list[tuple[str, AdvantageItem | FlawItem]] = []
    for a in advantages:
        name, source = a.name, a.source
        final[name] = a.dots
        if source == "creation":
            dots = bought_dots.get(name, 0)
            creation_adv += dots
        elif source == "xp":
            dots = bought_dots.get(name, 0)
            xp_before = xp_before or bool(dots)
        else:
            dots = a.dots
            granted.append(name)
        if dots:
            before[name] = dots
        if name in constrained:
            items.append(("advantages", a))
        if name not in merits:
            out.append(f"advantages: unknown advantage {name!r}")
            unknown = True
            continue
        if (source == "creation" or source == "xp") and name not in open_merits:
            out.append(f"advantages: {name} is not open to {cls.value} at creation")
        if name in (at_creation if source != "xp" else always):
            reason = plugin.ban_reason(rules, c, name)
            out.append(f"advantages: {name} is barred to this character: {reason}")
        if a.dots not in dot_values[name]:
            out.append(
                f"advantages: {name} has {a.dots} dots; allowed dots are {_dots(table, name)}"
            )
    creation_flaws = 0
    flaws = rules.flaws
    for f in sheet.flaws:
        name = f.name
        final[name] = f.dots
        if f.dots:
            before[name] = f.dots
        if name in constrained:
            items.append(("flaws", f))
        if f.source == "creation":
            creation_flaws += f.dots
        else:
            granted.append(name)
        if name not in flaws:
            out.append(f"flaws: unknown flaw {name!r}")
            unknown = True
            continue
        if f.source == "creation" and name not in open_flaws:
            out.append(f"flaws: {name} is not open to {cls.value} at creation")
        if name in at_creation:
            reason = plugin.ban_reason(rules, c, name)
            out.append(f"flaws: {name} is barred to this character: {reason}")
        if f.dots not in dot_values[name]:
            out.append(f"flaws: {name} has {f.dots} dots; allowed dots are {_dots(table, name)}")
    if items and not unknown:
        out += _check_entry_rules(rules, sheet, st, items, final, before)
    if xp_before:
        out.append("advantages: an XP-bought advantage has dots before any XP was spent")
    if creation_adv != adv_budget + extra_adv:
        out.append(
            f"advantages: {creation_adv} creation dots, the rules give {adv_budget + extra_adv}"
        )
    if creation_flaws != flaw_budget + extra_flaw:
        out.append(
            f"flaws: {creation_flaws} creation dots, the rules give {flaw_budget + extra_flaw}"
        )
    if granted and not plugin.has_grants:
        out.append(f"{granted}: granted by rules {cls.value} does not have")
    return out


# --- the final sheet --------------------------------------------------------------------


def _check_final(rules: Ruleset, sheet: Sheet) -> list[str]:
    out: list[str] = []
    a_rules = rules.spec.attributes
    attributes, skills = sheet.attributes, sheet.skills
    # each trait is named only when the lowest or highest value is out of range
    if attributes and (
        min(attributes.values()) < a_rules.min or max(attributes.values()) > a_rules.max
    ):
        for name, v in attributes.items():
            if not a_rules.min <= v <= a_rules.max:
                out.append(f"attributes.{name}: {v} outside {a_rules.min}-{a_rules.max}")
    top = rules.spec.skills.max
    if skills and (min(skills.values()) < 0 or max(skills.values()) > top):
        for name, v in skills.items():
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


def _check_entry_rules(
    rules: Ruleset,
    sheet: Sheet,
    st: LedgerState,
    items: list[tuple[str, AdvantageItem | FlawItem]],
    final: dict[str, int],
    before: dict[str, int],
) -> list[str]:
    """Exclusions, prerequisites and skill caps of the merits, backgrounds and flaws, on the
    finished sheet (`final` dots) and on the sheet as creation left it (`before`); `items`
    are the entries that exclude, require or cap anything."""
    out: list[str] = []
    table = rules.compiled.entries
    c = sheet.creation
    facts = SheetFacts(c.character_class, c.clan_id, final, sheet.skills, sheet.disciplines)
    discipline_dots = st.table("discipline")
    skills0 = _skills_of(rules, st)
    start = SheetFacts(
        c.character_class,
        c.clan_id,
        before,
        skills0,
        {d: discipline_dots.get(d, 0) for d in sheet.disciplines},
    )
    reported: set[frozenset[str]] = set()
    requires = table.requires
    for key, item in items:
        name = item.name
        for other in table.conflicts(name, final):
            pair = frozenset((name, other))
            if pair not in reported:
                reported.add(pair)
                out.append(f"{key}: {name} and {other} exclude each other")
        if name not in requires:
            continue
        missing = table.unmet(name, facts)
        out += [f"{key}: {name} requires {need}" for need in missing]
        if name in before:
            out += [
                f"{key}: {name} requires {need} at creation; it came only with XP"
                for need in table.unmet(name, start)
                if need not in missing
            ]
    skills = sheet.skills
    for skill, (cap, by) in table.cap_for(final).items():
        if skills.get(skill, 0) > cap:
            out.append(f"skills.{skill}: {skills[skill]} is above the cap of {cap} that {by} sets")
    for skill, (cap, by) in table.cap_for(before).items():
        if skills0.get(skill, 0) > cap:
            out.append(f"skills.{skill}: {skills0[skill]} at creation, above {by}'s cap of {cap}")
    return out
