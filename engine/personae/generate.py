"""The pipeline: request -> resolve -> sheet -> spend XP -> validate -> narrate -> Character."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from .builder import build_creation, spend_experience
from .character import (
    Character,
    HunterAttributes,
    RulesetRef,
    SpecialtyRef,
    TextBlurb,
    VampireAttributes,
    WerewolfAttributes,
)
from .enums import CharacterClass
from .identity import Stamp, random_stamp
from .narrative import Narrative, NarrativeBackend, NarrativeFacts, get_backend
from .request import GenerationRequest, Resolved, resolve
from .ruleset import Ruleset, load_ruleset
from .seeding import stage_rng
from .sheet import Experience, Sheet
from .validator import check_sheet


@dataclass(frozen=True)
class Owner:
    """Who a character belongs to (Valentina's user/company/campaign ids)."""

    user_id: str | None = None
    company_id: str | None = None
    campaign_id: str | None = None


@dataclass(frozen=True)
class Built:
    """A sheet with the choices it came from, before narrative."""

    choice: Resolved
    sheet: Sheet
    experience: Experience


def build(rules: Ruleset, request: GenerationRequest, *, validate: bool = True) -> Built:
    """Resolve the request and build a rule-legal sheet. Pure: no I/O, no global state."""
    choice = resolve(rules, request)
    draft = build_creation(rules, choice, stage_rng(choice.seed, "sheet"))
    spent = spend_experience(rules, choice, draft, stage_rng(choice.seed, "xp"))
    sheet = draft.finish(rules)
    experience = draft.experience(choice.level_name, choice.level.xp, spent)
    if validate:
        check_sheet(rules, sheet, experience)
    return Built(choice, sheet, experience)


def facts_for(rules: Ruleset, built: Built) -> NarrativeFacts:
    c, sheet = built.choice, built.sheet
    top = sorted(sheet.skills.items(), key=lambda kv: (-kv[1], rules.skills.index(kv[0])))
    return NarrativeFacts(
        character_class=c.character_class.value,
        character_type=c.character_type.value,
        level=c.level_name,
        concept=c.concept.name,
        concept_blurb=c.concept.description,
        clan=c.clan.name if c.clan else None,
        thin_blood=bool(c.clan and c.clan.thin_blood),
        clan_bane=c.clan.bane.name if c.clan and c.clan.bane else None,
        predator_type=c.predator_type.name if c.predator_type else None,
        tribe=c.tribe.name if c.tribe else None,
        tribe_patron=c.tribe.patron if c.tribe else None,
        auspice=c.auspice.name if c.auspice else None,
        auspice_moon=c.auspice.moon if c.auspice else None,
        creed=c.creed.name if c.creed else None,
        drive=sheet.creation.drive,
        domitor_clan=c.domitor_clan.name if c.domitor_clan else None,
        vampire_tier=c.vampire_tier,
        top_skills=[name for name, dots in top[:3] if dots > 0],
        merits=[a.name for a in sheet.advantages if a.kind == "merit"],
        flaws=[f.name for f in sheet.flaws],
        rival_names=rules.identity_names,
    )


def assemble(
    rules: Ruleset,
    built: Built,
    narrative: Narrative,
    backend: str,
    *,
    stamp: Stamp,
    owner: Owner,
    is_temporary: bool = False,
    session_id: str | None = None,
) -> Character:
    """Join sheet, narrative and metadata into the Character JSON."""
    c, sheet = built.choice, built.sheet
    vampire = werewolf = hunter = None
    if c.character_class is CharacterClass.VAMPIRE and c.clan is not None:
        bane = c.clan.variant_bane if sheet.creation.bane == "variant" else c.clan.bane
        vampire = VampireAttributes(
            clan_id=c.clan.id,
            clan_name=c.clan.name,
            generation=sheet.derived.generation,
            sire=narrative.sire,
            bane=TextBlurb(**bane.model_dump()) if bane else None,
            compulsion=TextBlurb(**c.clan.compulsion.model_dump()) if c.clan.compulsion else None,
            predator_type=c.predator_type.name if c.predator_type else None,
            blood_potency=sheet.derived.blood_potency,
        )
    if c.character_class is CharacterClass.WEREWOLF and c.tribe and c.auspice:
        werewolf = WerewolfAttributes(
            tribe_id=c.tribe.id,
            tribe_name=c.tribe.name,
            auspice_id=c.auspice.id,
            auspice_name=c.auspice.name,
            pack_name=narrative.pack_name,
            total_renown=sum(sheet.renown.values()),
        )
    if c.character_class is CharacterClass.HUNTER and c.creed is not None:
        hunter = HunterAttributes(
            creed=c.creed.name, drive=sheet.creation.drive, cell_name=narrative.cell_name
        )
    nick = narrative.name_nick
    full = (
        f'{narrative.name_first} "{nick}" {narrative.name_last}'
        if nick
        else f"{narrative.name_first} {narrative.name_last}"
    )
    return Character(
        id=stamp.id,
        date_created=stamp.created,
        date_modified=stamp.created,
        character_class=c.character_class,
        type=c.character_type,
        starting_points=built.experience.budget,
        is_temporary=is_temporary,
        name_first=narrative.name_first,
        name_last=narrative.name_last,
        name_nick=nick,
        name=f"{narrative.name_first} {narrative.name_last}",
        name_full=full,
        age=narrative.age,
        biography=narrative.biography,
        demeanor=narrative.demeanor,
        nature=narrative.nature,
        concept_id=c.concept.id,
        concept_name=c.concept.name,
        user_creator_id=owner.user_id,
        user_player_id=owner.user_id,
        company_id=owner.company_id,
        campaign_id=owner.campaign_id,
        specialties=[SpecialtyRef(skill=s.skill, name=s.name) for s in sheet.specialties],
        vampire_attributes=vampire,
        werewolf_attributes=werewolf,
        hunter_attributes=hunter,
        gender=narrative.gender,
        apparent_age=narrative.apparent_age,
        appearance=narrative.appearance,
        personality=narrative.personality,
        quote=narrative.quote,
        sheet=sheet,
        experience=built.experience,
        seed=c.seed,
        ruleset=RulesetRef(id=rules.id, version=rules.version),
        backend=backend,
        narrative_sources=narrative.sources,
        chargen_session_id=session_id,
    )


def generate_character(
    request: GenerationRequest | dict[str, Any] | None = None,
    *,
    ruleset: str | os.PathLike[str] | Ruleset | None = None,
    backend: str | NarrativeBackend | None = "rules",
    taken_names: set[str] | frozenset[str] = frozenset(),
    stamp: Stamp | None = None,
    owner: Owner = Owner(),
    **fields: Any,
) -> Character:
    """Generate one character (not stored). Keyword fields are GenerationRequest fields.

    Example: ``generate_character(character_class="VAMPIRE", seed=7)``.
    """
    rules = load_ruleset(ruleset)
    req = GenerationRequest.parse(request, **fields).with_seed()
    built = build(rules, req)
    engine = get_backend(backend)
    narrative = engine.narrate(facts_for(rules, built), built.choice.seed, set(taken_names))
    return assemble(
        rules, built, narrative, engine.name, stamp=stamp or random_stamp(), owner=owner
    )
