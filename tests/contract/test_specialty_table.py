"""data/valentina/specialties.yaml covers every special ability of the shipped ruleset."""

from __future__ import annotations

import pytest

from personae.errors import RulesetError
from personae.faces.valentina.specialties import SpecialtyTable, load_specialty_table
from personae.ruleset import Ruleset

TYPES = {"ACTION", "OTHER", "PASSIVE", "RITUAL", "SPELL"}


def test_every_power_ritual_gift_rite_edge_perk_and_predator_type(rules: Ruleset) -> None:
    table = load_specialty_table()
    spec = rules.spec
    assert spec.vampire and spec.werewolf and spec.hunter
    missing: list[str] = []
    entries = []

    def need(label: str, entry: object) -> None:
        if entry is None:
            missing.append(label)
        else:
            entries.append(entry)

    for discipline in spec.vampire.disciplines:
        for power in discipline.powers:
            need(f"{discipline.name}/{power.name}", table.power(discipline.name, power.name))
    for block in spec.vampire.rituals:
        for level, names in block.levels.items():
            for name in names:
                label = f"{block.category} {block.discipline}/{level}/{name}"
                need(label, table.ritual(block.discipline, name))
    for p in spec.vampire.predator_types:
        need(f"predator {p.name}", table.predator_types.get(p.name))
    for g in spec.werewolf.gifts:
        need(f"gift {g.name}", table.gifts.get(g.name))
    for r in spec.werewolf.rites:
        need(f"rite {r}", table.rites.get(r))
    for e in spec.hunter.edges:
        need(f"edge {e.name}", table.edge(e.name, e.type))
        for perk in e.perks:
            need(f"perk {e.name}/{perk}", table.perk(e.name, perk))
    assert missing == []
    for entry in entries:
        assert entry.type in TYPES and entry.description.strip()  # type: ignore[attr-defined]


def test_types_follow_the_kind() -> None:
    table = load_specialty_table()
    assert {e.type for e in table.rites.values()} == {"RITUAL"}
    assert {e.type for e in table.powers["Blood Sorcery"].values()} == {"SPELL"}
    assert table.edge("Arsenal", "Assets").type == "OTHER"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        ({"gifts": {"type": "MAGIC", "entries": {"X": "does x"}}}, "gifts.entries.X"),
        ({"rites": {"type": "RITUAL", "entries": {"X": ""}}}, "rites.entries.X"),
        ({"disciplines": {"A": {"powers": {"P": {"type": "ACTION"}}}}}, "disciplines.A.P"),
    ],
)
def test_bad_table_names_the_entry(raw: dict, where: str) -> None:
    with pytest.raises(RulesetError) as err:
        SpecialtyTable(raw, "t.yaml")
    assert err.value.path == where
