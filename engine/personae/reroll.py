"""Lock and reroll: keep some of a stored character's choices and narrative, draw the rest
again from a new seed. One implementation behind the Python API, the CLI and HTTP.

The sheet is built again from the kept request choices (class and type always stay) and
the new seed, so it is rule-legal like any other; the narrative is written for the new
sheet and the kept fields are put back, with the text moved onto the kept (or new) name.
A kept field brings along what it cannot stand without: a name is gendered, and a
biography names the character, their clan, tribe, creed, concept, sire, pack or cell.
The result records the seed asked for and the kept fields, so the same reroll of the same
character gives the same character (`reroll(c, keep, seed)` twice: same content).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .character import Character, RerollRecord
from .errors import ConflictError, FieldProblem, GenerationError, InvalidRequestError
from .identity import Stamp, now_iso
from .narrative import Narrative, NarrativeBackend, NarrativeFacts
from .narrative.checks import Subject, check_narrative, identity_rivals, proper_words
from .narrative.naming import NameChoice, choose_gender, rename_text
from .pipeline import GenerationRequest, Owner, assemble, build, facts_for
from .ruleset import Ruleset
from .seeding import derive_seed, draw_seed
from .store.characters import MAX_NAME_VARIANTS

if TYPE_CHECKING:
    from .core import Personae

# request choices that may be kept: keep name -> request field
CHOICES: dict[str, str] = {
    "experience_level": "experience_level",
    "skill_focus": "skill_focus",
    "concept": "concept_id",
    "clan": "vampire_clan_id",
    "predator_type": "predator_type",
    "tribe": "werewolf_tribe_id",
    "auspice": "werewolf_auspice_id",
    "creed": "hunter_creed",
}
# narrative fields that may be kept: keep name -> Narrative fields it covers
NARRATIVE: dict[str, tuple[str, ...]] = {
    "name": ("name_first", "name_last", "name_nick", "culture"),
    "gender": ("gender",),
    "age": ("age", "apparent_age"),
    "demeanor": ("demeanor",),
    "nature": ("nature",),
    "personality": ("personality",),
    "appearance": ("appearance",),
    "biography": ("biography",),
    "quote": ("quote",),
    "sire": ("sire",),
    "pack_name": ("pack_name",),
    "cell_name": ("cell_name",),
}
# what a kept field cannot stand without (only the ones the character has are added)
IMPLIES: dict[str, tuple[str, ...]] = {
    "name": ("gender",),
    "appearance": ("gender",),
    "biography": (
        "name", "gender", "concept", "clan", "predator_type", "tribe", "auspice", "creed",
        "sire", "pack_name", "cell_name",
    ),
}
_PROSE = ("appearance", "biography", "quote")
_CANDIDATES = 256  # seeds tried (cheaply) for one whose gender fits a kept name
_NARRATIONS = 6  # narratives written before giving up on fitting the kept fields


def keepable(character: Character) -> list[str]:
    """The fields this character's reroll may keep, in display order."""
    return [k for k in (*CHOICES, *NARRATIVE) if _value(character, k) is not None]


def _value(character: Character, key: str) -> Any:
    """The kept value of `key` on a character (None: the character has no such field)."""
    c, creation = character, character.sheet.creation
    va, wa, ha = c.vampire_attributes, c.werewolf_attributes, c.hunter_attributes
    values: dict[str, Any] = {
        "experience_level": c.experience.level,
        "skill_focus": creation.skill_focus,
        "concept": c.concept_id,
        "clan": creation.clan_id or creation.domitor_clan_id,  # a ghoul's is its domitor's
        "predator_type": creation.predator_type,
        "tribe": creation.tribe_id,
        "auspice": creation.auspice_id,
        "creed": creation.creed_id,
        "name": c.name,
        "gender": c.gender,
        "age": c.age,
        "demeanor": c.demeanor,
        "nature": c.nature,
        "personality": c.personality,
        "appearance": c.appearance,
        "biography": c.biography,
        "quote": c.quote,
        "sire": va.sire if va else None,
        "pack_name": wa.pack_name if wa else None,
        "cell_name": ha.cell_name if ha else None,
    }
    return values[key]


