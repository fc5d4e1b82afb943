from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from personae import RulesetError, load_ruleset
from personae.enums import CharacterClass
from personae.ruleset import ruleset_json_schema

REPO = Path(__file__).resolve().parent.parent


def test_v5_counts_match_the_facts(rules) -> None:
    assert len(rules.attributes) == 9 and len(rules.skills) == 27
    assert sorted(rules.spec.attributes.creation) == [1, 2, 2, 2, 2, 3, 3, 3, 4]
    clans = {c.name for c in rules.vampire.clans}
    assert {"Caitiff", "Thin-blood", "Banu Haqim", "The Ministry", "Salubri"} <= clans
    assert len(clans) == 16
    for clan in rules.vampire.clans:
        if not clan.any_disciplines and not clan.thin_blood:
            assert len(clan.disciplines) == 3, clan.name
            assert clan.bane and clan.compulsion, clan.name
    assert len(rules.werewolf.tribes) == 11 and len(rules.werewolf.auspices) == 5
    assert len(rules.werewolf.gifts) == 152 and len(rules.werewolf.rites) == 38
    assert len(rules.hunter.creeds) == 5 and len(rules.hunter.edges) == 17
    assert len(rules.spec.concepts) >= 20
    assert {
        "NEW",
        "INTERMEDIATE",
        "ADVANCED",
        "ELITE",
        "CHILDE",
        "NEONATE",
        "ANCILLA",
        "ELDER",
    } <= set(rules.level_names)
    assert rules.spec.experience.levels["NEONATE"].xp == 15
    assert rules.spec.experience.levels["ANCILLA"].xp == 35
    assert rules.costs_for(CharacterClass.VAMPIRE)["discipline_other"].price(3, 1) == 21


def test_unverified_entries_carry_provenance(rules) -> None:
    paths = {e.path: e.provenance.confidence.value for e in rules.provenance()}
    assert paths["werewolf.creation"] == "M"
    assert paths["experience.costs.HUNTER.edge"] == "H"
    assert paths["ghoul"] == "H"
    assert all(v in {"S", "X", "M", "H"} for v in paths.values())


def test_committed_schema_is_generated_from_the_models() -> None:
    committed = json.loads((REPO / "rulesets" / "schema.json").read_text())
    assert committed == ruleset_json_schema(), (
        "run: python -c 'from personae.ruleset.loader import write_schema; write_schema()'"
    )


def _edit(folder: Path, file: str, fn) -> None:
    path = folder / file
    data = yaml.safe_load(path.read_text())
    fn(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))


def test_bad_yaml_names_file_and_line(ruleset_copy: Path) -> None:
    (ruleset_copy / "core.yaml").write_text("attributes: [unclosed\n")
    with pytest.raises(RulesetError) as err:
        load_ruleset(ruleset_copy)
    assert err.value.file.endswith("core.yaml") and "line" in err.value.path


def test_wrong_type_names_file_and_path(ruleset_copy: Path) -> None:
    _edit(
        ruleset_copy,
        "experience.yaml",
        lambda d: d["experience"]["levels"]["NEW"].__setitem__("xp", "lots"),
    )
    with pytest.raises(RulesetError) as err:
        load_ruleset(ruleset_copy)
    assert err.value.file.endswith("experience.yaml")
    assert err.value.path == "experience.levels.NEW.xp"
    assert "lots" in err.value.reason


def test_unknown_discipline_in_predator_type_fails_to_load(ruleset_copy: Path) -> None:
    _edit(
        ruleset_copy,
        "vampire.yaml",
        lambda d: d["vampire"]["predator_types"][0]["disciplines"].append({"name": "Telekinesis"}),
    )
    with pytest.raises(RulesetError) as err:
        load_ruleset(ruleset_copy)
    assert err.value.file.endswith("vampire.yaml")
    assert err.value.path.startswith("vampire.predator_types[0].disciplines")
    assert "Telekinesis" in err.value.reason


def test_duplicate_section_across_files(ruleset_copy: Path) -> None:
    (ruleset_copy / "extra.yaml").write_text("ghoul: {discipline_dots: 2}\n")
    with pytest.raises(RulesetError, match="also defined in"):
        load_ruleset(ruleset_copy)


def test_unknown_ruleset_id() -> None:
    with pytest.raises(RulesetError, match="no such ruleset"):
        load_ruleset("v9")


def test_house_rules_copy_changes_generation(ruleset_copy: Path) -> None:
    from personae import generate_character

    _edit(
        ruleset_copy,
        "experience.yaml",
        lambda d: d["experience"]["levels"]["NEW"].__setitem__("xp", 40),
    )
    c = generate_character(ruleset=ruleset_copy, experience_level="NEW", seed=1)
    assert c.experience.budget == 40 and 0 < c.experience.spent <= 40
