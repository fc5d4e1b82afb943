"""The output checks: one module for every field of every source, the rules fallback too.

A text passes when every word is a word (the lexicon, plus the names it may use), it has
no markup, JSON, URL or placeholder fragments, it does not loop, its sentences start and
end, it copies nothing from the prompt or the few-shot exemplars, its pronouns fit the
subject's gender, and it names no clan, tribe, creed or predator type but the sheet's.
Names must come from the pools. A field that fails is written again or replaced; it never
reaches a user or a template.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from .. import names
from ..lexicon import common_words, lexicon
from ..llm.words import WordGuard
from ..pools import pool
from .base import NarrativeFacts

_WORD = re.compile(r"[A-Za-z]+(?:['-][A-Za-z]+)*")
_LOWER_WORD = re.compile(r"[a-z']+")
_SENTENCE = re.compile(r"[^.!?]+[.!?]+[\"'”]?")

PROSE_FIELDS = ("appearance", "biography", "quote")
# sentences each prose field may have
SENTENCES = {"biography": (3, 6), "appearance": (1, 2), "quote": (1, 3)}


@cache
def _checks() -> dict[str, Any]:
    data: dict[str, Any] = pool("checks")
    return data


@cache
def _placeholder() -> re.Pattern[str]:
    return re.compile("|".join(_checks()["placeholders"]), re.I)


@cache
def _markup() -> re.Pattern[str]:
    return re.compile("|".join(_checks()["markup"]), re.I)


def inflections(word: str) -> list[str]:
    """Regular English forms of a word: plural or third person, past, and -ing. Words of
    three letters or fewer get none (their real forms are in the lexicon already; made-up
    ones such as "baing" from "bae" are not words)."""
    if len(word) < 4 or not word.isalpha():
        return []
    out = []
    consonant_y = word.endswith("y") and word[-2] not in "aeiou"
    if word.endswith(("s", "x", "z", "ch", "sh")):
        out.append(word + "es")
    elif consonant_y:
        out.append(word[:-1] + "ies")
    else:
        out.append(word + "s")
    if word.endswith("e"):
        out.append(word + "d")
        if not word.endswith("ee"):
            out.append(word[:-1] + "ing")
    elif consonant_y:
        out += [word[:-1] + "ied", word + "ing"]
    elif word[-1] not in "aiou":  # "silva" is no verb: no "silvaed"
        out += [word + "ed", word + "ing"]
    return out


@cache
def base_words() -> frozenset[str]:
    """Every word free text may use without being told, lower case: the lexicon and the
    regular forms of its common words, without the pools' names that are not also common
    words (a text may name only the people it is given)."""
    common = set(common_words())
    pool_names = {n.lower() for n in (*names.all_given(), *names.all_family())}
    only_names = pool_names - common
    found = set(lexicon() - only_names)
    # Past and -ing forms are added only for words the lexicon already shows to be verbs
    # (it has one of those forms): "smoldering" lets "smoldered" in, while nouns,
    # adjectives and pronouns take no made-up endings ("thingsed", "historiced",
    # "himselfed"); names take none at all ("Myles" gives no "mylesed").
    # A plural is made up only for a rarer word that looks like a noun: the frequent words'
    # real plurals are in the lexicon already, and pronouns, adverbs and adjectives take
    # none ("himselfs", "quicklys", "beautifuls").
    rare = frozenset(common_words()[_checks()["plural_from_rank"] :])
    not_nouns = tuple(_checks()["no_plural_endings"])
    for word in common - pool_names:
        forms = inflections(word)
        if any(f in common for f in forms[1:]):
            found.update(forms)
        elif forms and word in rare and not word.endswith(not_nouns):
            found.add(forms[0])  # a plural ("overalls"), never one of a plural ("thingses")
    return frozenset(found)


def pronoun_table() -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = pool("narrative")["pronouns"]
    return table


def wrong_pronouns(gender: str) -> frozenset[str]:
    """Pronouns and gendered nouns ("a man", "young woman") a text about someone of this
    gender must not use."""
    table = pronoun_table()
    nouns: dict[str, list[str]] = pool("narrative")["gendered_nouns"]
    own = set(table.get(gender, table["nonbinary"]).values()) | set(nouns.get(gender, ()))
    gendered = {p for g in ("female", "male") for p in (*table[g].values(), *nouns[g])}
    return frozenset(gendered - own)


@dataclass(frozen=True)
class Subject:
    """Who a text is about and what it may and may not say."""

    gender: str
    allowed: frozenset[str] = frozenset()  # proper words beyond the lexicon: names, terms
    rivals: tuple[str, ...] = ()  # identity names the text must not use
    sources: tuple[str, ...] = ()  # the prompt and the exemplars: never copied

    def guard(self) -> WordGuard:
        return word_guard(self.allowed, self.gender, self.rivals)


@lru_cache(maxsize=256)  # one per subject: a long run of characters must not keep them all
def word_guard(allowed: frozenset[str], gender: str, rivals: tuple[str, ...] = ()) -> WordGuard:
    """The decoder's guard for a subject: lexicon and allowed words; wrong pronouns and the
    one-word names of other identities (Toreador, Alleycat) are never written."""
    banned = set(wrong_pronouns(gender)) if gender else set()
    banned -= {w.lower() for a in allowed for w in re.findall(r"[A-Za-z]+", a)}
    common = set(common_words())
    banned |= {r.lower() for r in rivals if " " not in r and r.lower() not in common}
    return WordGuard.build(
        base_words(), allowed, banned, closed=closed_words(), frequent=frequent_words()
    )


@cache
def frequent_words() -> frozenset[str]:
    """The lexicon's most frequent words (what a function word may grow into)."""
    return frozenset(common_words()[: _checks()["frequent_words"]])


