"""Plain-text views of a character for terminals (the JSON view is Character.to_json)."""

from __future__ import annotations

import textwrap

from .character import Character
from .ruleset import Ruleset


def _dots(n: int, top: int = 5) -> str:
    return "●" * n + "○" * max(0, top - n)


def render_character(character: Character, rules: Ruleset, width: int = 88) -> str:
    c, s = character, character.sheet
    lines: list[str] = []
    title = f"{c.name_full}  ·  {c.character_class.value.title()}  ·  {c.concept_name}"
    lines += [title, "═" * min(width, max(len(title), 40))]
    facts = [
        c.type.value,
        f"age {c.age}",
        f"{c.gender}",
        f"level {c.experience.level} ({c.experience.spent}/{c.experience.budget} XP)",
    ]
    if c.vampire_attributes:
        v = c.vampire_attributes
        facts += [v.clan_name, f"generation {v.generation}", f"Blood Potency {v.blood_potency}"]
        if v.predator_type:
            facts.append(f"{v.predator_type} predator")
    if c.werewolf_attributes:
        w = c.werewolf_attributes
        facts += [f"{w.tribe_name} {w.auspice_name}", f"pack: {w.pack_name}"]
    if c.hunter_attributes:
        h = c.hunter_attributes
        facts += [f"{h.creed} creed", f"drive: {h.drive}", f"cell: {h.cell_name}"]
    lines += textwrap.wrap(" · ".join(facts), width)
    lines.append(f"Demeanor {c.demeanor} · Nature {c.nature} · {', '.join(c.personality)}")
    lines.append("")
    groups = rules.spec.attributes.groups
    lines.append("ATTRIBUTES")
    for group, names in groups.items():
        lines.append(
            f"  {group:<9}"
            + "".join(
                f"{n:<13}{_dots(s.attributes[n], rules.spec.attributes.max)}  " for n in names
            )
        )
    lines.append("SKILLS")
    spec_by_skill: dict[str, list[str]] = {}
    for sp in s.specialties:
        spec_by_skill.setdefault(sp.skill, []).append(sp.name)
    for group, names in rules.spec.skills.groups.items():
        trained = [
            f"{n} {_dots(s.skills[n], rules.spec.skills.max)}"
            + (f" ({', '.join(spec_by_skill[n])})" if n in spec_by_skill else "")
            for n in names
            if s.skills[n]
        ]
        lines += textwrap.wrap(
            f"{group}: " + "; ".join(trained), width, initial_indent="  ", subsequent_indent="    "
        )
    if s.disciplines:
        lines.append("DISCIPLINES")
        for name, dots in s.disciplines.items():
            lines.append(f"  {name:<18}{_dots(dots)}  {', '.join(s.powers.get(name, []))}")
    if s.renown:
        lines.append("RENOWN  " + "  ".join(f"{k} {_dots(v)}" for k, v in s.renown.items()))
    if s.gifts:
        lines += textwrap.wrap("GIFTS  " + ", ".join(g.name for g in s.gifts), width)
    if s.rites:
        lines += textwrap.wrap("RITES  " + ", ".join(s.rites), width)
    if s.edges:
        lines.append("EDGES")
        lines += [f"  {e.name}: {', '.join(e.perks) or '-'}" for e in s.edges]
    adv = ", ".join(f"{a.name} {a.dots}" + (f" ({a.note})" if a.note else "") for a in s.advantages)
    flaws = ", ".join(f"{f.name} {f.dots}" + (f" ({f.note})" if f.note else "") for f in s.flaws)
    lines += textwrap.wrap(f"ADVANTAGES  {adv or '-'}", width)
    lines += textwrap.wrap(f"FLAWS  {flaws or '-'}", width)
    d = s.derived
    derived = [f"Health {d.health}", f"Willpower {d.willpower}"]
    derived += [
        f"{label} {value}"
        for label, value in (
            ("Humanity", d.humanity),
            ("Rage", d.rage),
            ("Bane severity", d.bane_severity),
            ("Desperation", d.desperation),
            ("Danger", d.danger),
        )
        if value is not None
    ]
    lines.append("  ·  ".join(derived))
    if c.experience.ledger:
        lines += textwrap.wrap(
            "XP SPENT  "
            + ", ".join(f"{p.trait} {p.from_}→{p.to} ({p.cost})" for p in c.experience.ledger),
            width,
        )
    lines.append("")
    lines += textwrap.wrap(c.appearance, width)
    lines.append("")
    lines += textwrap.wrap(c.biography, width)
    lines.append(f'  "{c.quote}"')
    lines.append("")
    lines.append(
        f"seed {c.seed} · ruleset {c.ruleset.id} {c.ruleset.version} · "
        f"backend {c.backend} · id {c.id}"
    )
    return "\n".join(lines)