def expand_keep(character: Character, keep: Iterable[str]) -> list[str]:
    """The asked-for fields plus what they imply, checked against the character.

    Raises InvalidRequestError naming `keep` for a field that is unknown or that this
    character does not have (a mortal has no clan)."""
    allowed = keepable(character)
    wanted = [k.strip().lower().replace("-", "_") for k in keep if k and k.strip()]
    bad = [k for k in wanted if k not in allowed]
    if bad:
        raise InvalidRequestError(
            FieldProblem(
                "keep",
                f"cannot keep {', '.join(sorted(set(bad)))} of this "
                f"{character.character_class.value.lower()}; choose from {', '.join(allowed)}",
            )
        )
    out = set(wanted)
    todo = list(wanted)
    while todo:
        for implied in IMPLIES.get(todo.pop(), ()):
            if implied in allowed and implied not in out:
                out.add(implied)
                todo.append(implied)
    return [k for k in allowed if k in out]


def _request(character: Character, keep: list[str]) -> GenerationRequest:
    fields: dict[str, Any] = {
        "character_type": character.type,
        "character_class": character.character_class,
    }
    for key, field in CHOICES.items():
        if key in keep:
            fields[field] = _value(character, key)
    return GenerationRequest.parse(fields)


def _name(n: Narrative | Character) -> NameChoice:
    return NameChoice(n.name_first, n.name_last, n.name_nick, n.culture)


def _kept_narrative(character: Character) -> dict[str, Any]:
    """The character's narrative fields under the Narrative's keys."""
    return {
        "name_first": character.name_first,
        "name_last": character.name_last,
        "name_nick": character.name_nick,
        "culture": character.culture,
        "gender": character.gender,
        "age": character.age,
        "apparent_age": character.apparent_age,
        "demeanor": character.demeanor,
        "nature": character.nature,
        "personality": list(character.personality),
        "appearance": character.appearance,
        "biography": character.biography,
        "quote": character.quote,
        "sire": _value(character, "sire"),
        "pack_name": _value(character, "pack_name"),
        "cell_name": _value(character, "cell_name"),
    }


def compose(new: Narrative, character: Character, keep: list[str]) -> Narrative:
    """The new narrative with the kept fields of `character` put back; every prose text
    (kept or new) is moved onto the name the result carries."""
    old = _kept_narrative(character)
    changes: dict[str, Any] = {}
    sources = dict(new.sources)
    for key in keep:
        for field in NARRATIVE.get(key, ()):
            changes[field] = old[field]
            if field in sources or field in ("name_first", "name_last", "name_nick"):
                sources[field] = "kept"
    final = NameChoice(
        changes.get("name_first", new.name_first),
        changes.get("name_last", new.name_last),
        changes.get("name_nick", new.name_nick),
        changes.get("culture", new.culture),
    )
    for key in _PROSE:
        source = _name(character) if key in keep else _name(new)
        text = changes.get(key, getattr(new, key))
        changes[key] = rename_text(text, source, final)
    # a kept sire, pack or cell replaces the new one in the text written anew
    for key in ("sire", "pack_name", "cell_name"):
        drawn, kept = getattr(new, key), old[key]
        if key in keep and drawn and kept and drawn != kept:
            for prose in _PROSE:
                changes[prose] = _swap_named(changes[prose], key, drawn, kept)
    if "name" in keep:
        changes["name_variant"] = character.name_variant
    return new.model_copy(update={**changes, "sources": sources})


def _swap_named(text: str, key: str, drawn: str, kept: str) -> str:
    """`text` with the drawn sire (whole name, given or family name) or group name
    replaced by the kept one."""
    if key != "sire":
        return text.replace(drawn, kept)
    (first, _, last), (k_first, _, k_last) = drawn.partition(" "), kept.partition(" ")
    return rename_text(
        text, NameChoice(first, last, None, ""), NameChoice(k_first, k_last, None, "")
    )


