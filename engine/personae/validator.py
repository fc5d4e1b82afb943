"""An independent legality check of any sheet: creation rules, ranges, derived traits, XP.

It shares no code with the builder: it undoes the ledger to recover the creation sheet,
checks that against the ruleset's creation rules, then replays every purchase at its cost.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .enums import CharacterClass
from .errors import PersonaeError, SheetInvalidError
from .ruleset import Ruleset
from .sheet import Experience, Sheet

_MEMBER_CATEGORIES = {"specialty", "gift", "rite", "edge", "perk"}


@dataclass
class _State:
    """Counts and memberships the ledger moves, readable before and after XP."""

    values: dict[tuple[str, str], int] = field(default_factory=dict)
    members: dict[str, set[str]] = field(default_factory=dict)

    def get(self, category: str, trait: str) -> int:
        if category in _MEMBER_CATEGORIES:
            return int(trait in self.members.setdefault(category, set()))
        return self.values.get((_family(category), trait), 0)

    def set(self, category: str, trait: str, value: int) -> None:
        if category in _MEMBER_CATEGORIES:
            bucket = self.members.setdefault(category, set())
            (bucket.add if value else bucket.discard)(trait)
        else:
            self.values[(_family(category), trait)] = value


def _family(category: str) -> str:
    return "discipline" if category.startswith("discipline") else category


def _state_of(sheet: Sheet) -> _State:
    state = _State()
    for name, v in sheet.attributes.items():
        state.values[("attribute", name)] = v
    for name, v in sheet.skills.items():
        state.values[("skill", name)] = v
    for name, v in sheet.disciplines.items():
        state.values[("discipline", name)] = v
    for name, v in sheet.renown.items():
        state.values[("renown", name)] = v
    for a in sheet.advantages:
        if a.source in ("creation", "xp"):
            state.values[("advantage", a.name)] = a.dots
    if sheet.derived.blood_potency is not None:
        state.values[("blood_potency", "Blood Potency")] = sheet.derived.blood_potency
    state.members = {
        "specialty": {f"{s.skill}: {s.name}" for s in sheet.specialties if s.source == "xp"},
        "gift": {g.name for g in sheet.gifts},
        "rite": set(sheet.rites),
        "edge": {e.name for e in sheet.edges},
        "perk": {f"{e.name}: {p}" for e in sheet.edges for p in e.perks},
    }
    return state


def check_sheet(rules: Ruleset, sheet: Sheet, experience: Experience) -> None:
    """Raise SheetInvalidError listing every violation, or return quietly."""
    problems = validate_sheet(rules, sheet, experience)
    if problems:
        raise SheetInvalidError(problems)


def validate_sheet(rules: Ruleset, sheet: Sheet, experience: Experience) -> list[str]:
    """Every rule the sheet breaks, as precise one-line messages (empty when legal)."""
    out: list[str] = []
    cls = sheet.creation.character_class
    try:
        class_rules = rules.class_rules(cls)
    except PersonaeError as exc:
        return [f"creation.character_class: {exc}"]
    if set(sheet.attributes) != set(rules.attributes):
        out.append(f"attributes: expected exactly {rules.attributes}")
    if set(sheet.skills) != set(rules.skills):
        out.append(f"skills: expected exactly {rules.skills}")
    if out:
        return out
    before, ledger_problems = _undo_ledger(rules, sheet, experience)
    out += ledger_problems
    out += _check_creation(rules, sheet, before, class_rules.advantages, class_rules.flaws)
    out += _check_final(rules, sheet)
    if class_rules.humanity is not None:
        change = 0
        if sheet.creation.predator_type:
            change = rules.predator_type(sheet.creation.predator_type).humanity
        if sheet.derived.humanity != class_rules.humanity + change:
            out.append(
                f"derived.humanity: is {sheet.derived.humanity}, "
                f"expected {class_rules.humanity + change}"
            )
    elif sheet.derived.humanity is not None:
        out.append(f"derived.humanity: {cls.value} has no Humanity")
    return out


# --- the ledger -------------------------------------------------------------------------


def _undo_ledger(rules: Ruleset, sheet: Sheet, exp: Experience) -> tuple[_State, list[str]]:
    out: list[str] = []
    cls = sheet.creation.character_class
    try:
        level_name, level = rules.level(exp.level)
        if level.xp != exp.budget:
            out.append(f"experience.budget: {exp.budget} but {level_name} gives {level.xp}")
    except PersonaeError:
        out.append(f"experience.level: unknown level {exp.level!r}")
    state = _state_of(sheet)
    for i, p in enumerate(reversed(exp.ledger)):
        idx = len(exp.ledger) - 1 - i
        now = state.get(p.category, p.trait)
        if now != p.to:
            out.append(
                f"experience.ledger[{idx}] {p.trait}: sheet has {now} where the "
                f"purchase ended at {p.to}"
            )
        state.set(p.category, p.trait, p.from_)
    before = _copy(state)
    costs = rules.costs_for(cls)
    total = 0
    counts = Counter({c: len(state.members.get(c, ())) for c in _MEMBER_CATEGORIES})
    counts["perk"] = len(state.members.get("perk", ()))
    for idx, p in enumerate(exp.ledger):
        where = f"experience.ledger[{idx}] {p.trait}"
        rule = costs.get(p.category)
        if rule is None:
            out.append(f"{where}: {cls.value} cannot buy {p.category}")
            continue
        if p.to != p.from_ + 1:
            out.append(f"{where}: buys from {p.from_} to {p.to}; one dot at a time")
        expected_category = _expected_category(rules, sheet, p.category, p.trait)
        if expected_category and expected_category != p.category:
            out.append(f"{where}: priced as {p.category}, should be {expected_category}")
        out += [
            f"{where}: {m}" for m in _purchase_allowed(rules, sheet, state, p.category, p.trait)
        ]
        nth = counts[p.category] + 1 if p.category in _MEMBER_CATEGORIES else 1
        price = rule.price(p.to, nth)
        if price != p.cost:
            out.append(f"{where}: cost {p.cost}, the table says {price}")
        total += p.cost
        counts[p.category] += 1 if p.category in _MEMBER_CATEGORIES else 0
        state.set(p.category, p.trait, p.to)
    if total != exp.spent:
        out.append(f"experience.spent: {exp.spent} but the ledger adds up to {total}")
    if exp.spent > exp.budget:
        out.append(f"experience.spent: {exp.spent} exceeds the budget of {exp.budget}")
    return before, out


def _copy(state: _State) -> _State:
    return _State(dict(state.values), {k: set(v) for k, v in state.members.items()})


def _expected_category(rules: Ruleset, sheet: Sheet, category: str, trait: str) -> str | None:
    if not category.startswith("discipline"):
        return None
    clan_id = sheet.creation.clan_id
    if clan_id is None:
        return "discipline_other"
    clan = rules.clan_by_id(clan_id)
    if clan.any_disciplines:
        return "discipline_caitiff"
    return "discipline_clan" if trait in clan.disciplines else "discipline_other"


def _purchase_allowed(
    rules: Ruleset, sheet: Sheet, state: _State, category: str, trait: str
) -> list[str]:
    cls = sheet.creation.character_class
    if category == "specialty":
        skill = trait.split(": ", 1)[0]
        if state.get("skill", skill) < 1:
            return [f"specialty in {skill}, which has no dots at that point"]
    elif category == "advantage":
        entry = rules.merits.get(trait)
        if entry is None or not rules.allows(entry, cls) or not entry.creation:
            return [f"{trait} is not an advantage open to {cls.value}"]
    elif category == "gift":
        gift = rules.gifts.get(trait)
        total = sum(state.get("renown", r) for r in rules.werewolf.renown_types)
        if gift is None:
            return ["unknown gift"]
        if gift.min_renown > total:
            return [f"needs renown {gift.min_renown}, had {total}"]
        if gift.source == "tribe" and gift.tribe != sheet.creation.tribe_id:
            return [f"a gift of another tribe ({gift.tribe})"]
        if gift.source == "auspice" and gift.auspice != sheet.creation.auspice_id:
            return [f"a gift of another auspice ({gift.auspice})"]
    elif category == "perk":
        edge, _, perk = trait.partition(": ")
        if edge not in state.members.get("edge", set()):
            return [f"perk of an edge ({edge}) not owned at that point"]
        if perk not in rules.edges[edge].perks:
            return [f"{perk} is not a perk of {edge}"]
    elif category == "blood_potency" and sheet.derived.generation is not None:
        top = rules.potency_limits(sheet.derived.generation)[1]
        if state.get(category, trait) + 1 > top:
            return [f"generation {sheet.derived.generation} caps Blood Potency at {top}"]
    return []


# --- creation ---------------------------------------------------------------------------


def _check_creation(
    rules: Ruleset, sheet: Sheet, st: _State, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    attrs = sorted(st.get("attribute", a) for a in rules.attributes)
    if attrs != sorted(rules.spec.attributes.creation):
        out.append(
            f"attributes before XP are {attrs}, creation requires "
            f"{sorted(rules.spec.attributes.creation)}"
        )
    if c.skill_focus not in rules.spec.skills.focuses:
        return [*out, f"creation.skill_focus: unknown focus {c.skill_focus!r}"]
    skills = {s: st.get("skill", s) for s in rules.skills}
    created_skills = dict(skills)
    ptype = rules.predator_type(c.predator_type) if c.predator_type else None
    predator_specs = [s for s in sheet.specialties if s.source == "predator"]
    if c.predator_skill_dot:
        if not predator_specs or skills[predator_specs[0].skill] != 1:
            out.append("creation.predator_skill_dot: the predator specialty skill must sit at 1")
        else:
            skills[predator_specs[0].skill] = 0
    wanted = {lvl: n for lvl, n in rules.spec.skills.focuses[c.skill_focus].dots.items()}
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
    out += _check_specialties(rules, sheet, created_skills, ptype)
    out += _check_advantages(rules, sheet, st, adv_budget, flaw_budget)
    cls = c.character_class
    if cls is CharacterClass.VAMPIRE:
        out += _check_vampire(rules, sheet, st)
    elif sheet.disciplines and cls is not CharacterClass.GHOUL:
        out.append(f"disciplines: {cls.value} has none")
    if cls is CharacterClass.WEREWOLF:
        out += _check_werewolf(rules, sheet, st)
    if cls is CharacterClass.HUNTER:
        out += _check_hunter(rules, sheet, st)
    if cls is CharacterClass.GHOUL:
        out += _check_ghoul(rules, sheet, st)
    return out


def _check_specialties(
    rules: Ruleset, sheet: Sheet, skills: dict[str, int], ptype: Any
) -> list[str]:
    out: list[str] = []
    seen: set[tuple[str, str]] = set()
    for s in sheet.specialties:
        if (s.skill, s.name) in seen:
            out.append(f"specialties: {s.skill}: {s.name} appears twice")
        seen.add((s.skill, s.name))
        if sheet.skills.get(s.skill, 0) < 1:
            out.append(f"specialties: {s.skill}: {s.name} needs at least one dot in {s.skill}")
    by_source = Counter(s.source for s in sheet.specialties)
    if by_source["free"] != rules.spec.specialties.free_any:
        out.append(
            f"specialties: {by_source['free']} free ones, the rules give "
            f"{rules.spec.specialties.free_any}"
        )
    for skill in rules.spec.specialties.free_in_skills:
        count = sum(1 for s in sheet.specialties if s.source == "skill" and s.skill == skill)
        expected = 1 if skills[skill] >= 1 else 0
        if count != expected:
            out.append(f"specialties: {count} free {skill} specialties, expected {expected}")
    preds = [s for s in sheet.specialties if s.source == "predator"]
    if ptype is None and preds:
        out.append("specialties: a predator specialty without a predator type")
    if ptype is not None:
        allowed = {(o.skill, o.name) for o in ptype.specialties}
        if len(preds) != 1 or (preds[0].skill, preds[0].name) not in allowed:
            out.append(f"specialties: needs exactly one of {ptype.name}'s specialties")
    return out


def _check_advantages(
    rules: Ruleset, sheet: Sheet, st: _State, adv_budget: int, flaw_budget: int
) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    cls = c.character_class
    extra_adv = extra_flaw = 0
    if cls is CharacterClass.VAMPIRE and c.clan_id:
        clan = rules.clan_by_id(c.clan_id)
        tier = (
            rules.vampire.thin_blood_tier if clan.thin_blood else rules.tier(c.vampire_tier or "")
        )
        extra_adv, extra_flaw = tier.extra_advantages, tier.extra_flaws
    names = Counter(a.name for a in sheet.advantages)
    out += [f"advantages: {n} taken twice" for n, k in names.items() if k > 1]
    excluded: set[str] = set()
    if c.clan_id:
        excluded = set(rules.clan_by_id(c.clan_id).excluded_merits)
    for a in sheet.advantages:
        entry = rules.merits.get(a.name)
        if entry is None:
            out.append(f"advantages: unknown advantage {a.name!r}")
            continue
        if a.source in ("creation", "xp"):
            if not entry.creation or not rules.allows(entry, cls):
                out.append(f"advantages: {a.name} is not open to {cls.value} at creation")
            if a.name in excluded:
                out.append(f"advantages: {a.name} is barred to this clan")
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
    out += _check_grants(rules, sheet)
    return out


def _check_grants(rules: Ruleset, sheet: Sheet) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    got = sorted((i.name, i.dots) for i in [*sheet.advantages, *sheet.flaws] if i.source == "clan")
    want = sorted((g.name, g.dots) for g in rules.clan_by_id(c.clan_id).grants) if c.clan_id else []
    if got != want:
        out.append(f"clan grants are {got}, expected {want}")
    tb = [i for i in [*sheet.advantages, *sheet.flaws] if i.source == "thin_blood"]
    if tb and not (c.clan_id and rules.clan_by_id(c.clan_id).thin_blood):
        out.append("thin-blood merits or flaws on a character who is not thin-blooded")
    ptype = rules.predator_type(c.predator_type) if c.predator_type else None
    preds = [
        (i.name, i.dots, "flaw" if i in sheet.flaws else i.kind)
        for i in [*sheet.advantages, *sheet.flaws]
        if i.source == "predator"
    ]
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


def _check_vampire(rules: Ruleset, sheet: Sheet, st: _State) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    vampire = rules.vampire
    try:
        clan = rules.clan(c.clan_id or "")
    except PersonaeError:
        return [f"creation.clan_id: unknown clan {c.clan_id!r}"]
    tier = vampire.thin_blood_tier if clan.thin_blood else vampire.tiers.get(c.vampire_tier or "")
    if tier is None:
        return [f"creation.vampire_tier: unknown tier {c.vampire_tier!r}"]
    gen = sheet.derived.generation or 0
    if not tier.generation[0] <= gen <= tier.generation[1]:
        out.append(f"derived.generation: {gen} outside {tier.generation[0]}-{tier.generation[1]}")
    ptype = rules.predator_type(c.predator_type) if c.predator_type else None
    potency = tier.blood_potency + (ptype.blood_potency if ptype else 0)
    if st.get("blood_potency", "Blood Potency") != potency:
        out.append(
            f"derived.blood_potency: {st.get('blood_potency', 'Blood Potency')} before XP, "
            f"expected {potency}"
        )
    if ptype is not None:
        if clan.id in ptype.excluded_clans:
            out.append(f"creation.predator_type: {ptype.name} is barred to {clan.name}")
        if ptype.max_blood_potency is not None and potency > ptype.max_blood_potency:
            out.append(
                f"creation.predator_type: {ptype.name} needs Blood Potency "
                f"<= {ptype.max_blood_potency}"
            )
    before = {d: st.get("discipline", d) for d in rules.discipline_names}
    before = {d: v for d, v in before.items() if v}
    if ptype is not None and not clan.thin_blood and vampire.creation.predator_discipline_dots:
        pd = c.predator_discipline
        options = [o.name for o in ptype.disciplines if o.clans is None or clan.id in o.clans]
        if pd not in options:
            out.append(f"creation.predator_discipline: {pd!r} not among {options}")
        elif before.get(pd, 0) < vampire.creation.predator_discipline_dots:
            out.append(f"disciplines: predator dot in {pd} is missing")
        else:
            before[pd] -= vampire.creation.predator_discipline_dots
            before = {d: v for d, v in before.items() if v}
    elif c.predator_discipline is not None:
        out.append("creation.predator_discipline: set without a predator discipline grant")
    if clan.thin_blood:
        if before:
            out.append(f"disciplines: thin-bloods start with none, found {before}")
        merits = [a for a in sheet.advantages if a.source == "thin_blood"]
        flaws = [f for f in sheet.flaws if f.source == "thin_blood"]
        pairs = vampire.creation.thin_blood_merit_flaw_pairs
        if len(merits) != len(flaws) or not pairs.min <= len(merits) <= pairs.max:
            out.append(
                f"thin-blood merits ({len(merits)}) and flaws ({len(flaws)}) must pair "
                f"up, {pairs.min}-{pairs.max} of each"
            )
        if any(a.name not in vampire.creation.thin_blood_merits for a in merits) or any(
            f.name not in vampire.creation.thin_blood_flaws for f in flaws
        ):
            out.append("thin-blood merits or flaws outside the thin-blood lists")
    else:
        if sorted(before.values(), reverse=True) != sorted(
            vampire.creation.clan_disciplines, reverse=True
        ):
            out.append(
                f"disciplines before XP (less the predator dot) are {before}, creation "
                f"requires dots {vampire.creation.clan_disciplines}"
            )
        if not clan.any_disciplines:
            stray = [d for d in before if d not in clan.disciplines]
            if stray:
                out.append(f"disciplines: {stray} are not {clan.name} disciplines")
    return out


def _check_werewolf(rules: Ruleset, sheet: Sheet, st: _State) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    ww = rules.werewolf
    try:
        tribe, auspice = rules.tribe(c.tribe_id or ""), rules.auspice(c.auspice_id or "")
    except PersonaeError as exc:
        return [f"creation: {exc}"]
    renown = {r: st.get("renown", r) for r in ww.renown_types}
    if sorted(renown.values(), reverse=True) != sorted(ww.creation.renown, reverse=True):
        out.append(f"renown before XP is {renown}, creation requires {ww.creation.renown}")
    elif renown[tribe.renown] != max(ww.creation.renown):
        out.append(f"renown: {tribe.name} renown ({tribe.renown}) must take the top value")
    if sheet.derived.rage != ww.creation.rage:
        out.append(f"derived.rage: {sheet.derived.rage}, creation gives {ww.creation.rage}")
    start = st.members.get("gift", set())
    total = sum(renown.values())
    by_source = Counter()
    for name in start:
        gift = rules.gifts.get(name)
        if gift is None:
            out.append(f"gifts: unknown gift {name!r}")
            continue
        by_source[gift.source] += 1
        if gift.min_renown > total:
            out.append(f"gifts: {name} needs renown {gift.min_renown}, had {total}")
        if gift.source == "tribe" and gift.tribe != tribe.id:
            out.append(f"gifts: {name} belongs to another tribe")
        if gift.source == "auspice" and gift.auspice != auspice.id:
            out.append(f"gifts: {name} belongs to another auspice")
    for source, count in ww.creation.gifts.items():
        if by_source[source] != count:
            out.append(f"gifts: {by_source[source]} {source} gifts at creation, expected {count}")
    rites = st.members.get("rite", set())
    if len(rites) != ww.creation.rites or not rites <= set(ww.rites):
        out.append(f"rites: creation needs {ww.creation.rites} known rites, found {sorted(rites)}")
    return out


def _check_hunter(rules: Ruleset, sheet: Sheet, st: _State) -> list[str]:
    out: list[str] = []
    c = sheet.creation
    try:
        creed = rules.creed(c.creed_id or "")
    except PersonaeError:
        return [f"creation.creed_id: unknown creed {c.creed_id!r}"]
    if c.drive not in rules.hunter.drives:
        out.append(f"creation.drive: unknown drive {c.drive!r}")
    del creed
    edges = st.members.get("edge", set())
    perks = st.members.get("perk", set())
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


def _check_ghoul(rules: Ruleset, sheet: Sheet, st: _State) -> list[str]:
    c = sheet.creation
    try:
        clan = rules.clan(c.domitor_clan_id or "")
    except PersonaeError:
        return [f"creation.domitor_clan_id: unknown clan {c.domitor_clan_id!r}"]
    dots = rules.spec.ghoul.discipline_dots if rules.spec.ghoul else 0
    before = {d: st.get("discipline", d) for d in rules.discipline_names}
    before = {d: v for d, v in before.items() if v}
    out = []
    if sum(before.values()) != dots or len(before) > 1:
        out.append(f"disciplines before XP are {before}; a ghoul starts with {dots} dot(s) in one")
    stray = [d for d in sheet.disciplines if d not in clan.disciplines]
    if stray:
        out.append(f"disciplines: {stray} are not disciplines of the domitor clan {clan.name}")
    return out


# --- the final sheet --------------------------------------------------------------------


def _check_final(rules: Ruleset, sheet: Sheet) -> list[str]:
    out: list[str] = []
    a_rules = rules.spec.attributes
    for name, v in sheet.attributes.items():
        if not a_rules.min <= v <= a_rules.max:
            out.append(f"attributes.{name}: {v} outside {a_rules.min}-{a_rules.max}")
    for name, v in sheet.skills.items():
        if not 0 <= v <= rules.spec.skills.max:
            out.append(f"skills.{name}: {v} outside 0-{rules.spec.skills.max}")
    d = rules.spec.derived
    health = d.health.base + sum(sheet.attributes[x] for x in d.health.add)
    will = d.willpower.base + sum(sheet.attributes[x] for x in d.willpower.add)
    if sheet.derived.health != health:
        out.append(f"derived.health: {sheet.derived.health}, expected {health}")
    if sheet.derived.willpower != will:
        out.append(f"derived.willpower: {sheet.derived.willpower}, expected {will}")
    if sheet.disciplines:
        if sheet.creation.character_class not in (CharacterClass.VAMPIRE, CharacterClass.GHOUL):
            return out
        top = rules.vampire.discipline_max
        for name, dots in sheet.disciplines.items():
            if name not in rules.powers:
                out.append(f"disciplines.{name}: unknown discipline")
                continue
            if not 1 <= dots <= top:
                out.append(f"disciplines.{name}: {dots} outside 1-{top}")
            clan_id = sheet.creation.clan_id
            thin = bool(clan_id) and rules.clan_by_id(clan_id).thin_blood
            if name in rules.thin_blood_disciplines and not thin:
                out.append(f"disciplines.{name}: only thin-bloods may learn it")
            out += _check_powers(rules, sheet, name, dots)
    if sheet.derived.blood_potency is not None and sheet.derived.generation is not None:
        low, high = rules.potency_limits(sheet.derived.generation)
        bp = sheet.derived.blood_potency
        if not low <= bp <= high:
            out.append(
                f"derived.blood_potency: {bp} outside {low}-{high} for generation "
                f"{sheet.derived.generation}"
            )
        elif sheet.derived.bane_severity != rules.potency_row(bp).bane_severity:
            out.append(
                f"derived.bane_severity: {sheet.derived.bane_severity}, Blood Potency "
                f"{bp} gives {rules.potency_row(bp).bane_severity}"
            )
    return out


def _check_powers(rules: Ruleset, sheet: Sheet, discipline: str, dots: int) -> list[str]:
    owned = sheet.powers.get(discipline, [])
    known = {p.name: p for p in rules.powers[discipline]}
    out = []
    if len(owned) != dots:
        out.append(f"powers.{discipline}: {len(owned)} powers for {dots} dots")
    if len(set(owned)) != len(owned):
        out.append(f"powers.{discipline}: a power is listed twice")
    for name in owned:
        power = known.get(name)
        if power is None:
            out.append(f"powers.{discipline}: unknown power {name!r}")
        elif power.level > dots:
            out.append(f"powers.{discipline}: {name} is level {power.level}, above {dots} dots")
        elif (
            power.amalgam
            and sheet.disciplines.get(power.amalgam.discipline, 0) < power.amalgam.level
        ):
            out.append(
                f"powers.{discipline}: {name} needs {power.amalgam.discipline} "
                f"{power.amalgam.level}"
            )
    return out
