"""The layout keeps its promises: SQL only in store/, no import cycles among the CLI and
face modules, one protocol per character class."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import personae
from personae.classes import ClassPlugin, registered
from personae.enums import CharacterClass

PACKAGE = Path(personae.__file__).resolve().parent
SQL = re.compile(
    r"\b(select\s+.+\s+from|insert\s+into|update\s+\w+\s+set|delete\s+from|create\s+(unique\s+)?"
    r"(table|index)|begin\s+immediate|pragma\s+\w+)\b",
    re.I | re.S,
)


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "_resources" not in p.parts)


def _strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    ]


def test_sql_lives_only_in_the_store() -> None:
    offenders = {
        str(p.relative_to(PACKAGE)): hits
        for p in _modules()
        if "store" not in p.relative_to(PACKAGE).parts
        and (hits := [s[:60] for s in _strings(p) if SQL.search(s)])
    }
    assert offenders == {}


def test_the_check_finds_sql() -> None:
    """The pattern above does catch the statements the store writes."""
    store_hits = [s for p in (PACKAGE / "store").glob("*.py") for s in _strings(p) if SQL.search(s)]
    assert len(store_hits) >= 20


def _imports(path: Path) -> set[str]:
    """Modules of the package a module imports at its top level (not inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if path.name == "__init__.py":
        package = package.rsplit(".", 1)[0] + "." + "__init__"
    out: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: -node.level]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            if target.startswith("personae"):
                out.add(target)
                out.update(f"{target}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("personae"))
    return out


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_cli_and_face_modules_import_no_cycle() -> None:
    modules = {
        _module_name(p): p
        for p in _modules()
        if {"cli", "faces", "server"} & set(p.relative_to(PACKAGE).parts)
    }
    graph = {name: {m for m in _imports(p) if m in modules and m != name}
             for name, p in modules.items()}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        if node in stack:
            cycles.append([*stack[stack.index(node) :], node])
            return
        for nxt in graph[node]:
            visit(nxt, [*stack, node])

    for start in graph:
        visit(start, [])
    assert cycles == []


def test_the_cycle_check_sees_imports() -> None:
    main = PACKAGE / "cli" / "commands.py"
    assert "personae.cli.options" in _imports(main)


def test_every_supported_class_has_one_plugin() -> None:
    plugins = {p.character_class: p for p in registered()}
    supported = personae.load_ruleset().supported_classes
    assert set(supported) <= set(plugins)
    assert all(isinstance(p, ClassPlugin) for p in plugins.values())
    assert CharacterClass.MAGE not in plugins


# Exporters map each class onto another tool's own per-class shapes, and the ruleset
# loader maps classes onto their YAML sections: both branch by design. Everything else
# (pipeline, narrative, store, faces, server, CLI) reaches class rules through plug-ins.
GENERIC = ("pipeline", "narrative", "llm", "store", "faces", "server", "cli")


def test_class_branching_stays_in_classes() -> None:
    """The generic layers never name a concrete class; adding one edits none of them."""
    pattern = re.compile(r"CharacterClass\.(VAMPIRE|WEREWOLF|HUNTER|GHOUL|MORTAL)\b")
    offenders = [
        str(p.relative_to(PACKAGE))
        for p in _modules()
        if (p.parent == PACKAGE or p.relative_to(PACKAGE).parts[0] in GENERIC)
        and pattern.search(p.read_text(encoding="utf-8"))
    ]
    assert offenders == []
