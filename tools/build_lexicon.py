"""Build data/lexicon.txt: the most frequent English words, from the wordfreq package.

wordfreq (https://pypi.org/project/wordfreq/) ships word frequencies compiled from many
public sources under CC BY-SA 4.0. It is needed only to run this script, not at run time:

    .venv/bin/pip install wordfreq
    .venv/bin/python tools/build_lexicon.py

Kept: lowercase words of letters, optionally joined by apostrophes or hyphens (don't, it's,
well-known), 1-20 characters; single letters only for "a", "i" and "o"; possessives ("'s"
after a noun) and tokenizer pieces such as "n't" dropped; words in data/lexicon_blocklist.txt
dropped. The first SIZE words that pass are written most frequent first, so the first N
lines are the N most frequent words.
"""

from __future__ import annotations

import argparse
import re
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "lexicon.txt"
BLOCKLIST = ROOT / "data" / "lexicon_blocklist.txt"
SIZE = 25_000
WORD = re.compile(r"^[a-z]+(['-][a-z]+)*$")
SINGLE_LETTERS = frozenset("aio")
# Bases whose "'s" form is a contraction a writer uses ("it's", "who's"), not a possessive.
S_CONTRACTIONS = frozenset(
    {"it", "he", "she", "that", "what", "there", "here", "who", "where", "how", "when", "why"}
    | {"let", "one", "this", "everyone", "someone", "everybody", "somebody", "nobody"}
    | {"nothing", "something", "everything"}
)


def read_blocklist(path: Path = BLOCKLIST) -> frozenset[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(s for line in lines if (s := line.strip()) and not s.startswith("#"))


def keep(word: str, blocked: frozenset[str]) -> bool:
    if not WORD.match(word) or not 1 <= len(word) <= 20 or word in blocked:
        return False
    if len(word) == 1:
        return word in SINGLE_LETTERS
    if word.startswith("n'"):
        return False
    if word.endswith("'s"):
        return word[:-2] in S_CONTRACTIONS
    return True


def build(size: int = SIZE) -> list[str]:
    from wordfreq import top_n_list

    blocked = read_blocklist()
    chosen: list[str] = []
    seen: set[str] = set()
    for word in top_n_list("en", size * 3, wordlist="best"):
        if word not in seen and keep(word, blocked):
            seen.add(word)
            chosen.append(word)
            if len(chosen) == size:
                break
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=SIZE, help="number of words to keep")
    parser.add_argument("--out", type=Path, default=OUT, help="where to write the list")
    args = parser.parse_args()
    words = build(args.size)
    header = [
        f"# The {len(words)} most frequent English words of the wordfreq package"
        f" {version('wordfreq')}",
        "# (top_n_list('en', wordlist='best')) that pass the filter of tools/build_lexicon.py.",
        "# Source: https://github.com/rspeer/wordfreq; its data is licensed CC BY-SA 4.0.",
        "# Built by: .venv/bin/python tools/build_lexicon.py"
        + (f" --size {args.size}" if args.size != SIZE else ""),
        "# One lowercase word a line, most frequent first; engine/personae/lexicon.py adds",
        "# the names of data/names.yaml and the ruleset's proper nouns when it loads this.",
    ]
    args.out.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"wrote {len(words)} words to {args.out}")


if __name__ == "__main__":
    main()
