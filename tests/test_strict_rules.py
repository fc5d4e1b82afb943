"""The strict-storyteller rules (issue 14) hold in creation, in XP spending and in the validator.

Hypothesis builds characters of every class, level and option and audits them with checks
written here, apart from the validator; then each rule is broken on a real sheet by hand and
the validator must name the trait and the rule.
"""

from __future__ import annotations

import functools
import shutil
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from personae import InvalidRequestError, generate_character, load_ruleset, validate_sheet
from personae.ruleset import Ruleset
from personae.sheet import AdvantageItem, FlawItem, Purchase

LEVELS = ["NEW", "INTERMEDIATE", "ADVANCED", "ELITE", "CHILDE", "NEONATE", "ANCILLA", "ELDER"]
CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
FOCUSES = [None, "JACK_OF_ALL_TRADES", "BALANCED", "SPECIALIST"]


@st.composite
def requests(draw: st.DrawFn) -> dict[str, Any]:
    rules = load_ruleset()
    cls = draw(st.sampled_from(CLASSES))
    req: dict[str, Any] = {
        "seed": draw(st.integers(0, 2**63 - 1)),
        "character_class": cls,
        "experience_level": draw(st.sampled_from(LEVELS)),
        "skill_focus": draw(st.sampled_from(FOCUSES)),
    }
    if cls in ("VAMPIRE", "GHOUL"):
        clans = [c.id for c in rules.vampire.clans]
        if cls == "GHOUL":
            clans = [c.id for c in rules.vampire.clans if c.disciplines and not c.thin_blood]
        req["vampire_clan_id"] = draw(st.sampled_from([None, *clans]))
    if cls == "VAMPIRE":
        ptypes = [p.id for p in rules.vampire.predator_types]
        req["predator_type"] = draw(st.sampled_from([None, None, *ptypes]))
    req["concept_id"] = draw(st.sampled_from([None, *[c.id for c in rules.spec.concepts]]))
    if cls == "WEREWOLF":
        req["werewolf_tribe_id"] = draw(
            st.sampled_from([None, *[t.id for t in rules.werewolf.tribes]])
        )
        req["werewolf_auspice_id"] = draw(
            st.sampled_from([None, *[a.id for a in rules.werewolf.auspices]])
        )
    if cls == "HUNTER":
        req["hunter_creed"] = draw(st.sampled_from([None, *[c.id for c in rules.hunter.creeds]]))
    return {k: v for k, v in req.items() if v is not None}


