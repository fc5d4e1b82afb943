"""Character and trait operations of the Valentina face, shared by HTTP, CLI and Python.

Every operation is scoped to a company: a character of another company is not found.
Reads never write. Edits change identity and narrative fields only: the sheet stays the
rule-legal one the engine built, so trait values are not writable here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from pydantic import ValidationError

from ...character import Character
from ...core import Personae
from ...errors import FieldProblem, InvalidRequestError, NotFoundError
from ...identity import now_iso
from ...pipeline import Owner
from ...store.campaigns import CampaignRecords
from .ids import stable_id
from .models import CharacterPatch
from .specialties import load_specialty_table
from .traits import TraitIndex, build_trait_index, full_sheet, full_sheet_category
from .views import (
    ANONYMOUS_USER,
    character_detail,
    character_health,
    character_view,
    session_view,
)
from .wire import (
    CharacterTrait,
    ChargenSessionView,
    FullSheet,
    Health,
    Page,
    SheetCategory,
    Tracker,
    ValentinaCharacter,
    ValentinaCharacterDetail,
)

MAX_PAGE = 100
DEFAULT_PAGE = 10

# Fields of Valentina's CharacterUpdate that the sheet decides. Sent with the value the
# character already has they are accepted (a no-op); any other value is a 400.
FIXED_FIELDS: dict[str, str] = {
    "character_class": "the class shaped the whole sheet",
    "game_version": "personae builds V5 sheets only",
    "is_temporary": "chargen sessions decide it (finalize keeps a character)",
    "concept_id": "the concept shaped the sheet",
    "hunter_attributes.creed": "the creed shaped the sheet",
    "vampire_attributes.clan_id": "the clan shaped the sheet",
    "vampire_attributes.generation": "the generation comes from the sheet's age tier",
    "vampire_attributes.bane": "the bane is the clan's",
    "vampire_attributes.compulsion": "the compulsion is the clan's",
    "werewolf_attributes.tribe_id": "the tribe shaped the sheet",
    "werewolf_attributes.auspice_id": "the auspice shaped the sheet",
}
# Fields the client may send that personae does not keep.
NOT_STORED: dict[str, str] = {
    "date_of_birth": "personae keeps an age, not a date of birth; send age instead",
    "date_killed": "personae keeps status only; send status=DEAD",
    "mage_attributes": "personae has no MAGE rules",
}
REASON = "is not writable: {reason}; generate a new character to change it"


# ----------------------------------------------------------------------------------------
# Owners and campaigns
# ----------------------------------------------------------------------------------------


def default_campaign_id(company_id: str) -> str:
    """The id a company's default campaign has (the same in every process)."""
    return stable_id("default-campaign", company_id)


def owner_for(
    engine: Personae, company_id: str, campaign_id: str | None, user_id: str | None
) -> Owner:
    """The owner of new characters: the query's campaign, or the company's default one,
    created on first use."""
    if not campaign_id:
        campaigns = CampaignRecords(engine.store)
        campaign_id = campaigns.default_for(company_id, default_campaign_id(company_id))
    return Owner(user_id=user_id, company_id=company_id, campaign_id=campaign_id)


def _campaign_of(c: Character, company_id: str) -> str:
    return c.campaign_id or default_campaign_id(company_id)


# ----------------------------------------------------------------------------------------
# Views
# ----------------------------------------------------------------------------------------


def _index(engine: Personae, c: Character, *, with_available: bool = False) -> TraitIndex:
    return build_trait_index(c, engine.rules, load_specialty_table(), with_available=with_available)


def view(engine: Personae, c: Character, company_id: str) -> ValentinaCharacter:
    """A stored character as Valentina's Character JSON."""
    return character_view(
        c,
        company_id=company_id,
        campaign_id=_campaign_of(c, company_id),
        ruleset=engine.rules,
        index=_index(engine, c),
    )


def session(engine: Personae, found: Any, company_id: str) -> ChargenSessionView:
    """A chargen session (operations.ChargenSession) as Valentina's response."""
    campaign = found.campaign_id or default_campaign_id(company_id)
    return session_view(
        found,
        [view(engine, c, company_id) for c in found.characters],
        user_id=ANONYMOUS_USER,
        company_id=company_id,
        campaign_id=campaign,
    )


