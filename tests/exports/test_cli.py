from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from personae import InvalidRequestError, NotFoundError, Personae
from personae.exports import export
from personae.exports.cli import export_command
from tests.exports.conftest import CLASSES


@pytest.fixture()
def files(tmp_path: Path, characters) -> dict[str, Path]:
    one = tmp_path / "one.json"
    one.write_text(characters[("HUNTER", "NEW")].to_json())
    many = tmp_path / "fixtures.json"
    many.write_text(json.dumps([characters[(c, "NEW")].to_dict() for c in CLASSES]))
    return {"one": one, "many": many}


def run(*args: str, cwd: Path) -> object:
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=cwd):
        return runner.invoke(export_command, list(args), catch_exceptions=True)


def test_one_character_file(files, tmp_path: Path, characters) -> None:
    out = tmp_path / "out" / "hunter.json"
    result = CliRunner().invoke(
        export_command, [str(files["one"]), "-f", "foundry", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(out)
    assert out.read_bytes() == export(characters[("HUNTER", "NEW")], "foundry").content


def test_default_name_and_stdout(files, tmp_path: Path, characters, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(export_command, [str(files["one"]), "--format", "ccv2"])
    assert result.exit_code == 0
    expected = export(characters[("HUNTER", "NEW")], "ccv2")
    assert (tmp_path / expected.filename).read_bytes() == expected.content
    result = CliRunner().invoke(export_command, [str(files["one"]), "-f", "json", "-o", "-"])
    assert result.stdout_bytes == export(characters[("HUNTER", "NEW")], "json").content


def test_fixtures_list_gives_one_file_per_character(files, tmp_path: Path, characters) -> None:
    folder = tmp_path / "cards"
    result = CliRunner().invoke(
        export_command, [str(files["many"]), "-f", "png", "-o", str(folder)]
    )
    assert result.exit_code == 0, result.output
    written = sorted(folder.iterdir())
    assert len(written) == len(CLASSES)
    assert sorted(p.name for p in written) == sorted(
        export(characters[(c, "NEW")], "png").filename for c in CLASSES
    )


def test_warnings_go_to_stderr(files, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        export_command, [str(files["one"]), "-f", "inconnu", "-o", str(tmp_path / "x.json")]
    )
    assert result.exit_code == 0
    assert "warning:" in result.stderr and "no hunter splat" in result.stderr
    assert "warning:" not in result.stdout


def test_bad_input_raises_personae_errors(files, tmp_path: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(export_command, [str(files["one"]), "-f", "docx"])
    assert isinstance(r.exception, InvalidRequestError)
    assert r.exception.problems[0].field == "format"
    r = runner.invoke(export_command, [str(tmp_path / "missing.json"), "-f", "json"])
    assert isinstance(r.exception, InvalidRequestError)
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "not a character"}')
    r = runner.invoke(export_command, [str(bad), "-f", "json"])
    assert isinstance(r.exception, InvalidRequestError)
    assert "not a personae Character" in str(r.exception)
    r = runner.invoke(export_command, [str(files["many"]), "-f", "json", "-o", "-"])
    assert isinstance(r.exception, InvalidRequestError)


def test_character_id_from_the_store(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    stored = Personae(str(db)).generate(character_class="GHOUL", seed=5)
    out = tmp_path / "g.json"
    r = CliRunner().invoke(
        export_command, [stored.id, "-f", "eliza", "--db", str(db), "-o", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert json.loads(out.read_text())["name"] == stored.name
    r = CliRunner().invoke(export_command, ["nope", "-f", "eliza", "--db", str(db)])
    assert isinstance(r.exception, NotFoundError)
    r = CliRunner().invoke(
        export_command, ["nope", "-f", "json", "--db", str(tmp_path / "none.db")]
    )
    assert isinstance(r.exception, InvalidRequestError)
    assert not (tmp_path / "none.db").exists()