@cache
def closed_words() -> frozenset[str]:
    """Function words, which take no possessive ("and's", "the's"): the words no sentence
    ends on, and the pronouns."""
    table = pronoun_table()
    pronouns = {p for forms in table.values() for p in forms.values()}
    ends = {w for w in _checks()["dangling_endings"] if "'" not in w}
    return frozenset(ends | pronouns | set(pool("narrative")["first_person"]))


# --- single-text helpers -------------------------------------------------------------------


def placeholder(text: str) -> bool:
    return not text.strip() or bool(_placeholder().search(text))


def markup(text: str) -> bool:
    return bool(_markup().search(text))


def looping(text: str) -> bool:
    """Runs of one word, a phrase repeated, or too few distinct words."""
    words = _LOWER_WORD.findall(text.lower())
    if any(words[i] == words[i + 1] == words[i + 2] for i in range(len(words) - 2)):
        return True
    if len(words) >= 9:
        trigrams = Counter(zip(words, words[1:], words[2:], strict=False))
        if trigrams.most_common(1)[0][1] >= 3:
            return True
    return len(words) >= 20 and len(set(words)) / len(words) < 0.45


def malformed(text: str) -> bool:
    """Not a clean run of prose: starts lower-case, has line breaks, or stops mid-sentence."""
    text = text.strip()
    return not text or not text[0].isupper() or "\n" in text or text[-1] not in ".!?\"'”"


def sentences(text: str) -> int:
    return len(_SENTENCE.findall(text))


def _ngrams(text: str, n: int) -> set[tuple[str, ...]]:
    words = _LOWER_WORD.findall(text.lower())
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def copies(text: str, source: str, n: int) -> bool:
    """True when the text repeats any n-word run of the source."""
    return bool(_ngrams(text, n) & _ngrams(source, n))


def copies_prompt(text: str, prompt: str, n: int = 4) -> bool:
    return copies(text, prompt, n)


def non_words(text: str, guard: WordGuard) -> list[str]:
    """Words outside the guard's set, and words with capitals inside ("andIeS")."""
    return [
        w
        for w in _WORD.findall(text)
        if not guard.complete(w.lower())
        or any(c.isupper() for part in w.split("-") for c in part[1:].split("'")[0])
    ]


