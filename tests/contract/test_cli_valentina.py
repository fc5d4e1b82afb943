"""`personae valentina ...`: the same operations as the HTTP routes, as JSON on stdout."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

import personae.cli  # noqa: F401  (the root CLI loads the face groups first)
from personae import Personae, Store
from personae.faces.valentina.characters import owner_for
from personae.faces.valentina.cli import valentina_group
from personae.faces.valentina.operations import generate
from personae.pipeline import GenerationRequest


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(valentina_group, list(args))
    return result.exit_code, result.output


def test_list_get_sheet_traits_update_delete(tmp_path: Path) -> None:
    db = str(tmp_path / "cli.db")
    engine = Personae(Store(db))
    made = generate(
        engine,
        GenerationRequest.parse({"character_class": "WEREWOLF", "seed": 4}),
        owner=owner_for(engine, "co", None, "u"),
    )
    engine.store.close()

    code, out = _run("list", "--company", "co", "--db", db)
    assert code == 0, out
    page = json.loads(out)
    assert page["total"] == 1 and page["items"][0]["id"] == made.id

    code, out = _run("get", made.id, "--company", "co", "--include", "traits", "--db", db)
    detail = json.loads(out)
    assert code == 0 and detail["traits"] and detail["specialties"]

    code, out = _run("sheet", made.id, "--company", "co", "--db", db)
    sheet = json.loads(out)
    category = sheet["sections"][0]["categories"][0]["id"]
    code, out = _run("sheet", made.id, "--company", "co", "--category", category, "--db", db)
    assert code == 0 and json.loads(out)["id"] == category

    code, out = _run("traits", made.id, "--company", "co", "--rollable", "--db", db)
    traits = json.loads(out)["items"]
    assert code == 0 and all(t["trait"]["is_rollable"] for t in traits)
    code, out = _run("traits", made.id, "--company", "co", "--trait", traits[0]["id"], "--db", db)
    assert json.loads(out)["id"] == traits[0]["id"]

    code, out = _run(
        "update",
        made.id,
        "--company",
        "co",
        "--set",
        "name_nick=Ashfall",
        "--set",
        "werewolf_attributes.pack_name=Rust Choir",
        "--db",
        db,
    )
    assert code == 0, out
    updated = json.loads(out)
    assert updated["name_nick"] == "Ashfall"
    assert updated["werewolf_attributes"]["pack_name"] == "Rust Choir"

    code, out = _run("get", made.id, "--company", "elsewhere", "--db", db)
    assert code != 0
    code, out = _run("delete", made.id, "--company", "co", "--db", db)
    assert code == 0 and made.id in out
    code, out = _run("list", "--company", "co", "--db", db)
    assert json.loads(out)["total"] == 0
