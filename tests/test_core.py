from __future__ import annotations

import json
import subprocess

import pytest

from personae import (
    CharacterClass,
    InvalidRequestError,
    UnsupportedError,
    generate_character,
    validate_sheet,
)

from .conftest import personae_cmd, subprocess_env


@pytest.mark.parametrize("cls", ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"])
def test_every_class_generates_a_legal_sheet(rules, cls: str) -> None:
    for seed in range(20):
        c = generate_character(character_class=cls, seed=seed)
        assert c.character_class == CharacterClass(cls)
        assert validate_sheet(rules, c.sheet, c.experience) == []


def test_class_extras_are_filled(rules) -> None:
    v = generate_character(
        character_class="VAMPIRE", vampire_clan_id="Toreador", experience_level="ANCILLA", seed=2
    )
    assert v.vampire_attributes and v.vampire_attributes.clan_name == "Toreador"
    assert 10 <= v.vampire_attributes.generation <= 11
    assert v.vampire_attributes.sire and v.vampire_attributes.bane
    assert set(v.sheet.disciplines) & {"Auspex", "Celerity", "Presence"}
    w = generate_character(
        character_class="WEREWOLF",
        werewolf_tribe_id="glass-walkers",
        werewolf_auspice_id="Theurge",
        seed=3,
    )
    assert w.werewolf_attributes and w.werewolf_attributes.tribe_name == "Glass Walkers"
    assert w.werewolf_attributes.auspice_id == "theurge" and w.werewolf_attributes.pack_name
    assert len(w.sheet.gifts) >= 3 and w.sheet.rites
    h = generate_character(character_class="HUNTER", hunter_creed="martial", seed=4)
    assert h.hunter_attributes and h.hunter_attributes.creed == "Martial"
    assert h.sheet.edges


def test_choices_left_out_are_recorded_and_reproducible() -> None:
    c = generate_character()
    assert c.seed is not None
    again = generate_character(seed=c.seed)
    assert again.content_json() == c.content_json()


def test_same_seed_same_bytes_different_seed_differs() -> None:
    a = generate_character(character_class="VAMPIRE", seed=11).content_json()
    b = generate_character(character_class="VAMPIRE", seed=11).content_json()
    c = generate_character(character_class="VAMPIRE", seed=12).content_json()
    assert a == b and a != c


def test_same_seed_same_bytes_across_processes(tmp_path) -> None:
    outputs = []
    for _ in range(2):
        run = subprocess.run(
            [
                *personae_cmd(),
                "fixtures",
                "--count",
                "5",
                "--seed",
                "99",
                "--class",
                "WEREWOLF",
                "--experience-level",
                "ELITE",
            ],
            capture_output=True,
            text=True,
            check=True,
            env=subprocess_env(),
        )
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == 5
    single = [
        subprocess.run(
            [*personae_cmd(), "generate", "--seed", "5", "--json", "--no-store"],
            capture_output=True,
            text=True,
            check=True,
            env=subprocess_env(),
        ).stdout
        for _ in range(2)
    ]
    first, second = (json.loads(s) for s in single)
    for meta in ("id", "date_created", "date_modified"):
        first.pop(meta), second.pop(meta)
    assert first == second


def test_stage_rngs_are_independent() -> None:
    """Changing the narrative backend never changes the sheet."""
    from personae.narrative import Narrative, NarrativeBackend

    class Fixed(NarrativeBackend):
        name = "fixed"

        def narrate(self, facts, seed, name_variant=0):  # type: ignore[no-untyped-def]
            return Narrative(
                name_first="Ada",
                name_last="Lovelace",
                name_nick=None,
                gender="female",
                age=30,
                demeanor="Judge",
                nature="Visionary",
                appearance="x",
                personality=["calm"],
                biography="x",
                quote="x",
            )

    a = generate_character(seed=21, character_class="HUNTER")
    b = generate_character(seed=21, character_class="HUNTER", backend=Fixed())
    assert a.sheet == b.sheet and a.experience == b.experience and a.name != b.name


def test_bad_fields_are_named() -> None:
    with pytest.raises(InvalidRequestError) as err:
        generate_character(
            character_class="VAMPIRE", vampire_clan_id="Kiasyd", experience_level="DEMIGOD"
        )
    fields = {p.field for p in err.value.problems}
    assert fields == {"vampire_clan_id", "experience_level"}
    with pytest.raises(InvalidRequestError) as err:
        generate_character(character_class="HUNTER", werewolf_tribe_id="red-talons")
    assert err.value.problems[0].field == "werewolf_tribe_id"
    with pytest.raises(InvalidRequestError) as err:
        generate_character(seed=-1)
    assert err.value.problems[0].field == "seed"
    with pytest.raises(InvalidRequestError) as err:
        generate_character(colour="red")
    assert err.value.problems[0].field == "colour"


def test_mage_is_clearly_unsupported() -> None:
    with pytest.raises(UnsupportedError, match="MAGE"):
        generate_character(character_class="MAGE", seed=1)


def test_enum_strings_are_case_insensitive() -> None:
    c = generate_character(
        character_class="vampire",
        character_type="player",
        experience_level="neonate",
        skill_focus="specialist",
        vampire_clan_id="the ministry",
        seed=8,
    )
    assert c.type.value == "PLAYER" and c.experience.level == "NEONATE"
    assert (
        c.sheet.creation.skill_focus == "SPECIALIST" and c.vampire_attributes.clan_id == "ministry"
    )


def test_predator_type_restrictions_are_enforced() -> None:
    with pytest.raises(InvalidRequestError) as err:
        generate_character(
            character_class="VAMPIRE", vampire_clan_id="ventrue", predator_type="farmer", seed=1
        )
    assert err.value.problems[0].field == "predator_type"
    for seed in range(40):
        c = generate_character(character_class="VAMPIRE", vampire_clan_id="nosferatu", seed=seed)
        assert c.vampire_attributes.predator_type != "Siren"


def test_xp_is_spent_on_the_ledger_within_budget() -> None:
    c = generate_character(character_class="VAMPIRE", experience_level="ELITE", seed=5)
    exp = c.experience
    assert exp.budget == 150 and exp.spent == sum(p.cost for p in exp.ledger) <= exp.budget
    assert exp.budget - exp.spent < 30, "the spender leaves little on the table"
    assert all(p.to == p.from_ + 1 for p in exp.ledger)


def test_names_with_apostrophes_pass_the_word_checks() -> None:
    """A sire or character named O'Sullivan, D'Arcy... is a given name, not a non-word
    (VAMPIRE NEW seed 7517 once failed every rules biography draw)."""
    found = 0
    for seed in range(400):
        c = generate_character(character_class="VAMPIRE", seed=seed)
        sire = c.vampire_attributes.sire if c.vampire_attributes else None
        named = [n for n in (c.name_first, c.name_last, sire) if n and "'" in n]
        if named:
            assert c.biography
            # the name reached the text whole: the checks did not refuse it as a non-word
            found += any(n in f"{c.biography} {c.quote}" for n in named)
    assert found >= 1
