"""A personae Character as Valentina's Character, CharacterDetail and ChargenSession."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ...character import Character
from ...ruleset import Ruleset
from .specialties import Entry, SpecialtyTable, load_specialty_table
from .traits import TraitIndex, build_trait_index, damage_track
from .wire import (
    CharacterSpecialty,
    ChargenSessionView,
    Health,
    HunterAttributes,
    ValentinaCharacter,
    ValentinaCharacterDetail,
    VampireAttributes,
    WerewolfAttributes,
)

INCLUDES = ("traits", "inventory", "notes", "assets")
"""What `get(include=...)` may embed; personae keeps no inventory, notes or assets."""

ANONYMOUS_USER = "anonymous"
"""The session `user_id` when no On-Behalf-Of header named one (Valentina requires a string)."""

# Fields of our Character that the Valentina view replaces or leaves out.
_REPLACED = {
    "specialties",
    "vampire_attributes",
    "werewolf_attributes",
    "hunter_attributes",
    "company_id",
    "campaign_id",
}


def valentina_specialties(
    character: Character, ruleset: Ruleset, table: SpecialtyTable | None = None
) -> list[CharacterSpecialty]:
    """The character's special abilities in Valentina's sense, described by the table.

    Predator type, discipline powers (thin-blood formulae included), rituals and
    ceremonies, gifts, rites, edges and perks. Skill specialties are not here: they sit on
    the skill traits.
    """
    table = table or load_specialty_table()
    sheet = character.sheet
    found: list[CharacterSpecialty] = []

    def add(name: str, entry: Entry | None, fallback: str) -> None:
        # The table covers the shipped ruleset (a test checks it); a custom ruleset may
        # name things it does not know, which still get an honest neutral line.
        found.append(
            entry.specialty(name)
            if entry
            else CharacterSpecialty(name=name, type="OTHER", description=fallback)
        )

    predator = sheet.creation.predator_type
    if predator and ruleset.spec.vampire is not None:
        name = ruleset.predator_type(predator).name
        add(name, table.predator_types.get(name), "Predator type: how they hunt.")
    for discipline, powers in sheet.powers.items():
        for power in powers:
            add(power, table.power(discipline, power), f"{discipline} power.")
    for item in getattr(sheet, "rituals", []) or []:  # sheets that record rituals
        if item.name not in {s.name for s in found}:
            entry = table.ritual(item.discipline, item.name) or table.power(
                item.discipline, item.name
            )
            add(item.name, entry, f"Level {item.level} {item.discipline} ritual.")
    for gift in sheet.gifts:
        add(gift.name, table.gifts.get(gift.name), f"{gift.renown} gift.")
    for rite in sheet.rites:
        add(rite, table.rites.get(rite), "A Garou rite.")
    if sheet.edges and ruleset.spec.hunter is not None:
        kinds = {e.name: e.type for e in ruleset.spec.hunter.edges}
        for edge in sheet.edges:
            add(edge.name, table.edge(edge.name, kinds.get(edge.name, "")), "A hunter's edge.")
            for perk in edge.perks:
                add(perk, table.perk(edge.name, perk), f"{edge.name} perk.")
    return found


def character_health(character: Character) -> Health:
    """An unhurt V5 health track sized by the sheet's derived Health."""
    track = damage_track(character.sheet.derived.health)
    return Health(**track.model_dump())


def _text(value: str | None, low: int, high: int | None = None) -> str | None:
    """Valentina bounds some texts; a value outside them is sent as null, never cut."""
    if value is None:
        return None
    value = value.strip()
    if len(value) < low or (high is not None and len(value) > high):
        return None
    return value


def character_view(
    character: Character,
    *,
    company_id: str,
    campaign_id: str,
    ruleset: Ruleset,
    table: SpecialtyTable | None = None,
    index: TraitIndex | None = None,
) -> ValentinaCharacter:
    """The Character JSON the Valentina client parses, with personae's own fields kept.

    `company_id` is the path's company; `campaign_id` the character's campaign (or the
    company's default campaign when it has none).
    """
    table = table or load_specialty_table()
    index = index or build_trait_index(character, ruleset, table)
    own = character.model_dump(mode="json", by_alias=True, exclude=_REPLACED)
    va = character.vampire_attributes
    wa = character.werewolf_attributes
    ha = character.hunter_attributes
    fields: dict[str, Any] = {
        **own,
        "name_nick": _text(character.name_nick, 3, 50),
        "biography": _text(character.biography, 3),
        "demeanor": _text(character.demeanor, 3, 50),
        "nature": _text(character.nature, 3, 50),
        "company_id": company_id,
        "campaign_id": campaign_id,
        "character_trait_ids": index.ids(),
        "specialties": valentina_specialties(character, ruleset, table),
        "vampire_attributes": VampireAttributes.model_validate(va.model_dump(mode="json"))
        if va
        else None,
        "werewolf_attributes": WerewolfAttributes.model_validate(wa.model_dump(mode="json"))
        if wa
        else None,
        "hunter_attributes": HunterAttributes.model_validate(ha.model_dump(mode="json"))
        if ha
        else None,
        "mage_attributes": None,
        "health": character_health(character),
        "skill_specialties": [s.model_dump() for s in character.specialties],
    }
    return ValentinaCharacter.model_validate(fields)


def character_detail(
    character: Character,
    *,
    company_id: str,
    campaign_id: str,
    ruleset: Ruleset,
    include: Iterable[str] = (),
    table: SpecialtyTable | None = None,
) -> ValentinaCharacterDetail:
    """`get` with `include`: traits from the sheet; inventory, notes and assets empty."""
    table = table or load_specialty_table()
    index = build_trait_index(character, ruleset, table)
    base = character_view(
        character,
        company_id=company_id,
        campaign_id=campaign_id,
        ruleset=ruleset,
        table=table,
        index=index,
    )
    wanted = set(include)
    extra: dict[str, Any] = {key: [] for key in ("inventory", "notes", "assets") if key in wanted}
    if "traits" in wanted:
        extra["traits"] = index.traits
    return ValentinaCharacterDetail.model_validate({**base.model_dump(), **extra})


def session_view(
    session: Any,
    characters: list[ValentinaCharacter],
    *,
    user_id: str,
    company_id: str,
    campaign_id: str,
) -> ChargenSessionView:
    """A stored chargen session as Valentina's ChargenSessionResponse (plus our fields)."""
    return ChargenSessionView(
        id=session.id,
        session_id=session.id,
        user_id=session.user_id or user_id,
        company_id=company_id,
        campaign_id=session.campaign_id or campaign_id,
        status=session.status,
        expires_at=session.expires_at,
        requires_selection=session.requires_selection,
        characters=characters,
        selected_character_id=session.selected_character_id,
        date_created=session.date_created,
        date_modified=session.date_modified,
        narrate_backend=session.narrate_backend,
    )
