"""Bad input through the CLI, end to end (the installed command in a subprocess): each case
exits non-zero with exactly one line that names the file or option, never a traceback,
and leaves every stored file as it was."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from ..conftest import REPO, personae_cmd, subprocess_env

Arg = str | bytes


@dataclass
class Case:
    id: str
    args: list[Arg]
    says: list[str]  # every one of these appears in the one line
    code: int = 2
    env: dict[str, str] = field(default_factory=dict)
    drop_privileges: bool = False
    absent: list[str] = field(default_factory=list)  # files that must not appear
    process: bool = False  # run the installed command (else click's runner, in-process)


def _drop() -> list[str]:
    """Run as root without the capabilities that bypass file permissions: the kernel then
    applies a file's mode bits as for any other user (a non-root run, in effect)."""
    return ["setpriv", "--inh-caps=-all", "--bounding-set=-all"]


def build_world(root: Path) -> None:
    """The files the cases point at; `good.db` is a real store with one character."""
    run([*personae_cmd(), "generate", "--seed", "1", "--db", str(root / "good.db")], root)
    (root / "random.db").write_bytes(os.urandom(50_000))
    good = (root / "good.db").read_bytes()
    (root / "truncated.db").write_bytes(good[: len(good) // 3])
    (root / "folder.db").mkdir()
    (root / "ro").mkdir()
    shutil.copy(root / "good.db", root / "ro" / "ro.db")
    (root / "ro" / "ro.db").chmod(0o444)
    (root / "ro").chmod(0o555)
    (root / "a-file").write_text("x")
    rules = root / "rules-latin1"
    shutil.copytree(REPO / "rulesets" / "v5", rules)
    with (rules / "concepts.yaml").open("ab") as fh:
        fh.write("\n# caf\u00e9\n".encode("latin-1"))
    zero = root / "rules-zero"
    shutil.copytree(REPO / "rulesets" / "v5", zero)
    (zero / "concepts.yaml").unlink()
    (zero / "concepts.yaml").symlink_to("/dev/zero")
    (root / "cfg" / "personae").mkdir(parents=True)
    (root / "cfg" / "personae" / "config.toml").write_text('model = "unterminated\n')
    (root / "deep.json").write_text("[" * 5000 + "]" * 5000)
    (root / "deep-object.json").write_text('{"a":' * 2000 + "1" + "}" * 2000)
    (root / "bad.json").write_text('{"name": ')
    (root / "latin1.json").write_bytes('{"name": "caf\u00e9"}'.encode("latin-1"))


def run(cmd: list[Arg], cwd: Path, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    done = subprocess.run(
        cmd, cwd=cwd, capture_output=True, timeout=300, env={**subprocess_env(), **(env or {})}
    )
    return (
        done.returncode,
        done.stdout.decode(errors="replace"),
        done.stderr.decode(errors="replace"),
    )


DB = ["--db", "good.db"]
CASES = [
    *[
        Case(f"{cmd[0]}-{kind}", [*cmd, "--db", path], [path, "--db"])
        for kind, path in (
            ("random", "random.db"),
            ("truncated", "truncated.db"),
            ("directory", "folder.db"),
            ("under-a-file", "a-file/x.db"),
        )
        for cmd in (["generate", "--seed", "2"], ["show", "nope"], ["chargen", "list"])
    ],
    *[
        Case(
            f"{cmd[0]}-read-only",
            [*cmd, "--db", "ro/ro.db"],
            ["ro/ro.db", "read-only"],
            drop_privileges=True,
        )
        for cmd in (
            ["generate", "--seed", "2"],
            ["chargen", "start", "--seed", "2"],
            ["npc", "create", "--game", "g", "--world", "w"],
        )
    ],
    # reading a read-only store works: an unknown id is still just not found
    Case(
        "show-read-only",
        ["show", "nope", "--db", "ro/ro.db"],
        ["nope"],
        code=1,
        drop_privileges=True,
    ),
    *[
        Case(
            f"{cmd[0]}-env-directory",
            cmd,
            ["folder.db", "PERSONAE_DB"],
            env={"PERSONAE_DB": "folder.db"},
            process=cmd == ["chargen", "list"],
        )
        for cmd in (["generate"], ["show", "nope"], ["chargen", "list"])
    ],
    Case(
        "campaign-not-utf8",
        ["generate", "--campaign", b"\xff\xfecamp", *DB],
        ["--campaign"],
        process=True,
    ),
    Case("campaign-not-utf8-inline", ["generate", b"--campaign=\xff", *DB], ["--campaign"]),
    Case(
        "npc-name-not-utf8",
        ["npc", "create", "--game", "g", "--world", "w", "--name", b"\xc3\x28", *DB],
        ["--name"],
    ),
    Case(
        "fixtures-missing-folder",
        ["fixtures", "--count", "2", "--out", "missing/dir/f.json"],
        ["--out", "missing/dir"],
        absent=["missing"],
    ),
    Case("fixtures-out-folder", ["fixtures", "--count", "2", "--out", "folder.db"], ["--out"]),
    Case(
        "ruleset-not-utf8",
        ["generate", "--ruleset", "rules-latin1", *DB],
        ["concepts.yaml", "UTF-8"],
    ),
    Case(
        "ruleset-dev-zero",
        ["generate", "--ruleset", "rules-zero", *DB],
        ["concepts.yaml", "larger than"],
    ),
    Case(
        "config-toml-broken",
        ["generate", "--backend", "llama", *DB],
        ["config.toml"],
        env={"XDG_CONFIG_HOME": "cfg"},
    ),
    Case(
        "backend-nonsense", ["generate", "--backend", "nonsense", *DB], ["--backend"], process=True
    ),
    Case("model-without-llama", ["generate", "--model", "x.gguf", *DB], ["--model"]),
    Case("agent-set-deep", ["agent", "set", "@deep.json", *DB], ["deep.json", "64"]),
    Case(
        "agent-set-deep-object",
        ["agent", "set", "@deep-object.json", *DB],
        ["deep-object.json", "64"],
    ),
    Case(
        "npc-body-deep",
        ["npc", "create", "--game", "g", "--world", "w", "--body", "@deep.json", *DB],
        ["--body", "deep.json"],
    ),
    Case(
        "npc-body-bad-json",
        ["npc", "create", "--game", "g", "--world", "w", "--body", "@bad.json", *DB],
        ["--body", "bad.json"],
    ),
    Case("agent-set-dev-zero", ["agent", "set", "@/dev/zero", *DB], ["/dev/zero"]),
    Case("agent-set-not-utf8", ["agent", "set", "@latin1.json", *DB], ["latin1.json", "UTF-8"]),
    Case("agent-set-missing-file", ["agent", "set", "@nowhere.json", *DB], ["nowhere.json"]),
    Case("agent-set-not-object", ["agent", "set", "[1, 2]", *DB], ["(root)"]),
    Case(
        "npc-body-strings",
        ["npc", "create", "--game", "g", "--world", "w", "--body", '{"items": "many"}', *DB],
        ["items"],
    ),
    Case("seed-out-of-range", ["generate", "--seed", "-1", *DB], ["--seed"]),
    Case("seed-huge", ["generate", "--seed", "9" * 40, *DB], ["--seed"]),
    Case("show-unknown", ["show", "no-such-id", *DB], ["no-such-id"], code=1),
    Case(
        "npc-show-unknown",
        ["npc", "show", "nope", "--game", "g", "--world", "w", *DB],
        ["nope"],
        code=1,
    ),
    Case("finalize-unknown", ["chargen", "finalize", "nope", "nope2", *DB], ["nope"], code=1),
    Case("class-unknown", ["generate", "--class", "DRAGON", *DB], ["--class"]),
    Case("clan-unknown", ["generate", "--class", "VAMPIRE", "--clan", "Nope", *DB], ["--clan"]),
]


def fingerprint(root: Path) -> dict[str, str]:
    """Every file under root by content hash; a database by its rows (opening a store may
    fold its write-ahead log into the main file: same rows, other bytes)."""
    out = {}
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.is_symlink() or path.name.endswith(("-shm", "-wal")):
            continue
        out[str(path.relative_to(root))] = (
            _rows_hash(path) or hashlib.sha256(path.read_bytes()).hexdigest()
        )
    return out


def _rows_hash(path: Path) -> str | None:
    if path.suffix != ".db":
        return None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            dump = "\n".join(conn.iterdump())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return "rows:" + hashlib.sha256(dump.encode()).hexdigest()


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[int, str, str, bool]]:
    """Run every case once (four at a time), each in a fresh copy of the world."""
    world = tmp_path_factory.mktemp("world")
    build_world(world)
    (world / "ro").chmod(0o755)
    results: dict[str, tuple[int, str, str, bool]] = {}

    def one(case: Case) -> None:
        root = tmp_path_factory.mktemp(case.id)
        shutil.copytree(world, root, dirs_exist_ok=True, symlinks=True)
        (root / "ro").chmod(0o555)
        before = fingerprint(root)
        env = {k: (str(root / v) if k == "XDG_CONFIG_HOME" else v) for k, v in case.env.items()}
        if case.process or case.drop_privileges:
            cmd = [*(_drop() if case.drop_privileges else []), *personae_cmd(), *case.args]
            code, out, err = run(cmd, root, env)
        else:
            code, out, err = in_process(case.args, root, env)
        (root / "ro").chmod(0o755)
        untouched = fingerprint(root) == before and not any(
            (root / a).exists() for a in case.absent
        )
        results[case.id] = (code, out, err, untouched)

    for case in CASES:  # in-process runs change the working folder: one at a time
        if not (case.process or case.drop_privileges):
            one(case)
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(one, [c for c in CASES if c.process or c.drop_privileges]))
    return results


def in_process(args: list[Arg], cwd: Path, env: dict[str, str]) -> tuple[int, str, str]:
    """The root command through click's runner, with arguments decoded as Python decodes a
    real argv (undecodable bytes become lone surrogates)."""
    from click.testing import CliRunner

    from personae.cli.main import cli

    texts = [a.decode("utf-8", "surrogateescape") if isinstance(a, bytes) else a for a in args]
    home = os.getcwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(cli, texts, env={"PERSONAE_DB": None, **env})
    finally:
        os.chdir(home)
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    err = result.stderr + ("Traceback (uncaught in-process)" if crashed else "")
    return result.exit_code, result.stdout, err


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_one_line_and_changes_nothing(
    outcomes: dict[str, tuple[int, str, str, bool]], case: Case
) -> None:
    if case.drop_privileges and shutil.which("setpriv") is None:
        pytest.skip("setpriv (util-linux) is needed to run without root's file access")
    code, out, err, untouched = outcomes[case.id]
    assert "Traceback" not in err + out
    assert code == case.code, err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), err
    assert "writing the narrative" not in err
    for word in case.says:
        assert word in lines[0], (word, lines[0])
    assert untouched, "a stored file changed"