# ----------------------------------------------------------------------------------------
# Characters
# ----------------------------------------------------------------------------------------


def _page_bounds(limit: int, offset: int) -> None:
    problems = []
    if not 0 <= limit <= MAX_PAGE:
        problems.append(FieldProblem("limit", f"must be 0-{MAX_PAGE}"))
    if offset < 0:
        problems.append(FieldProblem("offset", "must be 0 or more"))
    if problems:
        raise InvalidRequestError(problems)


def list_characters(
    engine: Personae,
    company_id: str,
    *,
    limit: int = DEFAULT_PAGE,
    offset: int = 0,
    campaign_id: str | None = None,
    user_player_id: str | None = None,
    user_creator_id: str | None = None,
    character_class: str | None = None,
    character_type: str | None = None,
    status: str | None = None,
    is_temporary: bool = False,
) -> Page[ValentinaCharacter]:
    """A page of the company's characters, oldest first, with every filter the client sends."""
    _page_bounds(limit, offset)
    filters: dict[str, Any] = {
        "user_player_id": user_player_id,
        "user_creator_id": user_creator_id,
        "character_class": character_class,
        "type": character_type,
        "status": status,
        "is_temporary": is_temporary,
    }
    found, total = engine.store.characters.list(
        company_id=company_id,
        campaign_id=campaign_id,
        filters=filters,
        limit=limit,
        offset=offset,
    )
    return Page[ValentinaCharacter](
        items=[view(engine, c, company_id) for c in found],
        limit=limit,
        offset=offset,
        total=total,
    )


def get_character(
    engine: Personae, company_id: str, character_id: str, include: Iterable[str] = ()
) -> ValentinaCharacterDetail:
    c = engine.get(character_id, company_id=company_id)
    return character_detail(
        c,
        company_id=company_id,
        campaign_id=_campaign_of(c, company_id),
        ruleset=engine.rules,
        include=include,
    )


def _check_fixed(current: dict[str, Any], body: dict[str, Any]) -> list[FieldProblem]:
    problems = []
    for key, value in body.items():
        if key in NOT_STORED:
            if value is not None:
                problems.append(FieldProblem(key, f"is not stored: {NOT_STORED[key]}"))
            continue
        nested = value if isinstance(value, dict) else None
        if key in FIXED_FIELDS and current.get(key) != value:
            problems.append(FieldProblem(key, REASON.format(reason=FIXED_FIELDS[key])))
        if nested is not None:
            have = current.get(key) or {}
            for sub, sub_value in nested.items():
                path = f"{key}.{sub}"
                if path in FIXED_FIELDS and have.get(sub) != sub_value:
                    problems.append(FieldProblem(path, REASON.format(reason=FIXED_FIELDS[path])))
    return problems


def _problems_of(exc: ValidationError) -> list[FieldProblem]:
    return [
        FieldProblem(".".join(str(p) for p in err["loc"]) or "body", err["msg"])
        for err in exc.errors()
    ]


def parse_patch(current: Character, body: dict[str, Any]) -> CharacterPatch:
    """Validate an update body against the character: 400 naming every bad field."""
    if not isinstance(body, dict):
        raise InvalidRequestError(FieldProblem("body", "must be a JSON object"))
    problems = _check_fixed(current.model_dump(mode="json"), body)
    editable = {
        k: v
        for k, v in body.items()
        if k not in NOT_STORED and k not in FIXED_FIELDS and k != "hunter_attributes"
    }
    for key in ("vampire_attributes", "werewolf_attributes"):
        if isinstance(editable.get(key), dict):
            editable[key] = {
                sub: v for sub, v in editable[key].items() if f"{key}.{sub}" not in FIXED_FIELDS
            }
    try:
        patch = CharacterPatch.model_validate(editable)
    except ValidationError as exc:
        problems.extend(_problems_of(exc))
        raise InvalidRequestError(problems) from None
    if problems:
        raise InvalidRequestError(problems)
    for key, owner in (("vampire_attributes", "vampire"), ("werewolf_attributes", "werewolf")):
        if getattr(patch, key) is not None and getattr(current, key) is None:
            raise InvalidRequestError(FieldProblem(key, f"this character is not a {owner}"))
    return patch


