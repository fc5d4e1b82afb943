"""A word guard for decoding: every word the model completes is in an allowed set.

The grammar fixes the JSON shape and the characters free text may use; the guard works on
words, which a grammar of tens of thousands of words would make slow to compile and to
match. The decoder asks it only about the token it sampled (never about the whole
vocabulary), so it costs a few set look-ups per token. A token is refused when it
finishes a word outside the set, finishes a banned word, leaves a partial word that no
allowed word begins with, finishes a run of words that must not be written (a copy of
the prompt or of an exemplar), or ends a statement on a word no statement ends on
("...the depth of."). Refusing these while decoding spares a retry after the checks.
"""

from __future__ import annotations

import re
from collections import Counter
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
# function words whose "'s" is "is" or "has" ("it's", "that's"), not a possessive
_S_CONTRACTED = {"it", "he", "she", "that", "there", "here", "what", "who", "where", "how"}


@cache
def _prefixes(words: frozenset[str]) -> dict[str, int]:
    """How many of the words begin with each prefix."""
    return _count_prefixes(words)


def _count_prefixes(words: Iterable[str]) -> dict[str, int]:
    return dict(Counter(w[:i] for w in words for i in range(1, len(w) + 1)))


# a name written with apostrophes (O'Sullivan, D'Arcy): allowed whole when it is given
_NAME_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)+")
_HYPHENATED = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)+")  # Jean-Luc, Thin-Blood


