"""The core Python API: generate, store and fetch characters. Every face calls this."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from .character import Character, full_name
from .identity import Stamp, fixture_stamp, random_stamp
from .narrative import NarrativeBackend, get_backend
from .narrative.naming import NameChoice, choose_name, rename_text
from .pipeline import GenerationRequest, Owner, assemble, build, facts_for
from .ruleset import Ruleset, load_ruleset
from .seeding import derive_seed
from .store import Store
from .store.characters import MAX_NAME_VARIANTS

_TEXT_FIELDS = ("biography", "appearance", "quote")


def rename_character(character: Character, variant: int) -> Character:
    """The same character under variant `variant` of its seeded name stream: the name parts
    change and the text moves onto the new name; nothing else changes."""
    old = NameChoice(
        character.name_first, character.name_last, character.name_nick, character.culture
    )
    new = choose_name(None, character.seed, variant, character.gender)
    name = new.full
    return character.model_copy(
        update={
            **{f: rename_text(getattr(character, f), old, new) for f in _TEXT_FIELDS},
            "name_first": new.first,
            "name_last": new.last,
            "name_nick": new.nick,
            "name": name,
            "name_full": full_name(new.first, new.last, new.nick),
            "culture": new.culture,
            "name_variant": variant,
        }
    )


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
        self.backend_name = backend
        self.backend_options = backend_options or {}
        self.backend()  # an unknown backend or an unusable model fails now, before any work
        self.store = db if isinstance(db, Store) else Store(db)

    def backend(self, name: str | NarrativeBackend | None = None) -> NarrativeBackend:
        chosen = name or self.backend_name or "rules"
        if isinstance(chosen, NarrativeBackend):
            return chosen
        chosen = chosen.strip().lower()
        # options (a model path, a server URL) belong to the default backend they were given
        # for; a backend asked for by name per call gets its own defaults
        default = str(self.backend_name or "rules").strip().lower()
        keep = chosen == default and chosen != "rules"
        return get_backend(chosen, **(self.backend_options if keep else {}))

    def renamer(self, character: Character, variant: int) -> Character:
        """The same character under name variant `variant` (the store calls this inside its
        write transaction when the name is taken in the campaign)."""
        return rename_character(character, variant)

    def make_many(
        self,
        requests: list[GenerationRequest],
        *,
        owner: Owner,
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
            [facts_for(self.rules, b) for b in builts], [b.choice.seed for b in builts]
        )
        t2 = time.perf_counter()
        per = 1000 / len(builts)
        characters, logs = [], []
        for i, (req, built, narrative) in enumerate(zip(requests, builts, narratives, strict=True)):
            characters.append(
                assemble(
                    self.rules,
                    built,
                    narrative,
                    engine.name,
                    stamp=stamps[i] if stamps else random_stamp(),
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
        (character,), (log,) = self.make_many([req], owner=owner, backend=backend)
        if save:
            return self.store.characters.save(character, log, self.renamer)
        return character

    def iter_fixtures(
        self,
        count: int,
        seed: int,
        request: GenerationRequest | dict[str, Any] | None = None,
        *,
        owner: Owner | None = None,
        backend: str | NarrativeBackend | None = None,
        **fields: Any,
    ) -> Iterator[Character]:
        """`count` fully deterministic characters (ids and dates too), names unique in the
        set, one at a time (a large run never holds them all in memory)."""
        base = GenerationRequest.parse(request, **fields)
        owner = owner or Owner()
        taken: set[str] = set()
        for i in range(count):
            req = base.model_copy(update={"seed": derive_seed(seed, "fixture", i)})
            (character,), _ = self.make_many(
                [req], owner=owner, stamps=[fixture_stamp(seed, i)], backend=backend
            )
            first = character
            variant = 0
            while character.name in taken and variant < MAX_NAME_VARIANTS:
                variant += 1
                character = rename_character(first, variant)
            taken.add(character.name)
            yield character

    def fixtures(
        self,
        count: int,
        seed: int,
        request: GenerationRequest | dict[str, Any] | None = None,
        *,
        progress: Callable[[int], None] | None = None,
        **kwargs: Any,
    ) -> list[Character]:
        out = []
        for character in self.iter_fixtures(count, seed, request, **kwargs):
            out.append(character)
            if progress:
                progress(1)
        return out

    def get(self, character_id: str, *, company_id: str | None = None) -> Character:
        """A stored character; with `company_id`, one of another company is not found."""
        return self.store.characters.get(character_id, company_id=company_id)


def generate_character(
    request: GenerationRequest | dict[str, Any] | None = None,
    *,
    ruleset: str | os.PathLike[str] | Ruleset | None = None,
    backend: str | NarrativeBackend | None = "rules",
    stamp: Stamp | None = None,
    owner: Owner | None = None,
    **fields: Any,
) -> Character:
    """Generate one character (not stored). Keyword fields are GenerationRequest fields.

    Example: ``generate_character(character_class="VAMPIRE", seed=7)``.
    """
    rules = load_ruleset(ruleset)
    req = GenerationRequest.parse(request, **fields).with_seed()
    built = build(rules, req)
    engine = get_backend(backend)
    (narrative,) = engine.narrate_many([facts_for(rules, built)], [built.choice.seed])
    return assemble(
        rules, built, narrative, engine.name, stamp=stamp or random_stamp(), owner=owner or Owner()
    )