def audit(rules: Ruleset, c: Any) -> list[str]:
    """The new rules, checked here without the validator's code."""
    sheet, exp = c.sheet, c.experience
    out: list[str] = []
    cls = sheet.creation.character_class
    entries = {i.name: i.dots for i in [*sheet.advantages, *sheet.flaws]}
    catalog = {**rules.merits, **rules.flaws}
    for name, dots in entries.items():
        entry = catalog[name]
        for other in entry.excludes:
            if other in entries:
                out.append(f"{name} with {other}")
        if entry.allowed_dots is not None and dots not in entry.allowed_dots:
            out.append(f"{name} at {dots}")
        for skill, cap in entry.caps.items():
            if sheet.skills[skill] > cap:
                out.append(f"{skill} {sheet.skills[skill]} with {name}")
        for req in entry.requires:
            if req.kind == "advantage" and entries.get(req.name, 0) < req.min:
                out.append(f"{name} without {req.name}")
            if req.kind == "clan" and sheet.creation.clan_id != req.name:
                out.append(f"{name} outside clan {req.name}")
        if entry.classes is not None and cls not in entry.classes:
            out.append(f"{name} on a {cls.value}")
    for skill in rules.spec.specialties.required_for:
        if sheet.skills[skill] >= 1 and not any(s.skill == skill for s in sheet.specialties):
            out.append(f"{skill} without a specialty")
    clan_id = sheet.creation.clan_id
    if clan_id == "caitiff" and any(
        a.name == "Status" and a.source == "creation" for a in sheet.advantages
    ):
        out.append("Caitiff with Status at creation")
    if clan_id == "nosferatu":
        looks = {"Beautiful", "Stunning", "Famous Face", "Ingénue", "Remarkable Feature"}
        out += [f"Nosferatu with {n}" for n in looks & set(entries)]
    if clan_id == "thin-blood":
        ordinary = [d for d in sheet.disciplines if d != "Thin-Blood Alchemy"]
        if len(ordinary) > ("Discipline Affinity" in entries):
            out.append(f"thin-blood with {ordinary}")
        if "Thin-Blood Alchemist" in entries and not sheet.disciplines.get("Thin-Blood Alchemy"):
            out.append("Thin-Blood Alchemist without Alchemy")
        for p in exp.ledger:
            if p.category == "discipline_other":
                out.append(f"thin-blood bought {p.trait} out of clan")
    koldunic = "Koldunic Sorcery" in sheet.powers.get("Blood Sorcery", [])
    settings_ = rules.spec.settings
    if (
        cls.value == "VAMPIRE"
        and clan_id != "tzimisce"
        and koldunic
        and not settings_.flag("koldunic_sorcery_outside_tzimisce")
    ):
        out.append("Koldunic Sorcery outside the Tzimisce")
    if cls.value == "VAMPIRE":
        for discipline, category in (("Blood Sorcery", "ritual"), ("Oblivion", "ceremony")):
            mine = [r for r in sheet.rituals if r.discipline == discipline]
            learned_later = any(p.trait == discipline and p.from_ == 0 for p in exp.ledger)
            if sheet.disciplines.get(discipline) and not learned_later and not mine:
                out.append(f"{discipline} without a free {category}")
            for r in mine:
                if r.level > sheet.disciplines.get(discipline, 0):
                    out.append(f"{r.name} above {discipline}")
    if cls.value == "WEREWOLF":
        for g in sheet.gifts:
            gift = rules.gifts[g.name]
            if gift.auspice is not None and gift.auspice != sheet.creation.auspice_id:
                out.append(f"{g.name} of auspice {gift.auspice}")
            if gift.tribe is not None and gift.tribe != sheet.creation.tribe_id:
                out.append(f"{g.name} of tribe {gift.tribe}")
        renown_bought = any(p.category == "renown" for p in exp.ledger)
        if renown_bought and not settings_.flag("renown_xp_purchases"):
            out.append("renown bought with XP")
        if sheet.derived.harano != 0 or sheet.derived.hauglosk != 0:
            out.append("Harano/Hauglosk start values")
    if cls.value == "HUNTER" and "Haven" in entries:
        out.append("hunter with Haven")
    required = rules.spec.specialties.required_for
    for p in exp.ledger:
        first = p.category == "skill" and p.from_ == 0 and p.trait in required
        if first and not any(s.skill == p.trait for s in sheet.specialties):
            out.append(f"XP dot in {p.trait} without a specialty")
    return out


def _generate(req: dict[str, Any], **extra: Any) -> Any:
    try:
        return generate_character(**req, **extra)
    except InvalidRequestError:
        assume(False)  # a predator type the clan or age tier may not take


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_generated_sheets_break_none_of_the_new_rules(rules: Ruleset, req: dict) -> None:
    c = _generate(req)
    assert audit(rules, c) == []
    assert validate_sheet(rules, c.sheet, c.experience) == []


@functools.cache
def _flipped() -> Path:
    """A copy of the ruleset with every setting flipped (progeny tier, house rules on)."""
    target = Path(tempfile.mkdtemp(prefix="personae-flipped-")) / "v5"
    shutil.copytree(load_ruleset().source, target)
    path = target / "settings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for name, setting in data["settings"].items():
        setting["value"] = "progeny" if name == "childer_tier" else True
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    return target


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_setting_flipped_still_gives_legal_sheets(req: dict) -> None:
    folder = _flipped()
    house = load_ruleset(folder)
    c = _generate(req, ruleset=folder)
    assert audit(house, c) == []
    assert validate_sheet(house, c.sheet, c.experience) == []


@pytest.mark.parametrize("clan", ["tremere", "banu-haqim", "hecata", "lasombra", "thin-blood"])
@pytest.mark.parametrize("level", ["NEW", "ELITE"])
def test_each_clan_with_rituals_or_affinity(rules: Ruleset, clan: str, level: str) -> None:
    for seed in range(12):
        c = generate_character(
            seed=seed, character_class="VAMPIRE", vampire_clan_id=clan, experience_level=level
        )
        assert audit(rules, c) == [], seed
        assert validate_sheet(rules, c.sheet, c.experience) == [], seed


# -- corrupted sheets ------------------------------------------------------------------------


def _find(rules: Ruleset, want: Any, **request: Any) -> Any:
    for seed in range(400):
        c = generate_character(seed=seed, **request)
        if want(c):
            return c
    raise AssertionError(f"no seed below 400 gives what the test needs for {request}")


