"""Model narrative, in one run: speed as free-decode tokens, model share, clean rate, defects.

    python benchmarks/llm_narrative.py [--per-class 4] [--model PATH ...] [--agent 5] [--npc 5]

For the rules backend, the default model and each --model, per character class: seconds
per character and the same as a count of free-decoding tokens (the model's unconstrained
decode speed is measured between the classes, in the same run), the share of each free-text
field the model wrote (the rest is the rules fallback), the first-attempt clean rate, and
the defects that reached the output by kind, found by `personae.audit` (which shares no
code with the generation checks). Then a 3-option chargen session (start and finalize,
through the product's operations) against one stored character,
agent fields and NPC descriptions. The last line is `character cost = N free-decode tokens`
(default model, mean over all classes).
"""

from __future__ import annotations

import argparse
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from personae.audit import Defect, audit_narrative
from personae.llm.chat import Prompt
from personae.llm.decoder import Sampling
from personae.narrative import NarrativeFacts, RulesBackend
from personae.narrative.agent_text import AgentContext, agent_text
from personae.narrative.guided import GuidedBackend
from personae.narrative.llama import LlamaBackend
from personae.narrative.npc_text import npc_description
from personae.prompts import render
from personae.ruleset import load_ruleset

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
TEXT_FIELDS = ["personality", "appearance", "biography", "quote"]
FREE_TOKENS = 350


def facts_for_class(cls: str, seed: int) -> NarrativeFacts:
    """The facts the pipeline gives the narrative for one seeded character."""
    from personae.pipeline import GenerationRequest

    try:
        from personae.pipeline import build, facts_for  # type: ignore[attr-defined]
    except ImportError:
        from personae.generate import build, facts_for
    rules = load_ruleset()
    return facts_for(rules, build(rules, GenerationRequest(character_class=cls, seed=seed)))


def identity_names() -> dict[str, list[str]]:
    rules = load_ruleset()
    out = dict(rules.identity_names)
    out["predator type"] = [p.name for p in rules.vampire.predator_types]
    return out


def audit(n: Any, facts: NarrativeFacts) -> list[Defect]:
    own = [facts.clan, facts.tribe, facts.creed, facts.predator_type, facts.domitor_clan]
    if facts.creed:
        own.append(f"{facts.creed} creed")
    terms = [facts.concept, facts.auspice or "", facts.auspice_moon or "", *facts.top_skills]
    terms += [facts.tribe_patron or "", facts.drive or ""]
    return audit_narrative(n.model_dump(), own=own, identity=identity_names(), terms=terms)


def free_speed(backend: LlamaBackend, seed: int) -> float:
    """Tokens per second of unconstrained decoding (no grammar, no guard) on this model."""
    prompt = Prompt(render("narrative_system.j2"), (), "Tell a long story about a night city.")
    prefix, rest = backend.chat_parts(prompt)
    r = backend.decoder.generate(
        prefix, rest, seed=seed, max_tokens=FREE_TOKENS, sampling=Sampling(), reuse_prefix=False
    )
    return r.tokens / r.seconds


class Row:
    def __init__(self) -> None:
        self.seconds = 0.0
        self.count = 0
        self.clean = 0
        self.model_fields: Counter[str] = Counter()
        self.defects: Counter[str] = Counter()
        self.tokens = 0
        self.speed: list[float] = []

    def cost(self) -> float:
        speed = sum(self.speed) / len(self.speed) if self.speed else 0.0
        return self.seconds / max(self.count, 1) * speed


def run_backend(
    backend: Any, per_class: int, speed: Callable[[int], float] | None
) -> dict[str, Row]:
    rows: dict[str, Row] = {}
    for cls in CLASSES:
        row = rows.setdefault(cls, Row())
        for i in range(per_class):
            seed = 1000 + 17 * i + CLASSES.index(cls)
            facts = facts_for_class(cls, seed)
            if speed:
                row.speed.append(speed(seed))
            t = time.perf_counter()
            if isinstance(backend, GuidedBackend):
                n, log = backend.narrate_logged(facts, seed)
                row.clean += log.first_clean
                row.tokens += log.tokens
            else:
                n = backend.narrate(facts, seed)
            row.seconds += time.perf_counter() - t
            row.count += 1
            for key in TEXT_FIELDS:
                row.model_fields[key] += n.sources.get(key, "rules") != "rules"
            for d in audit(n, facts):
                row.defects[d.kind] += 1
    return rows


def print_rows(label: str, rows: dict[str, Row], model: bool) -> None:
    print(f"\n### {label}\n")
    print(
        "| class | s/char | free-decode tokens/char | tokens decoded/char | first-attempt "
        "clean | model share (pers/app/bio/quote) | defects reaching the user |"
    )
    print("|---|---|---|---|---|---|---|")
    for cls, r in rows.items():
        share = "/".join(f"{100 * r.model_fields[k] / r.count:.0f}%" for k in TEXT_FIELDS)
        defects = ", ".join(f"{k} {v}" for k, v in sorted(r.defects.items())) or "none"
        cost = f"{r.cost():.0f}" if model else "-"
        clean = f"{r.clean}/{r.count}" if model else "-"
        tokens = f"{r.tokens / r.count:.0f}" if model else "-"
        print(
            f"| {cls} | {r.seconds / r.count:.2f} | {cost} | {tokens} | {clean} | "
            f"{share if model else '-'} | {defects} |"
        )


