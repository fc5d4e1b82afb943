"""The decoder's word guard for a subject: what the checks would refuse, refused while
the model writes, so a retry is needed less often. The checks still judge every text."""

from __future__ import annotations

import re
from functools import lru_cache

from ..llm.words import WordGuard
from ..pools import pool
from .checks import Subject

_WORDS = re.compile(r"[a-z']+")
_CHOICE = re.compile(r"([a-z ]*)\(\?:([a-z|]+)\)([a-z ]*)")


@lru_cache(maxsize=64)
def source_runs(source: str, n: int) -> frozenset[tuple[str, ...]]:
    """Every run of `n` words of a source (lower case), as the copy check counts them."""
    words = [w.strip("'") for w in _WORDS.findall(source.lower())]
    words = [w for w in words if w]
    return frozenset(tuple(words[i : i + n]) for i in range(len(words) - n + 1))


@lru_cache(maxsize=1)
def placeholder_runs() -> tuple[frozenset[str], frozenset[tuple[str, ...]]]:
    """The placeholder patterns of data/checks.yaml that are plain words or phrases
    ("example", "your (?:name|character)"): single words and runs of words. Patterns
    made of symbols need no guard (the grammar cannot write them)."""
    single: set[str] = set()
    runs: set[tuple[str, ...]] = set()
    for pattern in pool("checks")["placeholders"]:
        plain = pattern.replace("\\b", "").lower()
        options = [plain]
        found = _CHOICE.fullmatch(plain)
        if found:
            head, alts, tail = found.groups()
            options = [f"{head}{alt}{tail}" for alt in alts.split("|")]
        for option in options:
            if not re.fullmatch(r"[a-z]+(?: [a-z]+)*", option):
                continue
            words = tuple(option.split())
            if len(words) == 1:
                single.add(words[0])
            else:
                runs.add(words)
    return frozenset(single), frozenset(runs)


def decoding_guard(subject: Subject) -> WordGuard:
    """The subject's guard, also refusing placeholder words, copies of the prompt (the
    first source) and of the exemplars (the others) as long as the copy check counts
    them, and statements that stop on a dangling word."""
    checks = pool("checks")
    limits = checks["copy_ngrams"]
    single, runs = placeholder_runs()
    phrases = set(runs)
    for i, source in enumerate(subject.sources):
        phrases |= source_runs(source, int(limits["prompt"] if i == 0 else limits["exemplar"]))
    stops = [str(w) for w in checks["dangling_endings"]]
    return subject.guard().banning(single).avoiding(phrases, stops)
