"""Sheets per second on one core for the rules backend, per class, three pipelines side by side.

    python benchmarks/rules_throughput.py [--count N]

generate            the sheet: resolve + creation rules + XP spending (no validation)
generate+validate   the same plus the independent validator
full +JSON          the same plus rules narrative, the Character, and Character.to_json()
Levels cycle through every experience level so XP spending is exercised.
Goal: generate+validate >= 2,000 sheets/s.
"""

from __future__ import annotations

import argparse
import os
import time

from personae.generate import Owner, assemble, build, facts_for
from personae.identity import fixture_stamp
from personae.narrative import get_backend
from personae.request import GenerationRequest
from personae.ruleset import load_ruleset
from personae.validator import check_sheet

CLASSES = ["MORTAL", "VAMPIRE", "WEREWOLF", "HUNTER", "GHOUL"]


def run(cls: str, count: int, validate: bool, full: bool) -> float:
    rules = load_ruleset()
    backend = get_backend("rules")
    levels = rules.level_names
    owner = Owner()
    start = time.perf_counter()
    for i in range(count):
        req = GenerationRequest(character_class=cls, experience_level=levels[i % len(levels)],
                                seed=i)
        built = build(rules, req, validate=False)
        if validate:
            check_sheet(rules, built.sheet, built.experience)
        if full:
            narrative = backend.narrate(facts_for(rules, built), i, set())
            character = assemble(rules, built, narrative, "rules", stamp=fixture_stamp(0, i),
                                 owner=owner)
            character.to_json(indent=None)
    return count / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})  # one core
    run("MORTAL", 200, True, True)  # warm caches (ruleset, pools, templates)
    rows = []
    for cls in CLASSES:
        rows.append((cls, run(cls, args.count, False, False), run(cls, args.count, True, False),
                     run(cls, args.count, True, True)))
    print(f"rules backend, {args.count} sheets per cell, one core, sheets/s")
    print(f"| {'class':<9}| {'generate':>9} | {'generate+validate':>17} | {'full +JSON':>10} | "
          f"{'validate cost':>13} |")
    print(f"|{'-' * 10}|{'-' * 11}|{'-' * 19}|{'-' * 12}|{'-' * 15}|")
    for cls, gen, val, js in rows:
        print(f"| {cls:<9}| {gen:>9.0f} | {val:>17.0f} | {js:>10.0f} | {gen / val:>12.2f}x |")
    overall = sum(r[2] for r in rows) / len(rows)
    print(f"mean generate+validate = {overall:.0f} sheets/s (goal >= 2000: "
          f"{'met' if overall >= 2000 else 'NOT met'})")


if __name__ == "__main__":
    main()