def dangling(text: str) -> bool:
    """Whether a statement or exclamation ends on a word that cannot end one ("...the
    depth of.", "...your own story, it's!"); a question may ("Who do you work for?"),
    unless the word is a contraction ("it's?")."""
    ends = frozenset(_checks()["dangling_endings"])
    for sentence in _SENTENCE.findall(text):
        end = sentence.rstrip()[-2:]
        words = _LOWER_WORD.findall(sentence.lower())
        if not words or words[-1] not in ends:
            continue
        # a question may end on "for"; nothing ends on a contraction ("it's?")
        if "." in end or "!" in end or "'" in words[-1]:
            return True
    return False


@cache
def _capitalized() -> re.Pattern[str]:
    words = sorted((str(w) for w in _checks()["capitalized"]), key=len, reverse=True)
    return re.compile(r"(?<![\w'-])(" + "|".join(map(re.escape, words)) + r")(?![\w'-])")


def capitalize_proper(text: str) -> str:
    """`text` with the places, peoples, languages, months and days of data/checks.yaml
    given their capital ("born in ireland" -> "born in Ireland"): a small model writes
    them in lower case; the mend changes nothing else."""
    return _capitalized().sub(lambda m: m.group(1).capitalize(), text)


def capitalize_fields(data: Any) -> Any:
    """`capitalize_proper` over a model answer's strings (in lists and objects too)."""
    if isinstance(data, str):
        return capitalize_proper(data)
    if isinstance(data, list):
        return [capitalize_fields(v) for v in data]
    if isinstance(data, dict):
        return {k: capitalize_fields(v) for k, v in data.items()}
    return data


@cache
def _capitals() -> frozenset[str]:
    """Lower-case words any text may capitalize inside a sentence (places, peoples, days,
    setting terms, the words of the ruleset's names)."""
    from ..lexicon import ruleset_words

    checks = _checks()
    return frozenset(
        {str(w) for w in checks["capitalized"]}
        | {str(w) for w in checks["capitals_allowed"]}
        | ruleset_words()
    )


@cache
def _article_place() -> re.Pattern[str]:
    places = "|".join(map(re.escape, (str(p) for p in _checks()["no_article_places"])))
    return re.compile(rf"\bthe ({places})\b", re.I)


_OPENERS = frozenset("\"'“‘:(")


