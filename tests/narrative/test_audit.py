"""The independent audit finds each kind of defect the issue lists."""

from __future__ import annotations

from personae.audit import audit_agent_field, audit_narrative, audit_npc_description

GOOD = {
    "name_first": "Aoife",
    "name_last": "Brennan",
    "name_nick": None,
    "gender": "female",
    "personality": ["patient", "loyal", "kind"],
    "appearance": "A tall woman with red curls and a grey coat.",
    "biography": "Aoife ran a night clinic by the docks. Her maker was a patient. "
    "She joined the Brujah and kept her pen.",
    "quote": "Hold still, this will sting.",
    "sire": "Liam Doyle",
}
IDENTITY = {"clan": ["Brujah", "Toreador"], "predator type": ["Siren", "Alleycat"]}


def kinds(**change: object) -> set[str]:
    found = audit_narrative({**GOOD, **change}, own=["Brujah", "Siren"], identity=IDENTITY)
    return {d.kind for d in found}


def test_clean_narrative() -> None:
    assert kinds() == set()


def test_each_kind() -> None:
    assert "non-word" in kinds(quote="Hold still, glaadyswale.")
    assert "junk-name" in kinds(name_first="Aircelceeile")
    assert "junk-name" in kinds(sire="Bossa-Vaaradello Af")
    assert "canon-name" in kinds(name_last="Beckett")
    assert "markup" in kinds(quote="See www.example.com now.")
    assert "copied" in kinds(quote="Hold still. This will only sting for a moment.")
    assert "duplicate" in kinds(quote=GOOD["appearance"])
    assert "other-identity" in kinds(biography="Aoife is a Toreador now. She paints. She waits.")
    assert "pronoun" in kinds(biography="Aoife ran a clinic. He was tired. She left.")
    assert "unended" in kinds(quote="Hold still, this will")
    assert "empty" in kinds(appearance="")


def test_faces() -> None:
    assert audit_npc_description("Marta guards the gate. He never sleeps.", "Female", "Marta")
    assert not audit_npc_description("Marta guards the gate. She never sleeps.", "Female", "Marta")
    assert audit_agent_field("postExamples", ["Visit http://x.io today."])
    assert not audit_agent_field("postExamples", ["Jazz is best at night.", "Art takes time."])
