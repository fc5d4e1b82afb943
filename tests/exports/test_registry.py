from __future__ import annotations

import json

import pytest

from personae import Character, InvalidRequestError
from personae.exports import (
    Exporter,
    ExportResult,
    Notes,
    character_slug,
    export,
    exporter_names,
    get_exporter,
    register_exporter,
)
from personae.exports import base as base_module

BUILT_IN = {"ccv2", "ccv3", "eliza", "foundry", "html", "inconnu", "json", "pdf", "png"}
MEDIA = {
    "ccv2": "application/json",
    "ccv3": "application/json",
    "eliza": "application/json",
    "foundry": "application/json",
    "html": "text/html; charset=utf-8",
    "inconnu": "application/json",
    "json": "application/json",
    "pdf": "application/pdf",
    "png": "image/png",
}


def test_every_format_of_the_issue_is_registered() -> None:
    assert set(exporter_names()) >= BUILT_IN
    assert exporter_names() == sorted(exporter_names())


@pytest.mark.parametrize("fmt", sorted(BUILT_IN))
def test_each_export_returns_a_result_with_a_file_name(characters, fmt: str) -> None:
    c = characters[("VAMPIRE", "NEW")]
    result = export(c, fmt)
    assert isinstance(result, ExportResult)
    assert result.format == fmt
    assert result.media_type == MEDIA[fmt]
    assert result.content
    assert result.filename.startswith(character_slug(c))
    assert result.filename.endswith(get_exporter(fmt).extension)
    assert all(isinstance(w, str) and w for w in result.warnings)


def test_unknown_format_names_the_field_and_the_choices(characters) -> None:
    with pytest.raises(InvalidRequestError) as err:
        export(characters[("MORTAL", "NEW")], "docx")
    problem = err.value.problems[0]
    assert problem.field == "format"
    assert "docx" in problem.message and "foundry" in problem.message


def test_format_names_are_case_insensitive(characters) -> None:
    assert export(characters[("MORTAL", "NEW")], " JSON ").format == "json"


def test_a_new_exporter_registers_without_touching_the_core(characters, monkeypatch) -> None:
    monkeypatch.setattr(base_module, "_REGISTRY", dict(base_module._REGISTRY))

    @register_exporter
    class Names(Exporter):
        name = "names-txt"
        media_type = "text/plain"
        extension = "names.txt"

        def render(self, character: Character, notes: Notes) -> bytes:
            notes.warn("only the name is exported")
            return character.name_full.encode()

    result = export(characters[("HUNTER", "NEW")], "names-txt")
    assert result.text == characters[("HUNTER", "NEW")].name_full
    assert result.warnings == ["only the name is exported"]
    assert "names-txt" in exporter_names()


def test_bad_exporter_names_are_refused() -> None:
    class Bad(Exporter):
        name = "Bad Name"
        media_type = "text/plain"
        extension = "txt"

        def render(self, character: Character, notes: Notes) -> bytes:
            return b""

    with pytest.raises(ValueError):
        register_exporter(Bad)


def test_json_export_is_the_lossless_character(characters) -> None:
    for c in characters.values():
        back = Character.model_validate_json(export(c, "json").content)
        assert back == c
        assert export(c, "json").warnings == []


def test_every_export_records_id_seed_and_ruleset(characters) -> None:
    c = characters[("WEREWOLF", "ELITE")]
    for fmt in sorted(BUILT_IN - {"pdf", "png"}):
        text = export(c, fmt).text
        assert c.id in text, fmt
        assert str(c.seed) in text, fmt
        assert c.ruleset.id in text and c.ruleset.version in text, fmt
    # structured places
    foundry = json.loads(export(c, "foundry").content)
    assert foundry["flags"]["personae"]["character_id"] == c.id
    assert foundry["flags"]["personae"]["seed"] == c.seed
    eliza = json.loads(export(c, "eliza").content)
    assert eliza["settings"]["personae"]["ruleset"] == {"id": "v5", "version": c.ruleset.version}
    inconnu = json.loads(export(c, "inconnu").content)
    assert inconnu["personae"]["character_id"] == c.id


def test_slug_is_ascii_and_stable(characters) -> None:
    c = characters[("GHOUL", "NEW")].model_copy(update={"name_full": "Zoë “Ash” Ødegård"})
    slug = character_slug(c)
    assert slug.isascii() and " " not in slug
    assert slug.startswith("zoe-ash-odegard-")
    assert slug == character_slug(c)
