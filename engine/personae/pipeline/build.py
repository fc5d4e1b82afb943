"""The pure pipeline: request -> resolve -> creation -> XP -> validate -> Character.

No I/O and no global state: the same ruleset, request and seed give the same sheet.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..character import Character, RulesetRef, SpecialtyRef, full_name
from ..classes import plugin_for
from ..identity import Stamp
from ..narrative import Narrative, NarrativeFacts
from ..ruleset import Ruleset
from ..seeding import pipeline_rng
from ..sheet import Experience, Sheet
from .creation import build_creation
from .request import GenerationRequest, Resolved, resolve
from .validate import check_sheet
from .xp import spend_experience

# Bumped whenever the same ruleset + request + seed would give a different sheet or
# narrative; every Character records it, so a stored fixture tells which engine made it.
GENERATOR_VERSION = "4"


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
    """Resolve the request and build a rule-legal sheet."""
    choice = resolve(rules, request)
    draft = build_creation(rules, choice, pipeline_rng(choice.seed, "sheet"))
    spent = spend_experience(rules, choice, draft, pipeline_rng(choice.seed, "xp"))
    sheet = draft.finish(rules)
    experience = draft.experience(choice.level_name, choice.level.xp, spent)
    if validate:
        check_sheet(rules, sheet, experience)
    return Built(choice, sheet, experience)


def facts_for(rules: Ruleset, built: Built) -> NarrativeFacts:
    """What the narrative may draw on, read from the finished sheet."""
    c, sheet = built.choice, built.sheet
    order = {s: i for i, s in enumerate(rules.compiled.skills)}
    top = sorted(sheet.skills.items(), key=lambda kv: (-kv[1], order[kv[0]]))
    facts: dict[str, Any] = {
        "character_class": c.character_class.value,
        "character_type": c.character_type.value,
        "level": c.level_name,
        "concept": c.concept.name,
        "concept_blurb": c.concept.description,
        "top_skills": [name for name, dots in top[:3] if dots > 0],
        "merits": [a.name for a in sheet.advantages if a.kind == "merit"],
        "flaws": [f.name for f in sheet.flaws],
        "rival_names": rules.identity_names,
    }
    facts.update(plugin_for(c.character_class).facts(rules, sheet))
    return NarrativeFacts(**facts)


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
    plugin = plugin_for(c.character_class)
    views: dict[str, Any] = {}
    if plugin.view_key:
        views[plugin.view_key] = plugin.view(rules, sheet, narrative)
    nick = narrative.name_nick
    name = f"{narrative.name_first} {narrative.name_last}"
    full = full_name(narrative.name_first, narrative.name_last, nick)
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
        name=name,
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
        gender=narrative.gender,
        culture=narrative.culture,
        name_variant=narrative.name_variant,
        apparent_age=narrative.apparent_age,
        appearance=narrative.appearance,
        personality=narrative.personality,
        quote=narrative.quote,
        sheet=sheet,
        experience=built.experience,
        seed=c.seed,
        ruleset=RulesetRef(id=rules.id, version=rules.version),
        generator_version=GENERATOR_VERSION,
        backend=backend,
        narrative_sources=narrative.sources,
        chargen_session_id=session_id,
        **views,
    )