def _problems(rules: Ruleset, c: Any, sheet: Any = None, exp: Any = None) -> list[str]:
    return validate_sheet(rules, sheet or c.sheet, exp or c.experience)


def _caught(problems: list[str], *words: str) -> None:
    assert any(all(w in p for w in words) for p in problems), (words, problems)


def _adv(name: str, kind: str, dots: int) -> AdvantageItem:
    return AdvantageItem(name=name, kind=kind, dots=dots, source="creation")  # type: ignore[arg-type]


def _copy(c: Any) -> Any:
    return c.sheet.model_copy(deep=True)


def test_excluded_flaw_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: any(a.name == "Beautiful" for a in c.sheet.advantages),
        character_class="VAMPIRE",
        vampire_clan_id="toreador",
        predator_type="siren",
    )
    sheet = _copy(c)
    sheet.flaws.append(FlawItem(name="Ugly", dots=1, source="creation"))
    _caught(_problems(rules, c, sheet), "Ugly", "Beautiful", "exclude")


def test_stunning_with_ugly_and_destitute_with_resources(rules: Ruleset) -> None:
    c = generate_character(seed=3, character_class="MORTAL")
    sheet = _copy(c)
    sheet.advantages.append(_adv("Stunning", "merit", 4))
    sheet.advantages.append(_adv("Resources", "background", 2))
    sheet.flaws += [
        FlawItem(name="Ugly", dots=1, source="creation"),
        FlawItem(name="Destitute", dots=1, source="creation"),
    ]
    problems = _problems(rules, c, sheet)
    _caught(problems, "Stunning", "Ugly", "exclude")
    _caught(problems, "Destitute", "Resources", "exclude")


def test_capped_skill_is_caught(rules: Ruleset) -> None:
    c = generate_character(seed=5, character_class="MORTAL")
    sheet = _copy(c)
    sheet.flaws.append(FlawItem(name="Illiterate", dots=2, source="creation"))
    sheet.skills["Science"] = 3
    _caught(_problems(rules, c, sheet), "Science", "Illiterate", "cap")


def test_dot_set_is_caught(rules: Ruleset) -> None:
    c = generate_character(seed=7, character_class="VAMPIRE", vampire_clan_id="brujah")
    sheet = _copy(c)
    sheet.advantages.append(_adv("Unholy Will", "merit", 3))
    sheet.advantages.append(_adv("Eat Food", "merit", 1))
    problems = _problems(rules, c, sheet)
    _caught(problems, "Unholy Will", "3", "allowed")
    _caught(problems, "Eat Food", "1", "allowed")


def test_missing_prerequisite_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: not any(a.name == "Spirit Pact" for a in c.sheet.advantages),
        character_class="WEREWOLF",
    )
    sheet = _copy(c)
    sheet.flaws.append(FlawItem(name="Pact Condition", dots=1, source="creation"))
    _caught(_problems(rules, c, sheet), "Pact Condition", "requires", "Spirit Pact")
    v = _find(
        rules,
        lambda c: not any(a.name == "Haven" for a in c.sheet.advantages),
        character_class="VAMPIRE",
    )
    sheet = _copy(v)
    sheet.flaws.append(FlawItem(name="Creepy Haven", dots=1, source="creation"))
    _caught(_problems(rules, v, sheet), "Creepy Haven", "requires", "Haven")


def test_obvious_predator_bars_herd(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: c.sheet.creation.predator_type == "graverobber",
        character_class="VAMPIRE",
        vampire_clan_id="hecata",
        predator_type="graverobber",
    )
    sheet = _copy(c)
    sheet.advantages.append(_adv("Herd", "background", 1))
    _caught(_problems(rules, c, sheet), "Herd", "Obvious Predator", "exclude")


def test_dropped_required_specialty_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: any(
            p.category == "skill"
            and p.from_ == 0
            and p.trait in ("Academics", "Craft", "Performance", "Science")
            for p in c.experience.ledger
        ),
        experience_level="ELITE",
    )
    skill = next(
        p.trait
        for p in c.experience.ledger
        if p.category == "skill"
        and p.from_ == 0
        and p.trait in ("Academics", "Craft", "Performance", "Science")
    )
    sheet = _copy(c)
    sheet.specialties = [s for s in sheet.specialties if s.skill != skill]
    _caught(_problems(rules, c, sheet), skill, "specialty")


