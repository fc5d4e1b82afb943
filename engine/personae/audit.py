"""An independent reader of generated text: what would a careful user call junk?

This module shares no code with the generation checks (`personae.narrative.checks`); it
reads the same data (lexicon, name pools, pronoun table, ruleset names, exemplars) its own
way, so a bug in the checks shows up here as a defect that reached the user. Used by the
tests and by benchmarks/llm_narrative.py.

Defect kinds: non-word, junk-name, canon-name, markup, copied, duplicate, other-identity,
pronoun, unended, empty.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from . import names as name_pools
from .lexicon import lexicon
from .pools import pool
from .prompts import render
from .resources import prompts_dir

KINDS = (
    "non-word",
    "junk-name",
    "canon-name",
    "markup",
    "copied",
    "duplicate",
    "other-identity",
    "pronoun",
    "unended",
    "empty",
)
_FRAGMENTS = (
    "http",
    "www.",
    ".com",
    "://",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    "\\",
    "|",
    "#",
    "@",
    "_",
    "*",
    "`",
    "=",
    "/",
    "~",
    "^",
)
_RUN = 5  # words in a row that count as copying


@dataclass(frozen=True)
class Defect:
    kind: str
    field: str
    detail: str


def _tokens(text: str) -> list[str]:
    """Words as a reader sees them: split on spaces, hyphens and dashes, edge punctuation off."""
    out = []
    for chunk in re.split(r"[\s\-\u2013\u2014]+", text):
        word = chunk.strip(string.punctuation + "\u201c\u201d\u2018\u2019")
        if word:
            out.append(word)
    return out


@cache
def _known() -> frozenset[str]:
    return frozenset(w.lower() for w in lexicon())


def _stems(low: str) -> list[str]:
    """What a regular English form may come from: plural, past, -ing, third person."""
    out = []
    for suffix, back in (
        ("ies", "y"),
        ("ied", "y"),
        ("es", ""),
        ("s", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
    ):
        if low.endswith(suffix) and len(low) - len(suffix) >= 3:
            out.append(low[: -len(suffix)] + back)
    return out


def _is_word(word: str, extra: frozenset[str]) -> bool:
    low = word.lower().replace("\u2019", "'")
    if low in _known() or low in extra:
        return True
    if any(stem in _known() for stem in _stems(low)):
        return True
    for ending in ("'s", "n't", "'ll", "'re", "'ve", "'d", "'m"):
        if low.endswith(ending):
            stem = low[: -len(ending)]
            if stem in _known() or stem in extra or stem in ("ca", "wo", "ai"):
                return True
    return False


@cache
def _pronouns() -> dict[str, set[str]]:
    table = pool("narrative")["pronouns"]
    return {g: set(v.values()) for g, v in table.items()}


def _wrong_pronouns(gender: str) -> set[str]:
    """Pronouns and the nouns that call a person a woman or a man ("a young man")."""
    table = _pronouns()
    nouns = {g: set(v) for g, v in pool("narrative")["gendered_nouns"].items()}
    key = {"female": "female", "male": "male"}.get(gender.lower(), "nonbinary")
    gendered = table["female"] | table["male"] | nouns["female"] | nouns["male"]
    return gendered - table[key] - nouns.get(key, set())


@cache
def _exemplar_runs() -> frozenset[tuple[str, ...]]:
    with (prompts_dir() / "exemplars.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    texts = [v for entry in data.values() for v in entry["answer"].values() if isinstance(v, str)]
    texts.append(render("narrative_system.j2"))
    runs: set[tuple[str, ...]] = set()
    for text in texts:
        words = [w.lower() for w in re.findall(r"[A-Za-z']+", text) if "{" not in w]
        runs |= {tuple(words[i : i + _RUN]) for i in range(len(words) - _RUN + 1)}
    return frozenset(runs)


def _copied(text: str) -> bool:
    words = [w.lower() for w in re.findall(r"[A-Za-z']+", text)]
    return any(tuple(words[i : i + _RUN]) in _exemplar_runs() for i in range(len(words) - _RUN + 1))


def audit_text(
    field: str,
    text: str,
    *,
    gender: str | None = None,
    allowed: Iterable[str] = (),
    rivals: Iterable[str] = (),
    prose: bool = True,
) -> list[Defect]:
    """Defects of one piece of text shown to a user."""
    found: list[Defect] = []
    if not text or not text.strip():
        return [Defect("empty", field, "no text")]
    extra = frozenset(w.lower() for a in allowed for w in _tokens(a))
    odd = [w for w in _tokens(text) if any(c.isalpha() for c in w) and not _is_word(w, extra)]
    if odd:
        found.append(Defect("non-word", field, ", ".join(odd[:5])))
    if any(ch.isdigit() for ch in text) and prose:
        found.append(Defect("markup", field, "digits in prose"))
    frag = [f for f in _FRAGMENTS if f in text.lower()]
    if frag:
        found.append(Defect("markup", field, f"fragment {frag[0]!r}"))
    if prose:
        stripped = text.strip().rstrip("\"'\u201d")
        if stripped[-1:] not in (".", "!", "?"):
            found.append(Defect("unended", field, f"ends with {text.strip()[-12:]!r}"))
        for sentence in re.split(r"(?<=[.!?])\s+", text.strip()):
            if sentence and sentence[0].isalpha() and not sentence[0].isupper():
                found.append(Defect("unended", field, f"sentence starts {sentence[:12]!r}"))
                break
    if gender:
        wrong = sorted({w.lower() for w in _tokens(text)} & _wrong_pronouns(gender))
        if wrong:
            found.append(Defect("pronoun", field, f"{gender} but says {', '.join(wrong)}"))
    for rival in rivals:
        if re.search(rf"(?<![A-Za-z]){re.escape(rival)}(?![A-Za-z])", text):
            found.append(Defect("other-identity", field, rival))
            break
    if _copied(text):
        found.append(Defect("copied", field, "repeats a run of an exemplar or the instructions"))
    return found


@cache
def _given() -> frozenset[str]:
    return frozenset(
        n
        for c in name_pools.cultures()
        for g in ("female", "male", "neutral")
        for n in name_pools.given_names(c, g)
    )


@cache
def _family() -> frozenset[str]:
    return frozenset(n for c in name_pools.cultures() for n in name_pools.family_names(c))


def audit_name(field: str, first: str, last: str | None = None) -> list[Defect]:
    found = []
    canon = set(name_pools.canon_names())
    if first not in _given() or (last is not None and last not in _family()):
        found.append(Defect("junk-name", field, f"{first} {last or ''}".strip()))
    if first in canon or last in canon:
        found.append(Defect("canon-name", field, f"{first} {last or ''}".strip()))
    return found


def _rivals(own: Sequence[str | None], identity: Mapping[str, Sequence[str]]) -> list[str]:
    mine = {o for o in own if o}
    out = []
    for listed in identity.values():
        for name in listed:
            if any(name == o or o.startswith(name) or name.startswith(o) for o in mine):
                continue
            out.append(name)
    return out


def audit_narrative(
    n: Mapping[str, Any],
    *,
    own: Sequence[str | None],
    identity: Mapping[str, Sequence[str]],
    terms: Iterable[str] = (),
) -> list[Defect]:
    """Every defect of a character's narrative fields (Character JSON keys or Narrative).

    `own` lists the sheet's clan, tribe, creed, predator type and domitor clan;
    `identity` every such name the ruleset knows; `terms` other words the sheet gives
    (concept, skills) that the text may use."""
    found: list[Defect] = []
    gender = str(n.get("gender") or "")
    first, last, nick = n.get("name_first", ""), n.get("name_last", ""), n.get("name_nick")
    found += audit_name("name", first, last)
    if nick and nick not in name_pools.nicknames():
        found.append(Defect("junk-name", "name_nick", nick))
    sire = n.get("sire")
    if sire:
        parts = sire.split()
        if len(parts) != 2:
            found.append(Defect("junk-name", "sire", sire))
        else:
            found += audit_name("sire", parts[0], parts[1])
            if sire == f"{first} {last}":
                found.append(Defect("junk-name", "sire", "the character's own name"))
    for key in ("pack_name", "cell_name"):
        value = n.get(key)
        if value:
            odd = [w for w in _tokens(value) if w.lower() not in _known()]
            if odd or not value[:1].isupper():
                found.append(Defect("junk-name", key, value))
    allowed = [x for x in (first, last, nick, sire, n.get("pack_name"), n.get("cell_name")) if x]
    allowed += [o for o in own if o]
    allowed += list(terms)
    rivals = _rivals(own, identity)
    texts = {k: str(n.get(k) or "") for k in ("appearance", "biography", "quote")}
    allowed_words = {w.lower() for a in allowed for w in _tokens(a)}
    for key, text in texts.items():
        # a word of the sheet's own terms ("Scene Queen") is no pronoun slip
        said = gender if not (_wrong_pronouns(gender) & allowed_words) else ""
        found += audit_text(key, text, gender=said, allowed=allowed, rivals=rivals)
        if key in ("appearance", "biography"):
            unquoted = re.sub(r'"[^"]*"', " ", text)
            if {w.lower() for w in _tokens(unquoted)} & set(pool("narrative")["first_person"]):
                found.append(Defect("voice", key, "in the first person"))
            if "?" in unquoted:
                found.append(Defect("voice", key, "asks a question"))
    traits = list(n.get("personality") or [])
    if not traits:
        found.append(Defect("empty", "personality", "no traits"))
    for t in traits:
        found += audit_text("personality", t, gender=gender, prose=False)
    if len(set(traits)) != len(traits):
        found.append(Defect("duplicate", "personality", "a trait twice"))
    plain = {k: " ".join(w.lower() for w in _tokens(v)) for k, v in texts.items()}
    plain["personality"] = " ".join(traits)
    keys = list(plain)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            x, y = plain[a], plain[b]
            if x and y and (x == y or (min(len(x), len(y)) > 24 and (x in y or y in x))):
                found.append(Defect("duplicate", b, f"same text as {a}"))
    return found


def audit_character(
    character: Any, identity: Mapping[str, Sequence[str]], terms: Iterable[str] = ()
) -> list[Defect]:
    """Defects of a Character (the object or its JSON dict); `terms` are ruleset words the
    text may use that the Character JSON does not carry (auspice moons)."""
    data = character if isinstance(character, Mapping) else character.model_dump()
    v = data.get("vampire_attributes") or {}
    w = data.get("werewolf_attributes") or {}
    h = data.get("hunter_attributes") or {}
    fields = {
        **data,
        "sire": v.get("sire"),
        "pack_name": w.get("pack_name"),
        "cell_name": h.get("cell_name"),
    }
    own = [v.get("clan_name"), v.get("predator_type"), w.get("tribe_name"), h.get("creed")]
    sheet = data.get("sheet") or {}
    creation = sheet.get("creation") or {}
    domitor = str(creation.get("domitor_clan_id") or "")
    own += [
        c
        for c in identity.get("clan", [])
        if domitor and (_slug(c) == domitor or _slug(c).endswith(f"-{domitor}"))
    ]
    words = [data.get("concept_name") or "", w.get("auspice_name") or "", *terms]
    words += list(sheet.get("skills") or {})
    return audit_narrative(fields, own=own, identity=identity, terms=words)


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def audit_npc_description(
    text: str, gender: str, name: str, allowed: Iterable[str] = ()
) -> list[Defect]:
    """Defects of an NPC description; `allowed` adds the NPC's own terms (role, traits)."""
    return audit_text("description", text, gender=gender, allowed=[name, *allowed])


def audit_agent_field(field: str, value: Any, allowed: Iterable[str] = ()) -> list[Defect]:
    """Defects of a generated agent field (text, list of posts/rules, or chat groups)."""
    found: list[Defect] = []
    if isinstance(value, str):
        return audit_text(field, value, allowed=allowed)
    if isinstance(value, Mapping) and "all" in value:
        texts = [t for k in ("all", "chat", "post") for t in value.get(k, [])]
        prose = False
    elif isinstance(value, list) and value and isinstance(value[0], Mapping):
        texts = [m["content"]["text"] for g in value for m in g["examples"]]
        prose = True
    else:
        texts, prose = [str(x) for x in value or []], True
    if not texts:
        return [Defect("empty", field, "nothing generated")]
    for text in texts:
        found += audit_text(field, text, allowed=allowed, prose=prose)
    norm = [" ".join(_tokens(t.lower())) for t in texts]
    if len(set(norm)) != len(norm):
        found.append(Defect("duplicate", field, "two entries with the same text"))
    return found