def _problems(narrative: Narrative, facts: NarrativeFacts, keep: list[str]) -> dict[str, str]:
    """What the checks find in the fields written anew (a kept field stays as the user had
    it, even if it was edited since: the implications keep it coherent)."""
    kept = {field for key in keep for field in NARRATIVE.get(key, ())}
    extra = [
        narrative.name_first, narrative.name_last, narrative.name_nick,
        narrative.sire, narrative.pack_name, narrative.cell_name,
    ]
    subject = Subject(
        gender=narrative.gender,
        allowed=proper_words(facts, extra),
        rivals=identity_rivals(facts),
    )
    found = check_narrative(narrative.model_dump(), facts, subject)
    return {k: v for k, v in found.items() if k not in kept}


@dataclass(frozen=True)
class RerollPlan:
    """What a reroll asked for, after defaults and implications."""

    keep: list[str]
    seed: int


def plan(character: Character, keep: Iterable[str], seed: int | None = None) -> RerollPlan:
    return RerollPlan(expand_keep(character, keep), draw_seed() if seed is None else seed)


def reroll_character(
    rules: Ruleset, character: Character, plan: RerollPlan, backend: NarrativeBackend
) -> Character:
    """The rerolled character (not stored): same id, owner and session, new content.

    Pure apart from the backend: the same character, plan and backend give the same
    content. The first candidate seed is the one asked for; later ones (derived from it)
    are tried only when a kept gender or kept text does not fit the first."""
    keep = plan.keep
    request = _request(character, keep)
    narrations = 0
    last: dict[str, str] = {}
    for attempt in range(_CANDIDATES):
        seed = plan.seed if attempt == 0 else derive_seed(plan.seed, "reroll", attempt)
        if "gender" in keep and choose_gender(seed) != character.gender:
            continue
        built = build(rules, request.model_copy(update={"seed": seed}))
        facts = facts_for(rules, built)
        (new,) = backend.narrate_many([facts], [seed])
        narrative = compose(new, character, keep)
        narrations += 1
        last = _problems(narrative, facts, keep)
        if not last:
            break
        if narrations >= _NARRATIONS:
            break
    else:
        last = last or {"gender": "no seed gives this gender"}
    if last:
        reasons = "; ".join(f"{k}: {v}" for k, v in sorted(last.items()))
        raise GenerationError(
            f"the kept fields do not fit a new character ({reasons}); keep fewer fields "
            "or try another seed"
        )
    result = assemble(
        rules,
        built,
        narrative,
        backend.name,
        stamp=Stamp(character.id, character.date_created),
        owner=Owner(character.user_creator_id, character.company_id, character.campaign_id),
        is_temporary=character.is_temporary,
        session_id=character.chargen_session_id,
    )
    return result.model_copy(
        update={
            "date_modified": now_iso(),
            "user_player_id": character.user_player_id,
            "status": character.status,
            "reroll": RerollRecord(seed=plan.seed, keep=keep),
        }
    )


def reroll(
    engine: Personae,
    character_id: str,
    keep: Iterable[str] = (),
    seed: int | None = None,
    *,
    company_id: str | None = None,
    backend: str | NarrativeBackend | None = None,
) -> Character:
    """Reroll a stored character in place and return it.

    `keep` names fields of `keepable(character)`; `seed` defaults to a fresh one;
    `backend` to the one that wrote the character. When the new name is already used in
    the campaign, the next variant of the new name stream is taken, as at generation."""
    from .core import rename_character

    current = engine.get(character_id, company_id=company_id)
    chosen = plan(current, keep, seed)
    engine_backend = engine.backend(backend or current.backend)
    result = reroll_character(engine.rules, current, chosen, engine_backend)
    if "name" not in chosen.keep and result.campaign_id is not None:
        taken = engine.store.characters.taken_names(result.campaign_id) - {current.name}
        first = result
        variant = 0
        while result.name in taken and variant < MAX_NAME_VARIANTS:
            variant += 1
            result = rename_character(first, variant)

    def change(stored: Character) -> Character:
        if stored.date_modified != current.date_modified:
            raise ConflictError(
                f"character {character_id!r} changed while it was rerolled; reroll again"
            )
        return result

    return engine.store.characters.modify(character_id, change, company_id=company_id)