def test_thin_blood_with_an_ordinary_discipline_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: not any(a.name == "Discipline Affinity" for a in c.sheet.advantages),
        character_class="VAMPIRE",
        vampire_clan_id="thin-blood",
        experience_level="ELITE",
    )
    sheet = _copy(c)
    sheet.disciplines["Fortitude"] = 1
    sheet.powers["Fortitude"] = ["Resilience"]
    exp = c.experience.model_copy(deep=True)
    exp.ledger.append(
        Purchase(trait="Fortitude", category="discipline_other", **{"from": 0}, to=1, cost=7)
    )
    exp.spent += 7
    exp.budget += 7
    _caught(_problems(rules, c, sheet, exp), "Fortitude", "thin-blood")


def test_affinity_and_alchemist_must_grant(rules: Ruleset) -> None:
    def has(name: str) -> Any:
        return lambda c: any(a.name == name for a in c.sheet.advantages)

    request = {
        "character_class": "VAMPIRE",
        "vampire_clan_id": "thin-blood",
        "experience_level": "NEW",
    }
    c = _find(rules, has("Thin-Blood Alchemist"), **request)
    assert c.sheet.disciplines["Thin-Blood Alchemy"] >= 1
    sheet = _copy(c)
    sheet.disciplines.pop("Thin-Blood Alchemy", None)
    sheet.powers.pop("Thin-Blood Alchemy", None)
    sheet.rituals = []
    _caught(_problems(rules, c, sheet), "Thin-Blood Alchemist", "Thin-Blood Alchemy")
    d = _find(rules, has("Discipline Affinity"), **request)
    (granted,) = [n for n in d.sheet.disciplines if n != "Thin-Blood Alchemy"]
    sheet = _copy(d)
    sheet.disciplines.pop(granted)
    sheet.powers.pop(granted)
    _caught(_problems(rules, d, sheet), "Discipline Affinity", "grants one discipline")


def test_galliard_with_an_ahroun_gift_is_caught(rules: Ruleset) -> None:
    c = generate_character(seed=11, character_class="WEREWOLF", werewolf_auspice_id="galliard")
    sheet = _copy(c)
    sheet.gifts[-1] = sheet.gifts[-1].model_copy(
        update={"name": "Halt the Coward's Flight", "source": "auspice"}
    )
    _caught(_problems(rules, c, sheet), "Halt the Coward's Flight", "auspice")


def test_renown_bought_with_xp_while_the_setting_is_off(rules: Ruleset) -> None:
    c = generate_character(seed=13, character_class="WEREWOLF", experience_level="ELITE")
    sheet = _copy(c)
    renown = min(sheet.renown, key=lambda r: sheet.renown[r])
    old = sheet.renown[renown]
    sheet.renown[renown] = old + 1
    exp = c.experience.model_copy(deep=True)
    exp.ledger.append(
        Purchase(trait=renown, category="renown", **{"from": old}, to=old + 1, cost=10 * (old + 1))
    )
    exp.spent += 10 * (old + 1)
    exp.budget = max(exp.budget, exp.spent)
    _caught(_problems(rules, c, sheet, exp), renown, "renown_xp_purchases")


def test_renown_purchases_follow_the_setting(ruleset_copy: Path) -> None:
    path = ruleset_copy / "settings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["settings"]["renown_xp_purchases"]["value"] = True
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    house = load_ruleset(ruleset_copy)
    bought = 0
    for seed in range(20):
        c = generate_character(
            ruleset=ruleset_copy, seed=seed, character_class="WEREWOLF", experience_level="ELITE"
        )
        assert validate_sheet(house, c.sheet, c.experience) == []
        bought += sum(p.category == "renown" for p in c.experience.ledger)
    assert bought


def test_hunter_with_haven_is_caught(rules: Ruleset) -> None:
    c = generate_character(seed=17, character_class="HUNTER")
    sheet = _copy(c)
    sheet.advantages.append(_adv("Haven", "background", 1))
    _caught(_problems(rules, c, sheet), "Haven", "HUNTER")


def test_caitiff_status_and_nosferatu_looks_are_caught(rules: Ruleset) -> None:
    c = generate_character(seed=19, character_class="VAMPIRE", vampire_clan_id="caitiff")
    sheet = _copy(c)
    sheet.advantages.append(_adv("Status", "background", 1))
    _caught(_problems(rules, c, sheet), "Status", "Caitiff")
    n = generate_character(seed=19, character_class="VAMPIRE", vampire_clan_id="nosferatu")
    sheet = _copy(n)
    sheet.advantages.append(_adv("Famous Face", "merit", 1))
    _caught(_problems(rules, n, sheet), "Famous Face", "Nosferatu")