def session(backend: LlamaBackend, speed: float) -> tuple[float, float, float]:
    """A 3-option chargen session through the product's own operations (in-memory store):
    start + finalize, as narrate="chosen" (the default: the model writes the kept option)
    and narrate="all", against one stored model character. In free-decode tokens."""
    from personae.core import Personae
    from personae.faces.valentina.operations import finalize_session, start_session
    from personae.pipeline import GenerationRequest, Owner

    engine = Personae(":memory:", backend=backend)
    owner = Owner(campaign_id="bench")
    request = GenerationRequest(character_class="VAMPIRE", seed=500)
    t = time.perf_counter()
    engine.generate(request, owner=owner)
    one = time.perf_counter() - t
    costs = []
    for narrate in ("chosen", "all"):
        t = time.perf_counter()
        started = start_session(
            engine, request.model_copy(update={"seed": 600}), owner=owner, narrate=narrate
        )
        finalize_session(engine, started.id, started.characters[1].id)
        costs.append(time.perf_counter() - t)
    return one * speed, costs[0] * speed, costs[1] * speed


def run_faces(backend: GuidedBackend | None, count: int) -> dict[str, list[Any]]:
    """Agent fields and NPC descriptions: (seconds, model wrote it, defects) per item."""
    from personae.audit import audit_agent_field, audit_npc_description

    out: dict[str, list[Any]] = {"agent": [], "npc": []}
    fields = ["bio", "system", "style", "postExamples", "chatExamples"]
    contexts = [
        AgentContext(name="Eliza", system="A witty assistant", topics=["art", "jazz"]),
        AgentContext(name="Vesper", topics=["history", "cooking"], adjectives=["patient"]),
    ]
    for i in range(count):
        ctx = contexts[i % len(contexts)]
        field = fields[i % len(fields)]
        t = time.perf_counter()
        value, source = agent_text(backend, field, ctx, seed=i)
        dt = time.perf_counter() - t
        allowed = [ctx.name or "", *(ctx.topics or []), *(ctx.adjectives or []), ctx.system or ""]
        defects = audit_agent_field(field, value, allowed)
        out["agent"].append((dt, source != "rules", defects))
    roles = ["guard", "shopkeeper", "healer", "mentor", "criminal"]
    genders = ["Female", "Male", "Non-binary"]
    for i in range(count):
        gender = genders[i % 3]
        name = ["Marta Kovac", "Idris Haddad", "Quinn Adair"][i % 3]
        t = time.perf_counter()
        text, source = npc_description(
            backend,
            name=name,
            role_label=roles[i % len(roles)],
            traits=["patient", "guarded", "loyal"],
            tone="formal",
            avoid=[],
            gender=gender,
            seed=i,
            is_blocked=lambda _t: False,
        )
        dt = time.perf_counter() - t
        allowed = [roles[i % len(roles)], "patient", "guarded", "loyal", "formal"]
        defects = audit_npc_description(text, gender, name, allowed)
        out["npc"].append((dt, source != "rules", defects))
    return out


def print_faces(label: str, faces: dict[str, list[Any]], speed: float) -> None:
    for kind, items in faces.items():
        if not items:
            continue
        secs = sum(x[0] for x in items) / len(items)
        share = sum(x[1] for x in items) / len(items)
        kinds = Counter(d.kind for x in items for d in x[2])
        defects = ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"
        cost = f"{secs * speed:.0f}" if speed else "-"
        print(f"| {label} | {kind} | {secs:.2f} | {cost} | {100 * share:.0f}% | {defects} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--per-class", type=int, default=4)
    parser.add_argument("--model", action="append", default=[])
    parser.add_argument("--faces", type=int, default=5, help="agent fields and NPC texts")
    args = parser.parse_args()

    rules_rows = run_backend(RulesBackend(), args.per_class, None)
    print_rows("rules backend", rules_rows, model=False)
    default_cost = 0.0
    for model in [None, *args.model]:
        backend = LlamaBackend(model=model)
        label = f"llama {backend.path.name} ({backend.model_hash[:12]})"
        t = time.perf_counter()
        free_speed(backend, 0)  # warm up: load the model, build the token table
        backend.narrate(facts_for_class("MORTAL", 1), 1)
        backend.warm()  # evaluate every class's shared prompt prefix once, as a server does
        print(f"\nwarm-up (model, tables, shared prompt prefixes): {time.perf_counter() - t:.1f} s")
        rows = run_backend(backend, args.per_class, lambda s, b=backend: free_speed(b, s))
        print_rows(label, rows, model=True)
        speeds = [x for r in rows.values() for x in r.speed]
        speed = sum(speeds) / len(speeds)
        total = sum(r.seconds for r in rows.values()) / sum(r.count for r in rows.values())
        print(f"\nfree decoding: {speed:.1f} tokens/s; mean {total:.2f} s per character")
        one, chosen, every = session(backend, speed)
        print(
            f"3-option chargen session (start + finalize): {chosen:.0f} free-decode tokens "
            f"with narrate=chosen (ratio {chosen / max(one, 1e-9):.2f} to one character of "
            f"{one:.0f}), {every:.0f} with narrate=all (ratio {every / max(one, 1e-9):.2f})"
        )
        print("\n| backend | face | s/item | free-decode tokens/item | model share | defects |")
        print("|---|---|---|---|---|---|")
        print_faces("rules", run_faces(None, args.faces), 0.0)
        print_faces(label, run_faces(backend, args.faces), speed)
        if model is None:
            default_cost = total * speed
    print(f"character cost = {default_cost:.0f} free-decode tokens")


if __name__ == "__main__":
    main()