def invented_names(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """Capitalized words inside a sentence that are neither given (`allowed`: names,
    terms) nor known capitals: a small model's made-up names ("the Stone Knights", "Order
    of the Black Madonna") and Title Case ("The Shadow of the Past Saved the Future")."""
    known = _capitals() | {w.lower() for a in allowed for w in re.findall(r"[A-Za-z]+", a)}
    out = []
    for sentence in _SENTENCE.findall(text):
        for i, m in enumerate(_WORD.finditer(sentence)):
            word = m.group(0)
            if i == 0:  # a sentence's first word: only its later parts ("Healer-Thee")
                tails = [p for p in word.split("-")[1:] if p[:1].isupper()]
                out += [word for p in tails if p.split("'")[0].lower() not in known][:1]
                continue
            if not word[0].isupper():
                continue
            before = sentence[: m.start()].rstrip()
            if before and before[-1] in _OPENERS:
                continue  # a quoted sentence starts here
            parts = [p.split("'")[0].lower() for p in word.split("-")]
            if not all(p in known for p in parts if p):
                out.append(word)
    return out


def first_person(text: str) -> list[str]:
    """First-person words outside quotation marks ("I have read..." as an appearance)."""
    words = frozenset(pool("narrative")["first_person"])
    bare = re.sub(r"[\"“][^\"”]*[\"”]", " ", text)
    return [w for w in _WORD.findall(bare) if w.lower().split("'")[0] in words]


def _third_person_quote(quote: str, first: str, gender: str) -> bool:
    """A quote about its own character: their name or their own third-person pronouns,
    and no word of a speaker or a listener ("She has no fear." said by her)."""
    words = {w.lower().split("'")[0] for w in _WORD.findall(quote)}
    voice = set(pool("narrative")["first_person"]) | set(_checks()["voice_words"])
    if words & voice:
        return False
    own = set(pronoun_table().get(gender, {}).values()) if gender else set()
    return bool(words & own) or bool(first and mentions(quote, first))


def mentions(text: str, name: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def text_problem(
    text: str, subject: Subject, *, span: tuple[int, int] = (1, 6), prose: bool = True
) -> str | None:
    """The first reason this text may not reach a user, or None."""
    if placeholder(text):
        return "empty or placeholder text"
    if markup(text):
        return "markup, JSON or URL fragment"
    for name in subject.rivals:
        if mentions(text, name):
            return f"names another identity: {name}"
    bad = non_words(text, subject.guard())
    if bad:
        return f"not words: {', '.join(sorted(set(bad))[:4])}"
    if looping(text):
        return "repeats itself"
    if prose:
        if malformed(text):
            return "not clean prose (case, line breaks or unfinished)"
        count = sentences(text)
        if not span[0] <= count <= span[1]:
            return f"{count} sentences, want {span[0]}-{span[1]}"
        starts = [s.strip() for s in _SENTENCE.findall(text)]
        if any(s and not (s[0].isupper() or s[0] in "\"'") for s in starts):
            return "a sentence starts in lower case"
        if dangling(text):
            return "a sentence stops mid-phrase"
        if _article_place().search(text):
            return "an article before a place name"
        made_up = invented_names(text, subject.allowed)
        if made_up:
            return f"capitalized words that are no given name: {', '.join(made_up[:3])}"
    limits = _checks()["copy_ngrams"]
    for i, source in enumerate(subject.sources):
        if copies(text, source, limits["prompt"] if i == 0 else limits["exemplar"]):
            return "copies the prompt" if i == 0 else "copies a few-shot exemplar"
    return None


# --- names -----------------------------------------------------------------------------------


@cache
def _all_given() -> frozenset[str]:
    return frozenset(names.all_given())


@cache
def _all_family() -> frozenset[str]:
    return frozenset(names.all_family())


def name_problem(first: str, last: str, nick: str | None, gender: str, culture: str) -> str | None:
    """A name must come from the pools, fit the gender, and not be a canon character's."""
    from .naming import given_pool

    canon = set(names.canon_names())
    if first not in _all_given() or last not in _all_family():
        return "name not from the pools"
    if culture and first not in given_pool(culture, gender):
        return "given name does not fit the gender or culture"
    if nick is not None and nick not in names.nicknames():
        return "nickname not from the pools"
    if {first, last, nick} & canon or f"{first} {last}" in canon:
        return "a canonical setting character's name"
    if first == last:
        return "same given and family name"
    return None


def full_name_problem(full: str, own: tuple[str, str]) -> str | None:
    parts = full.split(" ")
    if len(parts) != 2 or parts[0] not in _all_given() or parts[1] not in _all_family():
        return "name not from the pools"
    if set(parts) & set(own):
        return "shares a name with the character"
    if set(parts) & set(names.canon_names()) or full in names.canon_names():
        return "a canonical setting character's name"
    return None


# --- a whole narrative ---------------------------------------------------------------------


def identity_rivals(facts: NarrativeFacts) -> tuple[str, ...]:
    """Every clan, tribe, creed and predator type name that is not the sheet's own."""
    own = {facts.clan, facts.tribe, facts.creed, facts.domitor_clan, facts.predator_type}
    own.discard(None)
    if facts.creed:
        own.add(f"{facts.creed} creed")
    out = []
    for listed in facts.rival_names.values():
        for name in listed:
            if name in own or any(o and name.startswith(f"{o} ") for o in own):
                continue
            if any(o and mentions(o, name) for o in own):  # "Ravnos" inside "Ravnos antitribu"
                continue
            out.append(name)
    return tuple(sorted(set(out)))


def proper_words(facts: NarrativeFacts, extra: Iterable[str | None] = ()) -> frozenset[str]:
    """Words a character's text may use beyond the lexicon: its names and the sheet's terms."""
    values: list[str | None] = [
        facts.clan,
        facts.tribe,
        facts.tribe_patron,
        facts.auspice,
        facts.auspice_moon,
        facts.creed,
        facts.drive,
        facts.domitor_clan,
        facts.predator_type,
        facts.concept,
        *facts.top_skills,
        *extra,
    ]
    return frozenset(w for v in values if v for w in _WORD.findall(v))


def _norm(value: Any) -> str:
    return " ".join(_LOWER_WORD.findall(str(value).lower()))


def duplicates(fields: Mapping[str, Any], keys: Iterable[str]) -> dict[str, str]:
    """Fields whose text repeats another field's (the later one is reported)."""
    bad: dict[str, str] = {}
    seen: dict[str, str] = {}
    for key in keys:
        text = _norm(fields.get(key) or "")
        if not text:
            continue
        for other, prior in seen.items():
            if text == prior or (len(text) > 24 and (text in prior or prior in text)):
                bad[key] = f"same text as {other}"
                break
        seen[key] = text
    return bad


def check_narrative(
    fields: Mapping[str, Any],
    facts: NarrativeFacts,
    subject: Subject,
    only: Iterable[str] | None = None,
) -> dict[str, str]:
    """Map each failing field to the reason; empty when everything may reach a user.

    `fields` uses the Narrative's keys. `only` limits the report to some fields (the
    duplicate check still compares them with all the others)."""
    words = pool("narrative")
    bad: dict[str, str] = {}
    first, last = str(fields.get("name_first", "")), str(fields.get("name_last", ""))
    problem = name_problem(
        first, last, fields.get("name_nick"), subject.gender, str(fields.get("culture", ""))
    )
    if problem:
        bad["name_first"] = bad["name_last"] = problem
    if fields.get("sire"):
        problem = full_name_problem(str(fields["sire"]), (first, last))
        if problem:
            bad["sire"] = problem
    for key in ("pack_name", "cell_name"):
        value = fields.get(key)
        if value:
            parts = words[key]
            head, _, tail = str(value).partition(" ")
            if head not in parts["first"] or tail not in parts["second"]:
                bad[key] = "not from the word lists"
    for key in PROSE_FIELDS:
        if key in fields:
            problem = text_problem(str(fields[key]), subject, span=SENTENCES[key])
            if problem:
                bad[key] = problem
    if "biography" in fields and "biography" not in bad and first not in str(fields["biography"]):
        bad["biography"] = "does not name the character"
    sire = str(fields.get("sire") or "")
    appearance = str(fields.get("appearance") or "")
    if sire and "appearance" not in bad and any(mentions(appearance, w) for w in sire.split()):
        bad["appearance"] = "describes someone else"
    for key in _checks()["third_person_fields"]:
        if key in fields and key not in bad and first_person(str(fields[key])):
            bad[key] = "written in the first person"
        elif key in fields and key not in bad and "?" in str(fields[key]):
            bad[key] = "asks a question (it tells about the character)"
    quote = str(fields.get("quote") or "")
    if quote and "quote" not in bad and _third_person_quote(quote, first, subject.gender):
        bad["quote"] = "speaks of the character, not in their voice"
    traits = list(fields.get("personality") or [])
    if "personality" in fields:
        if len(traits) != 3 or len(set(traits)) != 3:
            bad["personality"] = "want three different traits"
        elif any(t not in words["personality"] for t in traits):
            bad["personality"] = "a trait not from the list"
    if "demeanor" in fields and fields.get("demeanor") == fields.get("nature"):
        bad["nature"] = "same as demeanor"
    for key in ("demeanor", "nature"):
        if key in fields and fields[key] not in words["archetypes"]:
            bad[key] = "not an archetype"
    for key, reason in duplicates(fields, PROSE_FIELDS).items():
        bad.setdefault(key, reason)
    if only is not None:
        keep = set(only)
        bad = {k: v for k, v in bad.items() if k in keep}
    return bad
