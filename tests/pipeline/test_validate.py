from __future__ import annotations

import copy

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from personae import generate_character, validate_sheet
from personae.sheet import Purchase

LEVELS = ["NEW", "INTERMEDIATE", "ADVANCED", "ELITE", "CHILDE", "NEONATE", "ANCILLA", "ELDER"]
CLASSES = [None, "VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
FOCUSES = [None, "JACK_OF_ALL_TRADES", "BALANCED", "SPECIALIST"]


@st.composite
def requests(draw: st.DrawFn) -> dict:
    from personae import load_ruleset

    rules = load_ruleset()
    cls = draw(st.sampled_from(CLASSES))
    req: dict = {
        "seed": draw(st.integers(0, 2**63 - 1)),
        "character_class": cls,
        "experience_level": draw(st.sampled_from([None, *LEVELS])),
        "skill_focus": draw(st.sampled_from(FOCUSES)),
        "concept_id": draw(st.sampled_from([None, *[c.id for c in rules.spec.concepts]])),
    }
    if cls == "VAMPIRE":
        req["vampire_clan_id"] = draw(st.sampled_from([None, *[c.id for c in rules.vampire.clans]]))
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


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_every_generated_sheet_is_valid(rules, req: dict) -> None:
    c = generate_character(**req)
    assert validate_sheet(rules, c.sheet, c.experience) == []


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(seed=st.integers(0, 2**32), data=st.data())
def test_moving_one_attribute_dot_is_caught(rules, seed: int, data: st.DataObject) -> None:
    c = generate_character(seed=seed)
    attrs = c.sheet.attributes
    donors = [a for a, v in attrs.items() if v > 1]
    donor = data.draw(st.sampled_from(donors))
    takers = [a for a, v in attrs.items() if a != donor and v < 5]
    taker = data.draw(st.sampled_from(takers))
    # 3->2 with 2->3 swaps two values and keeps the distribution: a legal sheet, not a corruption
    assume(attrs[taker] != attrs[donor] - 1)
    sheet = c.sheet.model_copy(deep=True)
    sheet.attributes[donor] -= 1
    sheet.attributes[taker] += 1
    problems = validate_sheet(rules, sheet, c.experience)
    assert problems, f"moving a dot {donor}->{taker} went unnoticed"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(seed=st.integers(0, 2**32), data=st.data())
def test_moving_one_skill_dot_is_caught(rules, seed: int, data: st.DataObject) -> None:
    c = generate_character(seed=seed)
    skills = c.sheet.skills
    donor = data.draw(st.sampled_from([s for s, v in skills.items() if v > 0]))
    taker = data.draw(st.sampled_from([s for s, v in skills.items() if s != donor and v < 5]))
    assume(skills[taker] != skills[donor] - 1)
    sheet = c.sheet.model_copy(deep=True)
    sheet.skills[donor] -= 1
    sheet.skills[taker] += 1
    assert validate_sheet(rules, sheet, c.experience)


def test_specific_violations_are_precise(rules) -> None:
    c = generate_character(
        character_class="VAMPIRE", vampire_clan_id="brujah", experience_level="ELITE", seed=3
    )
    sheet = c.sheet.model_copy(deep=True)
    sheet.derived.health += 1
    assert any(p.startswith("derived.health") for p in validate_sheet(rules, sheet, c.experience))

    exp = c.experience.model_copy(deep=True)
    exp.ledger[0] = Purchase.model_validate(
        {**exp.ledger[0].model_dump(by_alias=True), "cost": exp.ledger[0].cost - 1}
    )
    exp.spent -= 1
    assert any("the table says" in p for p in validate_sheet(rules, c.sheet, exp))

    exp = c.experience.model_copy(update={"spent": c.experience.budget + 5})
    problems = validate_sheet(rules, c.sheet, exp)
    assert any("exceeds the budget" in p for p in problems)

    sheet = c.sheet.model_copy(deep=True)
    sheet.disciplines["Oblivion"] = 1
    sheet.powers["Oblivion"] = ["Shadow Cloak"]
    assert any("not Brujah disciplines" in p for p in validate_sheet(rules, sheet, c.experience))


def test_a_hand_edited_dict_round_trips_through_the_validator(rules) -> None:
    c = generate_character(character_class="HUNTER", seed=9)
    data = copy.deepcopy(c.to_dict())
    data["sheet"]["edges"].append({"name": "Arsenal", "perks": ["Exotics", "Exotics"]})
    from personae.sheet import Experience, Sheet

    problems = validate_sheet(
        rules, Sheet.model_validate(data["sheet"]), Experience.model_validate(data["experience"])
    )
    assert problems