def test_blood_sorcery_without_its_ritual_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: c.sheet.disciplines.get("Blood Sorcery", 0) >= 1,
        character_class="VAMPIRE",
        vampire_clan_id="tremere",
    )
    assert c.sheet.rituals
    sheet = _copy(c)
    sheet.rituals = [r for r in sheet.rituals if r.discipline != "Blood Sorcery"]
    _caught(_problems(rules, c, sheet), "Blood Sorcery", "ritual")
    sheet = _copy(c)
    high = rules.compiled.entries.ritual_items["Blood Sorcery"][5][0]
    sheet.rituals.append(sheet.rituals[0].model_copy(update={"name": high, "level": 5}))
    _caught(_problems(rules, c, sheet), high, "level 5")


def test_koldunic_sorcery_outside_the_tzimisce_is_caught(rules: Ruleset) -> None:
    c = _find(
        rules,
        lambda c: c.sheet.disciplines.get("Blood Sorcery", 0) >= 1,
        character_class="VAMPIRE",
        vampire_clan_id="tremere",
    )
    sheet = _copy(c)
    sheet.powers["Blood Sorcery"][0] = "Koldunic Sorcery"
    _caught(_problems(rules, c, sheet), "Koldunic Sorcery", "koldunic_sorcery_outside_tzimisce")


def test_fresh_childe_follows_the_childer_setting(rules: Ruleset, ruleset_copy: Path) -> None:
    c = generate_character(
        seed=29, character_class="VAMPIRE", vampire_clan_id="brujah", experience_level="NEW"
    )
    assert 12 <= c.sheet.derived.generation <= 13 and c.sheet.derived.blood_potency >= 1
    path = ruleset_copy / "settings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["settings"]["childer_tier"]["value"] = "progeny"
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    p = generate_character(
        ruleset=ruleset_copy,
        seed=29,
        character_class="VAMPIRE",
        vampire_clan_id="brujah",
        experience_level="NEW",
    )
    assert p.sheet.derived.generation == 14
    assert validate_sheet(load_ruleset(ruleset_copy), p.sheet, p.experience) == []
    # the book tier's sheet is wrong under the progeny setting, and says why
    _caught(validate_sheet(load_ruleset(ruleset_copy), c.sheet, c.experience), "generation")


def test_werewolf_trackers_and_renown_start(rules: Ruleset) -> None:
    c = generate_character(
        seed=31,
        character_class="WEREWOLF",
        werewolf_tribe_id="glass-walkers",
        werewolf_auspice_id="ahroun",
    )
    assert (c.sheet.derived.harano, c.sheet.derived.hauglosk) == (0, 0)
    assert sum(c.sheet.renown.values()) == 3
    assert c.sheet.renown["Wisdom"] >= 1 and c.sheet.renown["Glory"] >= 1
    sheet = _copy(c)
    sheet.renown = {"Glory": 0, "Honor": 3, "Wisdom": 0}
    _caught(_problems(rules, c, sheet), "renown")


def test_the_new_rules_bite_on_generated_sheets(rules: Ruleset) -> None:
    """Spot counts that the rules act (the audit above is not vacuously empty)."""
    seen: Counter[str] = Counter()
    for seed in range(40):
        c = generate_character(
            seed=seed,
            character_class="VAMPIRE",
            vampire_clan_id="tremere",
            experience_level="ELITE",
        )
        seen.update(f"ritual:{r.source}" for r in c.sheet.rituals)
        t = generate_character(
            seed=seed,
            character_class="VAMPIRE",
            vampire_clan_id="thin-blood",
            experience_level="ELITE",
        )
        seen.update(p.category for p in t.experience.ledger if p.category.startswith("disc"))
        seen.update(a.name for a in t.sheet.advantages if a.source == "thin_blood")
        m = generate_character(seed=seed, character_class="MORTAL", experience_level="ELITE")
        seen.update(
            f"required:{s.skill}"
            for s in m.sheet.specialties
            if s.source == "skill"
            and any(p.trait == s.skill and p.from_ == 0 for p in m.experience.ledger)
        )
    assert seen["ritual:creation"] >= 20 and seen["ritual:xp"] >= 5
    assert seen["discipline_clan"] and not seen["discipline_other"]
    assert seen["Discipline Affinity"] and seen["Thin-Blood Alchemist"]
    assert sum(v for k, v in seen.items() if k.startswith("required:")) >= 3
