"""Creation rules every class shares: attributes, skills, specialties, advantages, flaws.

The class plug-in adds its own steps between skills and the advantage budget.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING, Any

from ..classes import plugin_for
from ..errors import GenerationError
from ..ruleset import Ruleset
from ..ruleset.tables import EntryTables, SheetFacts
from .draft import Draft
from .request import Resolved

if TYPE_CHECKING:
    from ..ruleset.models import Concept


def build_creation(rules: Ruleset, choice: Resolved, rng: random.Random) -> Draft:
    """The sheet as creation leaves it, before any XP is spent."""
    cls = choice.character_class
    table = rules.compiled
    values = list(table.attribute_values)
    rng.shuffle(values)
    draft = Draft(
        attributes=dict(zip(table.attributes, values, strict=True)),
        skills=_skills(rules, choice, rng),
    )
    draft.creation = {
        "character_class": cls,
        "skill_focus": choice.skill_focus,
        "concept_id": choice.concept.id,
    }
    plugin = plugin_for(cls)
    plugin.create(rules, choice, draft, rng)
    class_rules = rules.class_rules(cls)
    if class_rules.humanity is not None:
        draft.derived["humanity"] = class_rules.humanity + plugin.humanity_change(
            rules, draft.creation_view
        )
    _free_specialties(rules, choice, draft, rng)
    view = draft.creation_view
    extra_adv, extra_flaws = plugin.budget_extras(rules, view)
    barred = plugin.bans(rules, view)[1]
    clan_id = draft.creation.get("clan_id")
    spend_dots(
        rules,
        draft,
        table.creation_merits(cls, barred, clan_id),
        class_rules.advantages + extra_adv,
        rng,
        flaws=False,
    )
    spend_dots(
        rules,
        draft,
        table.creation_flaws(cls, barred, clan_id),
        class_rules.flaws + extra_flaws,
        rng,
        flaws=True,
    )
    return draft


def _skills(rules: Ruleset, choice: Resolved, rng: random.Random) -> dict[str, int]:
    compiled = rules.compiled
    values = compiled.focus_values[choice.skill_focus]
    concept = choice.concept
    favoured = list(concept.favoured_skills)
    rng.shuffle(favoured)
    others = list(compiled.memo_of(("unfavoured", concept.id), _unfavoured, rules, concept))
    rng.shuffle(others)
    skills = dict.fromkeys(compiled.skills, 0)
    skills.update(zip(favoured + others, values, strict=False))
    return skills


def _unfavoured(rules: Ruleset, concept: Concept) -> tuple[str, ...]:
    """The skills a concept does not favour, in ruleset order."""
    favoured = set(concept.favoured_skills)
    return tuple(s for s in rules.compiled.skills if s not in favoured)


def pick_specialty_name(rules: Ruleset, draft: Draft, skill: str, rng: random.Random) -> str | None:
    names = rules.compiled.specialty_names.get(skill, ())
    owned = [s["name"] for s in draft.specialties if s["skill"] == skill]
    options = [n for n in names if n not in owned] if owned else names
    return options[rng.randrange(len(options))] if options else None


def _free_specialties(rules: Ruleset, choice: Resolved, draft: Draft, rng: random.Random) -> None:
    for skill in rules.spec.specialties.free_in_skills:
        if draft.skills[skill] >= 1:
            name = pick_specialty_name(rules, draft, skill, rng)
            if name is None:
                raise GenerationError(f"data/specialties.yaml has no unused name for {skill}")
            draft.specialties.append({"skill": skill, "name": name, "source": "skill"})
    for _ in range(rules.spec.specialties.free_any):
        # a favoured skill first, then any trained skill at random with a name left
        favoured = [s for s in choice.concept.favoured_skills if draft.skills[s] >= 1]
        if favoured:
            skill = rng.choice(favoured)
            name = pick_specialty_name(rules, draft, skill, rng)
            if name is not None:
                draft.specialties.append({"skill": skill, "name": name, "source": "free"})
                continue
        trained = [s for s, dots in draft.skills.items() if dots >= 1]  # in ruleset order
        while trained:
            skill = trained.pop(rng.randrange(len(trained)))
            name = pick_specialty_name(rules, draft, skill, rng)
            if name is not None:
                draft.specialties.append({"skill": skill, "name": name, "source": "free"})
                break


def _fits(
    entry: Any,
    taken: set[str],
    remaining: int,
    table: EntryTables,
    draft: Draft,
    facts: list[SheetFacts],
) -> bool:
    """Whether an entry can be added now (`facts` caches the draft's facts for one pick)."""
    name = entry.name
    if name in taken or entry.min > remaining:
        return False
    if name not in table.constrained:  # only these can clash, need something or cap a skill
        return True
    if not table.excludes.get(name, frozenset()).isdisjoint(taken):
        return False
    if not facts:
        facts.append(draft.facts())
    return not table.unmet(name, facts[0]) and table.caps_allow(name, draft.skills)


# Random draws before the advantage spender lists what fits instead.
_DRAWS = 12


def spend_dots(
    rules: Ruleset,
    draft: Draft,
    open_entries: list[Any],
    budget: int,
    rng: random.Random,
    *,
    flaws: bool,
) -> None:
    """Spend exactly `budget` dots on catalog entries open to this character at creation.

    An entry is open when nothing on the sheet excludes it, its requirements hold, the
    skills already sit within its caps, and one of its legal dot values fits the budget.
    """
    if budget <= 0:
        return
    items = draft.flaws if flaws else draft.advantages
    table = rules.compiled.entries
    constrained = table.constrained
    dot_values = table.dot_values
    remaining = budget
    taken = {a["name"] for a in draft.advantages}
    taken.update(f["name"] for f in draft.flaws)
    rand = rng.random
    size = len(open_entries)
    while remaining > 0:
        facts: list[SheetFacts] = []  # computed on first need, once per pick
        # Uniform over the entries that fit: draw from all and redraw on a miss (cheap while
        # most fit), then fall back to listing them.
        entry = None
        if size:
            for _ in range(_DRAWS):
                candidate = open_entries[int(rand() * size)]
                name = candidate.name
                if name in taken or candidate.min > remaining:
                    continue
                if name not in constrained or _fits(
                    candidate, taken, remaining, table, draft, facts
                ):
                    entry = candidate
                    break
        if entry is None:
            fitting = [e for e in open_entries if _fits(e, taken, remaining, table, draft, facts)]
            if not fitting:
                raise GenerationError(
                    f"no {'flaw' if flaws else 'advantage'} fits {remaining} dots"
                )
            entry = fitting[int(rand() * len(fitting))]
        name = entry.name
        values = dot_values[name]  # ascending
        if values[-1] > remaining:
            values = tuple(v for v in values if v <= remaining)
        dots = values[int(rand() * len(values))]
        if flaws:
            items.append({"name": name, "dots": dots, "source": "creation", "note": None})
        else:
            items.append(
                {"name": name, "kind": entry.kind, "dots": dots, "source": "creation", "note": None}
            )
        taken.add(name)
        remaining -= dots
