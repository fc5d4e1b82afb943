"""Local-LLM narrative benchmark on the default model (or --model), in one run.

    python benchmarks/llm_narrative.py [--seeds 50] [--model PATH]

Prints decode speed unconstrained vs constrained on the same prompt (plus llama-cpp-python's
own JSON-schema grammar for reference), seconds per character, a 3-option chargen session
with and without prefix reuse, and schema-valid / check-failure rates over --seeds seeds.
The last line is `ratio constrained/unconstrained tok/s = X.XX`.
"""

from __future__ import annotations

import argparse
import json
import time

from personae.generate import build, facts_for
from personae.llm.decoder import Sampling
from personae.narrative.fields import narrative_model, narrative_schema
from personae.narrative.guided import task_context
from personae.narrative.llama import LlamaBackend
from personae.prompts import render
from personae.request import GenerationRequest
from personae.ruleset import load_ruleset

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]


def prompt_for(cls: str, seed: int) -> tuple[str, str, dict, type, object]:
    rules = load_ruleset()
    built = build(rules, GenerationRequest(character_class=cls, seed=seed))
    facts = facts_for(rules, built)
    schema = narrative_schema(cls, facts.thin_blood)
    extras = [k for k in ("sire", "pack_name", "cell_name") if k in schema["properties"]]
    return (render("narrative_system.j2"), render("narrative_task.j2", **task_context(
        facts, extras)), schema, narrative_model(cls, facts.thin_blood), facts)


def decode_speed(backend: LlamaBackend, runs: int) -> dict[str, float]:
    """Tokens/s after the prompt, summed over `runs` seeds of one prompt, three ways."""
    import llama_cpp

    system, task, schema, _, _ = prompt_for("VAMPIRE", 1)
    prefix, rest = backend.chat_parts(system, task)
    decoder = backend.decoder
    totals = {"free": [0, 0.0], "ours": [0, 0.0], "llama_grammar": [0, 0.0]}
    grammar = llama_cpp.LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
    for seed in range(runs):
        for mode in ("free", "ours"):
            r = decoder.generate(prefix, rest, seed=seed, max_tokens=400, sampling=Sampling(),
                                 schema=schema if mode == "ours" else None)
            totals[mode][0] += r.tokens
            totals[mode][1] += r.seconds
        t = time.perf_counter()
        out = decoder.llm.create_completion(prefix + rest, max_tokens=400, grammar=grammar,
                                            seed=seed, temperature=0.7)
        totals["llama_grammar"][0] += out["usage"]["completion_tokens"]
        totals["llama_grammar"][1] += time.perf_counter() - t
    return {k: n / s for k, (n, s) in totals.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=50)
    parser.add_argument("--speed-runs", type=int, default=5)
    parser.add_argument("--model", default=None)
    args = parser.parse_args()

    backend = LlamaBackend(model=args.model)
    cold = LlamaBackend(model=args.model, reuse_prefix=False)
    print(f"model {backend.path.name} sha256 {backend.model_hash[:12]}")
    speed = decode_speed(backend, args.speed_runs)

    # seconds per character, schema-valid and check-failure rates
    valid = attempts = first_fail = fields = fallback = 0
    t = time.perf_counter()
    for seed in range(args.seeds):
        cls = CLASSES[seed % len(CLASSES)]
        system, task, schema, model, facts = prompt_for(cls, seed)
        raw = backend.complete(system, task, schema, seed)
        attempts += 1
        try:
            model.model_validate_json(raw)
            valid += 1
        except ValueError:
            pass
        narrative = backend.narrate(facts, seed, set())
        first_fail += any(c.startswith("attempt 0:") for c in narrative.checks)
        fields += len(narrative.sources)
        fallback += sum(1 for v in narrative.sources.values() if v == "rules")
    per_character = (time.perf_counter() - t) / args.seeds

    # a 3-option chargen session, with and without prefix reuse
    rules = load_ruleset()
    facts = [facts_for(rules, build(rules, GenerationRequest(character_class="VAMPIRE",
                                                            seed=100 + i))) for i in range(3)]
    timings = {}
    for label, engine in (("reuse", backend), ("no reuse", cold)):
        t = time.perf_counter()
        engine.narrate_many(facts, [100, 101, 102], set())
        timings[label] = time.perf_counter() - t

    print()
    print("| measure | value |")
    print("|---|---|")
    print(f"| unconstrained decode, own sampler | {speed['free']:.1f} tok/s |")
    print(f"| constrained decode, ours (llguidance, sample first) | {speed['ours']:.1f} tok/s |")
    print(f"| constrained decode, llama-cpp-python JSON grammar | "
          f"{speed['llama_grammar']:.1f} tok/s |")
    print(f"| llama-cpp grammar / unconstrained | {speed['llama_grammar'] / speed['free']:.2f} |")
    print(f"| seconds per character (with checks and retries) | {per_character:.2f} s |")
    print(f"| 3-option chargen session, prefix reuse | {timings['reuse']:.2f} s |")
    print(f"| 3-option chargen session, no prefix reuse | {timings['no reuse']:.2f} s |")
    print(f"| schema-valid outputs | {valid}/{attempts} ({100 * valid / attempts:.0f}%) |")
    print(f"| first attempts failing a check | {first_fail}/{args.seeds} "
          f"({100 * first_fail / args.seeds:.0f}%) |")
    print(f"| fields falling back to rules | {fallback}/{fields} "
          f"({100 * fallback / max(fields, 1):.0f}%) |")
    print(f"ratio constrained/unconstrained tok/s = {speed['ours'] / speed['free']:.2f}")


if __name__ == "__main__":
    main()
