from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from personae import Personae, Store, export
from personae.cli import cli


def test_import_a_card_and_a_character_file_then_export(tmp_path: Path) -> None:
    db = tmp_path / "agents.db"
    engine = Personae(Store(db))
    character = engine.generate(character_class="WEREWOLF", seed=8)
    engine.store.close()
    card = tmp_path / "card.png"
    card.write_bytes(export(character, "png").content)
    eliza = tmp_path / "eliza.json"
    eliza.write_bytes(export(character, "eliza").content)
    runner = CliRunner()
    first = runner.invoke(cli, ["agent", "import", str(card), "--db", str(db)])
    assert first.exit_code == 0, first.output
    second = runner.invoke(
        cli, ["agent", "import", str(eliza), "--profile", "from-eliza", "--db", str(db)]
    )
    assert second.exit_code == 0, second.output
    out = tmp_path / "back.json"
    done = runner.invoke(cli, ["agent", "export", "--out", str(out), "--db", str(db)])
    assert done.exit_code == 0, done.output
    back = json.loads(out.read_text(encoding="utf-8"))
    original = json.loads(eliza.read_text(encoding="utf-8"))
    assert back["name"] == original["name"] == character.name
    assert back["messageExamples"] == original["messageExamples"]
    assert back["bio"] == original["bio"] and back["system"] == original["system"]
    listing = runner.invoke(cli, ["agent", "profiles", "--db", str(db)])
    assert "from-eliza" in listing.output and character.name in listing.output


def test_import_refuses_what_is_not_a_character_file(tmp_path: Path) -> None:
    bad = tmp_path / "notes.json"
    bad.write_text('{"title": "no name here"}', encoding="utf-8")
    result = CliRunner().invoke(cli, ["agent", "import", str(bad), "--db", str(tmp_path / "x.db")])
    assert result.exit_code != 0
    assert "name" in result.output and "Traceback" not in result.output