def test_unexpected_errors_are_one_line_with_a_debug_switch(tmp_path: Path) -> None:
    """A bug (here: a character row whose JSON was damaged by hand) is one line naming the
    switch; with PERSONAE_DEBUG=1 the traceback is shown."""
    db = tmp_path / "hand-edited.db"
    code, out, _ = run(
        [*personae_cmd(), "generate", "--seed", "3", "--db", str(db), "--json"], tmp_path
    )
    import json
    import sqlite3

    cid = json.loads(out)["id"]
    conn = sqlite3.connect(db)
    conn.execute("update characters set data = '{\"oops\": 1}' where id = ?", [cid])
    conn.commit()
    conn.close()
    code, _, err = run([*personae_cmd(), "show", cid, "--db", str(db)], tmp_path)
    assert code != 0 and "Traceback" not in err and len(err.splitlines()) == 1
    assert "PERSONAE_DEBUG=1" in err
    code, _, err = run(
        [*personae_cmd(), "show", cid, "--db", str(db)], tmp_path, {"PERSONAE_DEBUG": "1"}
    )
    assert code != 0 and "Traceback" in err


_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
    "stderr=subprocess.DEVNULL).returncode\n"
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def rss_of(cmd: list[str], cwd: Path) -> tuple[int, int]:
    """Exit code and peak resident memory (KiB) of one command, measured by a small fresh
    interpreter (a child forked from this big test process would inherit its peak)."""
    import sys

    out = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=600,
        check=True,
    ).stdout
    code, peak = out.split()
    return int(code), int(peak)


def test_a_ruleset_file_pointing_at_dev_zero_is_refused_with_bounded_memory(
    tmp_path: Path,
) -> None:
    zero = tmp_path / "rules"
    shutil.copytree(REPO / "rulesets" / "v5", zero)
    (zero / "core.yaml").unlink()
    (zero / "core.yaml").symlink_to("/dev/zero")
    code, peak = rss_of(
        [*personae_cmd(), "generate", "--ruleset", str(zero), "--no-store"], tmp_path
    )
    assert code == 2
    print(f"\nruleset file -> /dev/zero: refused, peak RSS {peak // 1024} MiB")
    assert peak < 300 * 1024, f"peak {peak // 1024} MiB"
