"""Shared logic of the model backends: prompt, schema, checks, retries, per-field fallback."""

from __future__ import annotations

from abc import abstractmethod
from typing import Any

from pydantic import ValidationError

from ..prompts import render
from ..ruleset import load_ruleset
from ..seeding import derive_seed, stage_rng
from .base import Narrative, NarrativeBackend, NarrativeFacts
from .checks import check_narrative
from .fields import narrative_model, narrative_schema
from .rules import RulesBackend, pick_name

_EXTRA_LABELS = {
    "sire": "sire (the full name of the vampire who made them)",
    "pack_name": "pack_name (their werewolf pack)",
    "cell_name": "cell_name (their hunter cell)",
}
FIELDS = [
    "name_first",
    "name_last",
    "nickname",
    "gender",
    "age",
    "demeanor",
    "nature",
    "appearance",
    "personality",
    "biography",
    "quote",
    "sire",
    "pack_name",
    "cell_name",
]


def task_context(facts: NarrativeFacts, extras: list[str]) -> dict[str, Any]:
    kind = facts.character_class.lower()
    if facts.character_class == "VAMPIRE":
        kind = "thin-blooded vampire" if facts.thin_blood else "vampire"
    return {
        "kind": kind,
        "concept": facts.concept,
        "concept_blurb": facts.concept_blurb.lower(),
        "clan": facts.clan if not facts.thin_blood else None,
        "bane": facts.clan_bane,
        "thin_blood": facts.thin_blood,
        "predator": facts.predator_type,
        "tribe": facts.tribe,
        "patron": facts.tribe_patron,
        "auspice": facts.auspice,
        "moon": facts.auspice_moon,
        "creed": facts.creed,
        "drive": facts.drive,
        "domitor_clan": facts.domitor_clan,
        "top_skills": facts.top_skills,
        "merits": facts.merits[:3],
        "flaws": facts.flaws[:2],
        "level": facts.level,
        "extras": [_EXTRA_LABELS[e] for e in extras],
    }


def rival_names() -> dict[str, list[str]]:
    rules = load_ruleset()
    out: dict[str, list[str]] = {}
    if rules.spec.vampire:
        out["clan"] = [c.name for c in rules.vampire.clans if c.name not in ("The Ministry",)]
    if rules.spec.werewolf:
        out["tribe"] = [t.name for t in rules.werewolf.tribes]
    if rules.spec.hunter:
        out["creed"] = [f"{c.name} creed" for c in rules.hunter.creeds]
    return out


class GuidedBackend(NarrativeBackend):
    """A backend that asks a model for JSON matching the narrative schema."""

    retries = 2

    @abstractmethod
    def complete(self, system: str, task: str, schema: dict[str, Any], seed: int) -> str:
        """The model's JSON text for one attempt."""

    @abstractmethod
    def source_tag(self, seed: int) -> str:
        """How a field produced by this backend with this seed is recorded."""

    def narrate(self, facts: NarrativeFacts, seed: int, taken_names: set[str]) -> Narrative:
        fallback = RulesBackend().narrate(facts, seed, taken_names)
        model = narrative_model(facts.character_class, facts.thin_blood)
        schema = narrative_schema(facts.character_class, facts.thin_blood)
        extras = [k for k in ("sire", "pack_name", "cell_name") if k in schema["properties"]]
        system = render("narrative_system.j2")
        task = render("narrative_task.j2", **task_context(facts, extras))
        rivals = rival_names()
        chosen: dict[str, tuple[Any, str]] = {}
        wanted = [k for k in schema["properties"]]
        failures: list[str] = []
        for attempt in range(1 + self.retries):
            attempt_seed = derive_seed(seed, self.name, attempt)
            raw = self.complete(system, task, schema, attempt_seed)
            try:
                data = model.model_validate_json(raw).model_dump()
            except ValidationError as exc:
                failures.append(f"attempt {attempt}: schema: {exc.errors()[0]['msg']}")
                continue
            bad = check_narrative(data, facts, system + "\n" + task, rivals, taken_names)
            failures += [f"attempt {attempt}: {k}: {v}" for k, v in bad.items()]
            tag = self.source_tag(attempt_seed)
            for key in wanted:
                if key not in chosen and key not in bad:
                    chosen[key] = (data[key], tag)
            if all(k in chosen for k in wanted):
                break
        return self._merge(facts, seed, chosen, fallback, taken_names, failures)

    def _merge(
        self,
        facts: NarrativeFacts,
        seed: int,
        chosen: dict[str, tuple[Any, str]],
        fallback: Narrative,
        taken: set[str],
        failures: list[str],
    ) -> Narrative:
        sources: dict[str, str] = {}

        def take(key: str, default: Any, target: str | None = None) -> Any:
            if key in chosen:
                sources[target or key] = chosen[key][1]
                return chosen[key][0]
            sources[target or key] = "rules"
            return default

        first = take("name_first", fallback.name_first)
        last = take("name_last", fallback.name_last)
        if f"{first} {last}" in taken:
            first, last = pick_name(stage_rng(seed, "narrative", "rename"), taken)
            sources["name_first"] = sources["name_last"] = "rules"
        keep_nick = stage_rng(seed, "narrative", "nickname").random() < 0.3
        nick = take("nickname", fallback.name_nick, "name_nick") if keep_nick else None
        if not keep_nick:
            sources["name_nick"] = "rules"
        gender = take("gender", fallback.gender)
        apparent = take("age", fallback.apparent_age or fallback.age)
        age = apparent
        if fallback.apparent_age is not None:
            age = apparent + (fallback.age - fallback.apparent_age)
        sire = take("sire", fallback.sire) if fallback.sire is not None else None
        pack = take("pack_name", fallback.pack_name) if fallback.pack_name else None
        cell = take("cell_name", fallback.cell_name) if fallback.cell_name else None
        biography = take("biography", fallback.biography)
        if sources["biography"] == "rules":  # rewrite it with the final name, gender and sire
            biography = RulesBackend.biography(
                facts, stage_rng(seed, "narrative", "biography"), first, gender, sire, pack, cell
            )
        return Narrative(
            name_first=first,
            name_last=last,
            name_nick=nick,
            gender=gender,
            age=age,
            apparent_age=apparent if fallback.apparent_age is not None else None,
            demeanor=take("demeanor", fallback.demeanor),
            nature=take("nature", fallback.nature),
            appearance=take("appearance", fallback.appearance),
            personality=take("personality", fallback.personality),
            biography=biography,
            quote=take("quote", fallback.quote),
            sire=sire,
            pack_name=pack,
            cell_name=cell,
            sources=sources,
            checks=failures,
        )
