"""A word guard for decoding: every word the model completes is in an allowed set.

The grammar fixes the JSON shape and the characters free text may use; the guard works on
words, which a grammar of tens of thousands of words would make slow to compile and to
match. The decoder asks it only about the token it sampled (never about the whole
vocabulary), so it costs a few set look-ups per token. A token is refused when it
finishes a word outside the set, finishes a banned word, or leaves a partial word that no
allowed word begins with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cache

# endings English glues on with an apostrophe: "it's", "don't", "we'll", "they're"; all
# but 's and n't only after a subject pronoun
_CLITICS = ("s", "t", "ll", "re", "ve", "d", "m")
_SUBJECTS = {
    "ll": {"i", "you", "he", "she", "it", "we", "they", "that", "who", "there"},
    "re": {"you", "we", "they", "who", "there", "what"},
    "ve": {"i", "you", "we", "they", "who", "could", "would", "should", "might", "must"},
    "d": {"i", "you", "he", "she", "it", "we", "they", "that", "who", "there"},
    "m": {"i"},
}


@cache
def _prefixes(words: frozenset[str]) -> frozenset[str]:
    return frozenset(w[:i] for w in words for i in range(1, len(w) + 1))


# a name written with apostrophes (O'Sullivan, D'Arcy): allowed whole when it is given
_NAME_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)+")


@dataclass(frozen=True)
class WordGuard:
    """Allowed words (lower case), their prefixes, and words never to write."""

    words: frozenset[str]
    banned: frozenset[str] = frozenset()
    extra: frozenset[str] = frozenset()
    _extra_prefixes: frozenset[str] = field(default=frozenset(), repr=False)

    @classmethod
    def build(
        cls, base: frozenset[str], extra: Iterable[str] = (), banned: Iterable[str] = ()
    ) -> WordGuard:
        """`base` is the big shared set (its prefixes are computed once per process);
        `extra` adds a few words for one call (names, the ruleset's terms)."""
        # names such as O'Sullivan count whole as well as by their parts
        joined = {w.lower() for e in extra for w in _NAME_WORD.findall(e) if "'" in w}
        more = frozenset({w.lower() for e in extra for w in _split(e)} | joined) - base
        return cls(
            words=base,
            banned=frozenset(b.lower() for b in banned),
            extra=more,
            _extra_prefixes=frozenset(w[:i] for w in more for i in range(1, len(w) + 1)),
        )

    def banning(self, words: Iterable[str]) -> WordGuard:
        """The same guard with more words never to write."""
        more = frozenset(w.lower() for text in words for w in _split(text))
        return replace(self, banned=self.banned | more)

    def _known(self, word: str) -> bool:
        return word in self.words or word in self.extra

    def _clitic(self, base: str, clitic: str) -> bool:
        """May `clitic` follow `base` after an apostrophe?"""
        if base in self.banned:
            return False
        if clitic == "s":  # not after a plural: "butlers's"
            return self._known(base) and not base.endswith("s")
        if clitic == "t":  # don't, isn't, can't, won't
            return base.endswith("n") and (self._known(base[:-1]) or base in ("can", "won"))
        return base in _SUBJECTS.get(clitic, ())

    def complete(self, word: str) -> bool:
        """May this whole word (lower case, maybe with an apostrophe) be written?"""
        if word in self.banned:
            return False
        if self._known(word):
            return True
        if "'" not in word:
            return False
        base, _, clitic = word.partition("'")
        return clitic in _CLITICS and self._clitic(base, clitic)

    def partial(self, word: str) -> bool:
        """May a word still be growing from these letters?"""
        if "'" in word:
            if word in self._extra_prefixes:  # a given name such as O'Sullivan
                return True
            base, _, clitic = word.partition("'")
            return any(c.startswith(clitic) and self._clitic(base, c) for c in _CLITICS)
        return word in _prefixes(self.words) or word in self._extra_prefixes

    def allows(self, pending: str, piece: str) -> bool:
        """Would appending token text `piece` after the partial word `pending` be fine?"""
        word = pending
        for ch in piece:
            if ch.isalpha() or (ch == "'" and word):
                word += ch.lower()
                continue
            if word and not self.complete(word.rstrip("'")):
                return False
            word = ""
        return not word or self.partial(word)


def pending_word(text: str) -> str:
    """The partial word at the end of `text` (lower case)."""
    i = len(text)
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "'"):
        i -= 1
    return text[i:].lower().lstrip("'")


def _split(text: str) -> list[str]:
    out, word = [], ""
    for ch in text:
        if ch.isalpha():
            word += ch
        else:
            if word:
                out.append(word)
            word = ""
    if word:
        out.append(word)
    return out
