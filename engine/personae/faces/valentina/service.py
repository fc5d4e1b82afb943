"""Valentina-style autogen service: `character_autogen_service(...)`, async and sync twins.

Mirrors the seed document's client API so code written for the remote service runs here
offline. Newer client spellings are accepted too: `campaign_id=` per call and
`on_behalf_of=` in place of `user_id`.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

from ...character import Character
from ...core import Personae
from ...enums import CharacterClass, CharacterType
from ...narrative import NarrativeBackend
from ...pipeline import GenerationRequest, Owner
from ...ruleset import Ruleset
from ...store import Store
from .models import ChargenSession, Narrate
from .operations import (
    DEFAULT_EXPIRY_HOURS,
    DEFAULT_NARRATE,
    DEFAULT_OPTIONS,
    finalize_session,
    generate,
    get_session,
    list_sessions,
    start_session,
)


def _text(value: Any) -> Any:
    return value.value if isinstance(value, CharacterClass | CharacterType) else value


class SyncAutogenService:
    """The synchronous twin: same methods, plain calls."""

    def __init__(
        self,
        user_id: str | None = None,
        campaign_id: str | None = None,
        company_id: str | None = None,
        *,
        on_behalf_of: str | None = None,
        backend: str | NarrativeBackend | None = "rules",
        db: str | os.PathLike[str] | Store | None = None,
        ruleset: str | os.PathLike[str] | Ruleset | None = None,
        options: int = DEFAULT_OPTIONS,
        expires_hours: float = DEFAULT_EXPIRY_HOURS,
        engine: Personae | None = None,
    ) -> None:
        self.user_id = on_behalf_of or user_id
        self.campaign_id = campaign_id
        self.company_id = company_id
        self.options = options
        self.expires_hours = expires_hours
        self.engine = engine or Personae(db, ruleset=ruleset, backend=backend)

    def _owner(self, campaign_id: str | None, on_behalf_of: str | None) -> Owner:
        return Owner(
            user_id=on_behalf_of or self.user_id,
            company_id=self.company_id,
            campaign_id=campaign_id or self.campaign_id,
        )

    def generate_character(
        self,
        *,
        character_type: CharacterType | str,
        character_class: CharacterClass | str | None = None,
        experience_level: str | None = None,
        skill_focus: str | None = None,
        concept_id: str | None = None,
        vampire_clan_id: str | None = None,
        werewolf_tribe_id: str | None = None,
        werewolf_auspice_id: str | None = None,
        seed: int | None = None,
        campaign_id: str | None = None,
        on_behalf_of: str | None = None,
        **extra: Any,
    ) -> Character:
        """Generate and store one character for the campaign."""
        request = GenerationRequest.parse(
            character_type=_text(character_type),
            character_class=_text(character_class),
            experience_level=experience_level,
            skill_focus=skill_focus,
            concept_id=concept_id,
            vampire_clan_id=vampire_clan_id,
            werewolf_tribe_id=werewolf_tribe_id,
            werewolf_auspice_id=werewolf_auspice_id,
            seed=seed,
            **extra,
        )
        return generate(self.engine, request, owner=self._owner(campaign_id, on_behalf_of))

    def start_chargen_session(
        self,
        *,
        campaign_id: str | None = None,
        on_behalf_of: str | None = None,
        options: int | None = None,
        expires_hours: float | None = None,
        narrate: Narrate = DEFAULT_NARRATE,
        **request: Any,
    ) -> ChargenSession:
        """Generate several options to choose from; they expire unless one is finalized.
        With a model backend the options are a rules preview and the model writes the kept
        one at finalize, unless narrate="all"."""
        fields = {k: _text(v) for k, v in request.items() if v is not None}
        fields.setdefault("character_type", "PLAYER")
        return start_session(
            self.engine,
            GenerationRequest.parse(fields),
            owner=self._owner(campaign_id, on_behalf_of),
            options=options or self.options,
            expires_hours=expires_hours or self.expires_hours,
            narrate=narrate,
        )

    def finalize_chargen_session(
        self,
        session_id: str,
        selected_character_id: str,
        *,
        campaign_id: str | None = None,
        on_behalf_of: str | None = None,
    ) -> Character:
        """Keep one option, delete the others and close the session, atomically."""
        return finalize_session(
            self.engine,
            session_id,
            selected_character_id,
            company_id=self.company_id,
            user_id=on_behalf_of or self.user_id,
        )

    def list_all(
        self, *, campaign_id: str | None = None, on_behalf_of: str | None = None
    ) -> list[ChargenSession]:
        """Open sessions of this user (and campaign, when one is set)."""
        return list_sessions(
            self.engine,
            company_id=self.company_id,
            user_id=on_behalf_of or self.user_id,
            campaign_id=campaign_id or self.campaign_id,
        )

    def get(self, session_id: str) -> ChargenSession:
        return get_session(
            self.engine, session_id, company_id=self.company_id, user_id=self.user_id
        )


class AutogenService:
    """The async face: each call runs the sync twin in a worker thread."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.sync = SyncAutogenService(*args, **kwargs)

    async def generate_character(self, **kwargs: Any) -> Character:
        return await asyncio.to_thread(lambda: self.sync.generate_character(**kwargs))

    async def start_chargen_session(self, **kwargs: Any) -> ChargenSession:
        return await asyncio.to_thread(lambda: self.sync.start_chargen_session(**kwargs))

    async def finalize_chargen_session(
        self, session_id: str, selected_character_id: str, **kwargs: Any
    ) -> Character:
        return await asyncio.to_thread(
            lambda: self.sync.finalize_chargen_session(session_id, selected_character_id, **kwargs)
        )

    async def list_all(self, **kwargs: Any) -> list[ChargenSession]:
        return await asyncio.to_thread(lambda: self.sync.list_all(**kwargs))

    async def get(self, session_id: str) -> ChargenSession:
        return await asyncio.to_thread(lambda: self.sync.get(session_id))


def character_autogen_service(
    user_id: str | None = None,
    campaign_id: str | None = None,
    company_id: str | None = None,
    **options: Any,
) -> AutogenService:
    """The async service, as in the seed document's example."""
    return AutogenService(user_id, campaign_id, company_id, **options)


def sync_character_autogen_service(
    user_id: str | None = None,
    campaign_id: str | None = None,
    company_id: str | None = None,
    **options: Any,
) -> SyncAutogenService:
    """The synchronous twin with the same methods."""
    return SyncAutogenService(user_id, campaign_id, company_id, **options)