def apply_patch(c: Character, patch: CharacterPatch) -> Character:
    """The character with the patch's fields changed; names are recomposed."""
    fields = patch.model_dump(
        exclude_unset=True, exclude={"vampire_attributes", "werewolf_attributes"}
    )
    update: dict[str, Any] = {k: v for k, v in fields.items() if v is not None or k == "name_nick"}
    if patch.vampire_attributes is not None and c.vampire_attributes is not None:
        update["vampire_attributes"] = c.vampire_attributes.model_copy(
            update=patch.vampire_attributes.model_dump(exclude_unset=True)
        )
    if patch.werewolf_attributes is not None and c.werewolf_attributes is not None:
        update["werewolf_attributes"] = c.werewolf_attributes.model_copy(
            update=patch.werewolf_attributes.model_dump(exclude_unset=True)
        )
    first = update.get("name_first", c.name_first)
    last = update.get("name_last", c.name_last)
    nick = update.get("name_nick", c.name_nick)
    name = f"{first} {last}"
    update["name"] = name
    update["name_full"] = f'{first} "{nick}" {last}' if nick else name
    update["date_modified"] = now_iso()
    return Character.model_validate({**c.model_dump(by_alias=True), **update})


def update_character(
    engine: Personae, company_id: str, character_id: str, body: dict[str, Any]
) -> ValentinaCharacter:
    """Change identity and narrative fields in one read-modify-write transaction."""

    def change(current: Character) -> Character:
        return apply_patch(current, parse_patch(current, body))

    updated = engine.store.characters.modify(character_id, change, company_id=company_id)
    return view(engine, updated, company_id)


def delete_character(engine: Personae, company_id: str, character_id: str) -> None:
    engine.store.characters.delete(character_id, company_id=company_id)


# ----------------------------------------------------------------------------------------
# Full sheet and traits
# ----------------------------------------------------------------------------------------


def character_full_sheet(
    engine: Personae, company_id: str, character_id: str, *, include_available: bool = False
) -> FullSheet:
    c = engine.get(character_id, company_id=company_id)
    index = _index(engine, c, with_available=include_available)
    return FullSheet(
        character=character_view(
            c,
            company_id=company_id,
            campaign_id=_campaign_of(c, company_id),
            ruleset=engine.rules,
            index=index,
        ),
        sections=full_sheet(index, include_available_traits=include_available),
    )


def character_sheet_category(
    engine: Personae,
    company_id: str,
    character_id: str,
    category_id: str,
    *,
    include_available: bool = False,
) -> SheetCategory:
    c = engine.get(character_id, company_id=company_id)
    return full_sheet_category(
        _index(engine, c, with_available=include_available),
        category_id,
        include_available_traits=include_available,
    )


def list_traits(
    engine: Personae,
    company_id: str,
    character_id: str,
    *,
    limit: int = DEFAULT_PAGE,
    offset: int = 0,
    category_id: str | None = None,
    is_rollable: bool | None = None,
) -> Page[CharacterTrait]:
    _page_bounds(limit, offset)
    c = engine.get(character_id, company_id=company_id)
    found = _index(engine, c).filtered(category_id=category_id, is_rollable=is_rollable)
    return Page[CharacterTrait](
        items=found[offset : offset + limit], limit=limit, offset=offset, total=len(found)
    )


def get_trait(
    engine: Personae, company_id: str, character_id: str, character_trait_id: str
) -> CharacterTrait:
    c = engine.get(character_id, company_id=company_id)
    return _index(engine, c).get(character_trait_id)


def get_health(engine: Personae, company_id: str, character_id: str) -> Health:
    """The character's health track (the same object as `Character.health`)."""
    return character_health(engine.get(character_id, company_id=company_id))


def get_tracker(
    engine: Personae, company_id: str, character_id: str, character_trait_id: str
) -> Tracker:
    """The in-play tracker of one trait; a trait without one is not found."""
    trait = get_trait(engine, company_id, character_id, character_trait_id)
    if trait.tracker is None:
        raise NotFoundError(
            f"trait {trait.trait.name!r} ({character_trait_id}) has no tracker; Health, "
            "Willpower, Humanity and Rage do"
        )
    return trait.tracker
