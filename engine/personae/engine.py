"""The core Python API: generate, store and fetch characters. Every face calls this."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any

from .character import Character
from .generate import Owner, assemble, build, facts_for
from .identity import Stamp, fixture_stamp, random_stamp
from .narrative import NarrativeBackend, get_backend
from .request import GenerationRequest
from .ruleset import Ruleset, load_ruleset
from .seeding import derive_seed
from .store import Store


class Personae:
    """An engine bound to one ruleset, one store and a default narrative backend."""

    def __init__(
        self,
        db: str | os.PathLike[str] | Store | None = None,
        *,
        ruleset: str | os.PathLike[str] | Ruleset | None = None,
        backend: str | NarrativeBackend | None = "rules",
        backend_options: dict[str, Any] | None = None,
    ) -> None:
        self.rules = load_ruleset(ruleset)
        self.store = db if isinstance(db, Store) else Store(db)
        self.backend_name = backend
        self.backend_options = backend_options or {}

    def backend(self, name: str | NarrativeBackend | None = None) -> NarrativeBackend:
        chosen = name or self.backend_name
        if chosen == "rules" or isinstance(chosen, NarrativeBackend):
            return get_backend(chosen)
        return get_backend(chosen, **self.backend_options)

    def make(
        self,
        request: GenerationRequest,
        *,
        owner: Owner,
        stamp: Stamp,
        taken_names: set[str],
        backend: str | NarrativeBackend | None = None,
        temporary: bool = False,
        session_id: str | None = None,
    ) -> tuple[Character, dict[str, Any]]:
        """One character and its log row; pure apart from timing. Nothing is stored."""
        request = request.with_seed()
        t0 = time.perf_counter()
        built = build(self.rules, request)
        t1 = time.perf_counter()
        engine = self.backend(backend)
        narrative = engine.narrate(facts_for(self.rules, built), built.choice.seed, taken_names)
        t2 = time.perf_counter()
        character = assemble(
            self.rules,
            built,
            narrative,
            engine.name,
            stamp=stamp,
            owner=owner,
            is_temporary=temporary,
            session_id=session_id,
        )
        log = {
            "request": request.model_dump_json(exclude_none=True),
            "seed": built.choice.seed,
            "backend": engine.name,
            "ruleset_id": self.rules.id,
            "ruleset_version": self.rules.version,
            "ms_sheet": round((t1 - t0) * 1000, 3),
            "ms_narrative": round((t2 - t1) * 1000, 3),
            "session_id": session_id,
        }
        return character, log

    def make_many(
        self,
        requests: list[GenerationRequest],
        *,
        owner: Owner,
        taken_names: set[str],
        backend: str | NarrativeBackend | None = None,
        temporary: bool = False,
        session_id: str | None = None,
    ) -> tuple[list[Character], list[dict[str, Any]]]:
        """Several characters at once (chargen options); backends may share work."""
        t0 = time.perf_counter()
        builts = [build(self.rules, r.with_seed()) for r in requests]
        t1 = time.perf_counter()
        engine = self.backend(backend)
        narratives = engine.narrate_many(
            [facts_for(self.rules, b) for b in builts],
            [b.choice.seed for b in builts],
            set(taken_names),
        )
        t2 = time.perf_counter()
        characters, logs = [], []
        for req, built, narrative in zip(requests, builts, narratives, strict=True):
            characters.append(
                assemble(
                    self.rules,
                    built,
                    narrative,
                    engine.name,
                    stamp=random_stamp(),
                    owner=owner,
                    is_temporary=temporary,
                    session_id=session_id,
                )
            )
            logs.append(
                {
                    "request": req.model_dump_json(exclude_none=True),
                    "seed": built.choice.seed,
                    "backend": engine.name,
                    "ruleset_id": self.rules.id,
                    "ruleset_version": self.rules.version,
                    "ms_sheet": round((t1 - t0) * 1000 / len(builts), 3),
                    "ms_narrative": round((t2 - t1) * 1000 / len(builts), 3),
                    "session_id": session_id,
                }
            )
        return characters, logs

    def generate(
        self,
        request: GenerationRequest | dict[str, Any] | None = None,
        *,
        owner: Owner | None = None,
        backend: str | NarrativeBackend | None = None,
        save: bool = True,
        **fields: Any,
    ) -> Character:
        """Generate one character (stored unless save=False). Fields as GenerationRequest."""
        req = GenerationRequest.parse(request, **fields)
        owner = owner or Owner()
        taken = self.store.taken_names(owner.campaign_id)
        character, log = self.make(
            req, owner=owner, stamp=random_stamp(), taken_names=taken, backend=backend
        )
        if save:
            self.store.save_character(character, log)
        return character

    def fixtures(
        self,
        count: int,
        seed: int,
        request: GenerationRequest | dict[str, Any] | None = None,
        *,
        owner: Owner | None = None,
        backend: str | NarrativeBackend | None = None,
        progress: Callable[[int], None] | None = None,
        **fields: Any,
    ) -> list[Character]:
        """`count` fully deterministic characters (ids and dates too), names unique in the set."""
        base = GenerationRequest.parse(request, **fields)
        owner = owner or Owner()
        taken: set[str] = set()
        out = []
        for i in range(count):
            req = base.model_copy(update={"seed": derive_seed(seed, "fixture", i)})
            character, _ = self.make(
                req, owner=owner, stamp=fixture_stamp(seed, i), taken_names=taken, backend=backend
            )
            taken.add(character.name)
            out.append(character)
            if progress:
                progress(1)
        return out

    def get(self, character_id: str) -> Character:
        return self.store.get_character(character_id)
