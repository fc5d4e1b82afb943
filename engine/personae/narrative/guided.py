"""Shared logic of the model backends: the model chooses and phrases, data and checks decide.

Gender, names, ages, archetypes and group names come from seeded streams before the model
writes; the prompt gives them. The model fills personality (from a list), appearance,
biography and quote in one constrained call. Each field that fails the checks is written
again on its own with a small token budget; a field that still fails comes from the rules
backend, whose text passes the same checks. Every field records where it came from.
"""

from __future__ import annotations

import json
from abc import abstractmethod
from dataclasses import dataclass, field
from typing import Any

from ..llm.chat import Prompt
from ..llm.words import WordGuard
from ..prompts import render
from ..seeding import derive_seed
from .base import Narrative, NarrativeBackend, NarrativeFacts
from .checks import capitalize_fields, check_narrative
from .exemplars import exemplar, exemplar_classes, exemplar_texts
from .fields import MODEL_FIELDS, field_schema
from .guard import decoding_guard
from .naming import rename_narrative
from .rules import PROSE, Identity, RulesBackend, pronouns

# token budgets: the whole answer, and one field written again on its own
BUDGET = {"all": 320, "personality": 24, "appearance": 60, "biography": 200, "quote": 48}


def _kind(facts: NarrativeFacts) -> str:
    if facts.character_class == "VAMPIRE":
        return "thin-blooded vampire" if facts.thin_blood else "vampire"
    return facts.character_class.lower()


def task_context(facts: NarrativeFacts, me: Identity) -> dict[str, Any]:
    words = pronouns(me.gender)
    return {
        "name": me.name.full,
        "gender": me.gender,
        "pronouns": f"{words['subject']}/{words['object']}/{words['possessive']}",
        "age": me.apparent_age or me.age,
        "kind": _kind(facts),
        "concept": facts.concept,
        "concept_blurb": facts.concept_blurb.rstrip(".").lower(),
        "clan": facts.clan if not facts.thin_blood else None,
        "thin_blood": facts.thin_blood,
        "sire": me.sire,
        "predator": facts.predator_type,
        "tribe": facts.tribe,
        "auspice": facts.auspice,
        "moon": facts.auspice_moon,
        "pack": me.pack,
        "creed": facts.creed,
        "drive": facts.drive,
        "cell": me.cell,
        "domitor_clan": facts.domitor_clan,
        "top_skills": facts.top_skills,
    }


def _exemplar_task(facts: NarrativeFacts | str) -> tuple[str, str]:
    shot = exemplar(facts)
    f = shot["facts"]
    words = pronouns(f["gender"])
    context = {
        "name": f["name"],
        "gender": f["gender"],
        "pronouns": f"{words['subject']}/{words['object']}/{words['possessive']}",
        "thin_blood": False,
        **{k: f.get(k) for k in _TASK_KEYS},
    }
    answer = {k: shot["answer"][k] for k in MODEL_FIELDS}
    return render("narrative_task.j2", **context), json.dumps(answer, ensure_ascii=False)


_TASK_KEYS = (
    "age",
    "kind",
    "concept",
    "concept_blurb",
    "clan",
    "sire",
    "predator",
    "tribe",
    "auspice",
    "moon",
    "pack",
    "creed",
    "drive",
    "cell",
    "domitor_clan",
    "top_skills",
)


def narrative_prompt(facts: NarrativeFacts, me: Identity, shots: bool = True) -> Prompt:
    """System text, this class's exemplar as an earlier turn, and the character's facts."""
    examples = (_exemplar_task(facts),) if shots else ()
    return Prompt(
        system=render("narrative_system.j2"),
        shots=examples,
        task=render("narrative_task.j2", **task_context(facts, me)),
    )


def shared_prompts() -> list[Prompt]:
    """Prompts with every shared part a call may start with (each class's narrative
    prompt, the agent and NPC prompt) and no task: a backend may evaluate them ahead."""
    system = render("narrative_system.j2")
    out = [Prompt(system, (_exemplar_task(cls),), "") for cls in exemplar_classes()]
    return [*out, Prompt(render("agent_system.j2"), (), "")]


@dataclass
class Attempts:
    """What happened while writing one narrative (for the benchmark and the record)."""

    calls: int = 0
    tokens: int = 0
    first_clean: bool = False
    failures: list[str] = field(default_factory=list)


