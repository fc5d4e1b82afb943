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
        """One character and its log row. Nothing is stored."""
        characters, logs = self.make_many(
            [request],
            owner=owner,
            stamps=[stamp],
            taken_names=taken_names,
            backend=backend,
            temporary=temporary,
            session_id=session_id,
        )
        return characters[0], logs[0]

    def make_many(
        self,
        requests: list[GenerationRequest],
        *,
        owner: Owner,
        taken_names: set[str],
        stamps: list[Stamp] | None = None,
        backend: str | NarrativeBackend | None = None,
        temporary: bool = False,
        session_id: str | None = None,
    ) -> tuple[list[Character], list[dict[str, Any]]]:
        """Characters and their log rows; the backend may share work between them
        (chargen options reuse the evaluated prompt prefix). Nothing is stored."""
        requests = [r.with_seed() for r in requests]
        t0 = time.perf_counter()
        builts = [build(self.rules, r) for r in requests]
        t1 = time.perf_counter()
        engine = self.backend(backend)
        narratives = engine.narrate_many(
            [facts_for(self.rules, b) for b in builts],
            [b.choice.seed for b in builts],
            set(taken_names),
        )
        t2 = time.perf_counter()
        per = 1000 / len(builts)
        characters, logs = [], []
        for i, (req, built, narrative) in enumerate(zip(requests, builts, narratives, strict=True)):
            stamp = stamps[i] if stamps else random_stamp()
            characters.append(
                assemble(
                    self.rules,
                    built,
                    narrative,
                    engine.name,
                    stamp=stamp,
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
                    "ms_sheet": round((t1 - t0) * per, 3),
                    "ms_narrative": round((t2 - t1) * per, 3),
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