@dataclass(frozen=True)
class WordGuard:
    """Allowed words (lower case), their prefixes, and words never to write."""

    words: frozenset[str]
    banned: frozenset[str] = frozenset()
    extra: frozenset[str] = frozenset()
    _extra_prefixes: dict[str, int] = field(default_factory=dict, repr=False, hash=False)
    # prefixes of the banned words that are also allowed ones: a partial word only they
    # begin with cannot grow into anything that may be written
    _banned_prefixes: dict[str, int] = field(default_factory=dict, repr=False, hash=False)
    # runs of words (lower case) never to finish, and their lengths
    phrases: frozenset[tuple[str, ...]] = field(default=frozenset(), repr=False)
    phrase_sizes: tuple[int, ...] = ()
    # words a sentence ending in "." may not stop on
    stops: frozenset[str] = frozenset()
    # function words, which take no possessive "'s" ("and's")
    closed: frozenset[str] = frozenset()
    # every word of the given names and terms (a name ending in s takes "'s": "Darius's")
    given: frozenset[str] = frozenset()
    # the words a function word may grow into across tokens ("he" -> "hello", not "hehe")
    frequent: frozenset[str] = frozenset()

    @classmethod
    def build(
        cls,
        base: frozenset[str],
        extra: Iterable[str] = (),
        banned: Iterable[str] = (),
        closed: frozenset[str] = frozenset(),
        frequent: frozenset[str] = frozenset(),
    ) -> WordGuard:
        """`base` is the big shared set (its prefixes are computed once per process);
        `extra` adds a few words for one call (names, the ruleset's terms)."""
        # names such as O'Sullivan count whole as well as by their parts
        joined = {w.lower() for e in extra for w in _NAME_WORD.findall(e) if "'" in w}
        joined |= {w.lower() for e in extra for w in _HYPHENATED.findall(e)}
        more = frozenset({w.lower() for e in extra for w in _split(e)} | joined) - base
        given = frozenset(w.lower() for e in extra for w in _split(e))
        guard = cls(
            words=base,
            extra=more,
            _extra_prefixes=_count_prefixes(more),
            closed=closed,
            given=given,
            frequent=frequent,
        )
        return guard._banning(frozenset(b.lower() for b in banned))

    def banning(self, words: Iterable[str]) -> WordGuard:
        """The same guard with more words never to write (each word of each text)."""
        return self._banning(frozenset(w.lower() for text in words for w in _split(text)))

    def _banning(self, words: frozenset[str]) -> WordGuard:
        banned = self.banned | words
        known = (w for w in banned if w in self.words or w in self.extra)
        return replace(self, banned=banned, _banned_prefixes=_count_prefixes(known))

    def avoiding(
        self, phrases: Iterable[tuple[str, ...]] = (), stops: Iterable[str] = ()
    ) -> WordGuard:
        """The same guard that also never finishes these runs of words (lower case) and
        never ends a statement on these words."""
        more = self.phrases | frozenset(p for p in phrases if p)
        return replace(
            self,
            phrases=more,
            phrase_sizes=tuple(sorted({len(p) for p in more})),
            stops=self.stops | frozenset(stops),
        )

    def _known(self, word: str) -> bool:
        return word in self.words or word in self.extra

    def _clitic(self, base: str, clitic: str) -> bool:
        """May `clitic` follow `base` after an apostrophe?"""
        if base in self.banned:
            return False
        if clitic == "s":  # not after a plural ("butlers's") or a function word ("and's")
            return (
                self._known(base)
                and (not base.endswith("s") or base in self.given)  # "Darius's"
                and (base not in self.closed or base in _S_CONTRACTED)
            )
        if clitic == "t":  # don't, isn't, can't, won't
            return base.endswith("n") and (self._known(base[:-1]) or base in ("can", "won"))
        return base in _SUBJECTS.get(clitic, ())

    def complete(self, word: str) -> bool:
        """May this whole word (lower case, maybe with an apostrophe) be written? A
        hyphenated word is one known whole ("Jean-Luc", "broad-shouldered") or two known
        words that are not function words ("hard-working", not "in-android")."""
        if word in self.banned:
            return False
        if self._known(word):
            return True
        if "-" in word:
            if "'" in word:  # a possessive of a hyphenated name ("Jun-Jun's")
                base, _, clitic = word.rpartition("'")
                return clitic == "s" and "'" not in base and self.complete(base)
            head, _, tail = word.partition("-")
            return self._joinable(head) and self._joinable(tail)
        if "'" not in word:
            return False
        base, _, clitic = word.partition("'")
        return clitic in _CLITICS and self._clitic(base, clitic)

    def _frequent(self, word: str) -> bool:
        return word in self.frequent or word in self.given

    def _frequent_start(self, word: str) -> bool:
        return bool(_prefixes(self.frequent).get(word) or self._extra_prefixes.get(word))

    def _joinable(self, part: str) -> bool:
        """May this word be one half of a hyphenated word the model makes? Only a frequent
        word, or the -ed form of one."""
        common = self._frequent(part) or (
            part.endswith("ed") and (self._frequent(part[:-2]) or self._frequent(part[:-1]))
        )  # "dark-haired", "blue-eyed"; not "herald-allah"
        return (
            len(part) > 1
            and "-" not in part
            and common
            and part not in self.banned
            and part not in self.closed
        )

    def partial(self, word: str) -> bool:
        """May a word still be growing from these letters?"""
        if "-" in word and "'" not in word:
            if _prefixes(self.words).get(word, 0) or self._extra_prefixes.get(word, 0):
                return True
            head, _, tail = word.partition("-")
            return self._joinable(head) and (not tail or self.partial(tail))
        if "'" in word:
            if word in self._extra_prefixes:  # a given name such as O'Sullivan
                return True
            base, _, clitic = word.partition("'")
            return any(c.startswith(clitic) and self._clitic(base, c) for c in _CLITICS)
        growing = _prefixes(self.words).get(word, 0) + self._extra_prefixes.get(word, 0)
        return growing > self._banned_prefixes.get(word, 0)

    def allows(
        self, pending: str, piece: str, recent: tuple[str, ...] = (), strict: bool = True
    ) -> bool:
        """Would appending token text `piece` after the partial word `pending` be fine?
        `recent` holds the finished words before it in the same text (for the phrases);
        with `strict` false only the words themselves are judged."""
        word = pending
        # a function word or a banned one the model goes on writing in the next token
        # ("he" + "ller", "and" + "ies") may only become a frequent word: a small model
        # pushed off "he" reaches for any word that begins like it
        grows = pending if pending in self.closed or pending in self.banned else ""
        for ch in piece:
            if ch == "-" and word and word[-1].isalpha():
                word += ch  # a hyphenated word goes on; judged whole when it ends
                continue
            if ch.isalpha() or (ch == "'" and word and word[-1] != "-"):
                if (
                    ch.isupper()
                    and word.endswith("'")
                    and word + ch.lower() not in self._extra_prefixes
                ):
                    return False  # after an apostrophe a capital only goes on a given name
                word += ch.lower()
                continue
            if word:
                done = word.rstrip("'-")
                if not self.complete(done):
                    return False
                if grows and done != grows and not self._frequent(done):
                    return False
                grows = ""
                # a question may end on "for", never on a contraction ("it's?")
                if strict and done in self.stops and (ch in ".!" or (ch == "?" and "'" in done)):
                    return False
                if strict and self.phrase_sizes:
                    recent = (*recent, done)
                    if self._copies(recent):
                        return False
            word = ""
        if not word:
            return True
        if word in self.banned:  # " he" for a woman: refused now, not turned into "hehe"
            return False
        if grows and word != grows and not self._frequent_start(word):
            return False
        # a partial word that would finish a copied run is refused now, while the model
        # can still take another word (once written it could only grow into junk)
        if strict and self.phrase_sizes and self._copies((*recent, word)):
            return False
        return self.partial(word)

    def _copies(self, recent: tuple[str, ...]) -> bool:
        return any(len(recent) >= n and recent[-n:] in self.phrases for n in self.phrase_sizes)


def context(text: str, size: int) -> tuple[str, tuple[str, ...]]:
    """The partial word at the end of `text` and up to `size` finished words before it,
    within the JSON string being written (free text never holds a double quote)."""
    pending = pending_word(text)
    if size <= 0:
        return pending, ()
    start = text.rfind('"') + 1
    head = text[start : len(text) - len(pending)].lower()
    words = [w.rstrip("'") for w in _RUN.findall(head)]
    return pending, tuple(w for w in words if w)[-size:]


_RUN = re.compile(r"[a-z][a-z']*")


def pending_word(text: str) -> str:
    """The partial word at the end of `text` (lower case)."""
    i = len(text)
    while i > 0 and (
        text[i - 1].isalpha()
        or text[i - 1] == "'"
        or (text[i - 1] == "-" and i > 1 and text[i - 2].isalpha())
    ):
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