class GuidedBackend(NarrativeBackend):
    """A backend that asks a model for JSON matching a schema, checks it, and mends it."""

    retries = 2
    shots = True  # put the class's exemplar before the task

    @abstractmethod
    def complete(
        self,
        prompt: Prompt,
        schema: dict[str, Any],
        seed: int,
        *,
        max_tokens: int,
        guard: WordGuard | None = None,
    ) -> str:
        """The model's JSON text for one attempt."""

    @abstractmethod
    def source_tag(self, seed: int) -> str:
        """How a field produced by this backend with this seed is recorded."""

    def tokens_used(self) -> int:
        """Tokens the last `complete` call decoded (0 when unknown)."""
        return 0

    def warm(self) -> None:
        """Do ahead whatever makes the first calls slow (a server calls this at start)."""

    def _ask(
        self,
        prompt: Prompt,
        keys: tuple[str, ...],
        seed: int,
        guard: WordGuard,
        log: Attempts,
        first_name: str,
        avoid: tuple[str, ...] = (),
    ) -> dict[str, Any]:
        budget = BUDGET["all"] if len(keys) > 1 else BUDGET[keys[0]]
        schema = field_schema(keys, first_name, avoid)
        raw = self.complete(prompt, schema, seed, max_tokens=budget, guard=guard)
        log.calls += 1
        log.tokens += self.tokens_used()
        try:
            data = capitalize_fields(json.loads(raw))
        except ValueError:
            return {}
        return {k: data[k] for k in keys if k in data} if isinstance(data, dict) else {}

    def narrate(self, facts: NarrativeFacts, seed: int, name_variant: int = 0) -> Narrative:
        narrative, _ = self.narrate_logged(facts, seed)
        return rename_narrative(narrative, facts, seed, name_variant)

    def narrate_logged(self, facts: NarrativeFacts, seed: int) -> tuple[Narrative, Attempts]:
        """The narrative (name variant 0) and a record of the model calls behind it."""
        me = Identity(facts, seed)
        prompt = narrative_prompt(facts, me, self.shots)
        subject = me.subject(facts, (prompt.instructions(), *exemplar_texts()))
        guard = decoding_guard(subject)
        fields = me.fields()
        keys = [k for k in fields if k not in ("culture", "gender", "apparent_age")]
        sources = dict.fromkeys([*keys, *MODEL_FIELDS], "rules")
        log = Attempts()
        chosen: dict[str, Any] = {}
        # the exemplar's traits are never offered: a small model would copy them
        avoid = tuple(exemplar(facts)["answer"]["personality"]) if self.shots else ()
        data = self._ask(
            prompt, MODEL_FIELDS, derive_seed(seed, self.name, 0), guard, log, me.name.first, avoid
        )
        bad = check_narrative({**fields, **data}, facts, subject, only=MODEL_FIELDS)
        missing = [k for k in MODEL_FIELDS if k not in data]
        log.first_clean = not bad and not missing
        tag = self.source_tag(derive_seed(seed, self.name, 0))
        for key in MODEL_FIELDS:
            if key in data and key not in bad:
                chosen[key] = data[key]
                sources[key] = tag
        log.failures += [f"attempt 0: {k}: {v}" for k, v in bad.items()]
        for key in MODEL_FIELDS:
            if key in chosen:
                continue
            for attempt in range(1, 1 + self.retries):
                attempt_seed = derive_seed(seed, self.name, key, attempt)
                one = self._ask(prompt, (key,), attempt_seed, guard, log, me.name.first, avoid)
                if key not in one:
                    log.failures.append(f"attempt {attempt}: {key}: no answer")
                    continue
                problem = check_narrative(
                    {**fields, **chosen, key: one[key]}, facts, subject, only=[key]
                )
                if not problem:
                    chosen[key] = one[key]
                    sources[key] = self.source_tag(attempt_seed)
                    break
                log.failures.append(f"attempt {attempt}: {key}: {problem[key]}")
        rules = RulesBackend()
        for key in ("personality", *PROSE):
            if key not in chosen:
                chosen[key] = rules.field(key, facts, seed, me, subject, {**fields, **chosen})
        narrative = Narrative(**fields, **chosen, sources=sources, checks=log.failures)
        return narrative, log

    # --- the faces' model text (kept for callers of the old methods) ---------------------

    def agent_field(self, req: Any, seed: int) -> Any:
        """A model-written agent field for the agent face's request, or None (then the
        face uses its rules). New callers use `narrative.agent_text.agent_text`."""
        from .agent_text import AgentContext, model_text

        return model_text(self, req.field, AgentContext.of(req.context), seed)

    def npc_description(self, context: dict[str, Any], seed: int, is_blocked: Any) -> str | None:
        """A model-written NPC description, or None. New callers use
        `narrative.npc_text.npc_description`, which also passes the NPC's gender."""
        from .npc_text import model_description, narrative_gender

        found = model_description(
            self,
            name=context["name"],
            role_label=context["role_label"],
            traits=list(context["traits"]),
            tone=context["tone"],
            avoid=list(context.get("avoid", [])),
            gender=narrative_gender(context.get("gender")),
            seed=seed,
            is_blocked=is_blocked,
        )
        return found[0] if found else None
