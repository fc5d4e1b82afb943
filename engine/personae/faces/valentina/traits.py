"""The full trait sheet of a character, in Valentina's sections > categories > subcategories.

Built from the character's stored sheet and its ruleset (the ruleset gives the groups,
maxima, costs and the traits a character could still take). Ids are stable: trait
definitions, sections and categories hash the ruleset id and the trait key; a character's
traits and specialties hash the character id and the key.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from ...character import Character
from ...classes import plugin_for, registered
from ...enums import CharacterClass
from ...errors import NotFoundError, RulesetError
from ...resources import data_dir
from ...ruleset import Ruleset
from .ids import stable_id
from .specialties import SpecialtyTable
from .wire import (
    CharacterTrait,
    CounterTracker,
    DamageTracker,
    GiftAttributes,
    SheetCategory,
    SheetSection,
    SheetSubcategory,
    StainsTracker,
    Tracker,
    Trait,
    TraitPower,
    TraitSpecialty,
)

LAYOUT_FILE = Path("valentina") / "sheet.yaml"


@cache
def load_layout(path: str | None = None) -> dict[str, Any]:
    """Section names and order plus tracker sizes, from data/valentina/sheet.yaml."""
    file = Path(path) if path else data_dir() / LAYOUT_FILE
    try:
        raw = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise RulesetError(str(file), "", f"cannot read the sheet layout: {exc}") from exc
    for key in ("sections", "subcategories", "trackers"):
        if not isinstance(raw, dict) or not isinstance(raw.get(key), dict):
            raise RulesetError(str(file), key, "expected a mapping")
    return raw


# --------------------------------------------------------------------------------------------
# The index: every trait of one character, and the sheet tree they hang in
# --------------------------------------------------------------------------------------------


@dataclass
class _Sub:
    model: SheetSubcategory


@dataclass
class _Cat:
    model: SheetCategory
    subs: list[_Sub] = field(default_factory=list)


@dataclass
class TraitIndex:
    """A character's traits (in sheet order) and the full sheet tree built around them."""

    character_id: str
    sections: list[SheetSection]
    traits: list[CharacterTrait]
    with_available: bool = False

    def get(self, character_trait_id: str) -> CharacterTrait:
        for trait in self.traits:
            if trait.id == character_trait_id:
                return trait
        raise NotFoundError(
            f"character {self.character_id!r} has no trait with id {character_trait_id!r}"
        )

    def filtered(
        self, *, category_id: str | None = None, is_rollable: bool | None = None
    ) -> list[CharacterTrait]:
        return [
            t
            for t in self.traits
            if (category_id is None or t.trait.category_id == category_id)
            and (is_rollable is None or t.trait.is_rollable == is_rollable)
        ]

    def ids(self) -> list[str]:
        return [t.id for t in self.traits]


def full_sheet(index: TraitIndex, *, include_available_traits: bool = False) -> list[SheetSection]:
    """The sections of the full sheet; available traits only when asked for (the index
    must then be built `with_available`)."""
    if include_available_traits:
        if not index.with_available:
            raise ValueError("build the trait index with_available=True to list them")
        return index.sections
    return [_strip(section) for section in index.sections]


def full_sheet_category(
    index: TraitIndex, category_id: str, *, include_available_traits: bool = False
) -> SheetCategory:
    for section in full_sheet(index, include_available_traits=include_available_traits):
        for category in section.categories:
            if category.id == category_id:
                return category
    raise NotFoundError(
        f"character {index.character_id!r} has no sheet category with id {category_id!r}"
    )


def _strip(section: SheetSection) -> SheetSection:
    return section.model_copy(
        update={
            "categories": [
                c.model_copy(
                    update={
                        "available_traits": [],
                        "subcategories": [
                            s.model_copy(update={"available_traits": []}) for s in c.subcategories
                        ],
                    }
                )
                for c in section.categories
            ]
        }
    )


# --------------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------------


class _Builder:
    def __init__(
        self,
        character: Character,
        ruleset: Ruleset,
        table: SpecialtyTable,
        layout: dict[str, Any],
        with_available: bool,
    ) -> None:
        self.with_available = with_available
        self.every_class = tuple(c.value for c in ruleset.supported_classes)
        self.c = character
        self.sheet = character.sheet
        self.cls = character.character_class
        self.ruleset = ruleset
        self.spec = ruleset.spec
        self.table = table
        self.layout = layout
        self.costs = ruleset.costs_for(self.cls)
        self.sections: list[SheetSection] = []
        self.occurrences: Counter[str] = Counter()

    # ids and shared fields -----------------------------------------------------------------
    def _rid(self, *parts: str) -> str:
        return stable_id(self.ruleset.id, *parts)

    def _cid(self, *parts: str) -> str:
        return stable_id(self.c.id, *parts)

    def _cost(self, category: str) -> tuple[int, int]:
        cost = self.costs.get(category)  # type: ignore[call-overload]
        amount = cost.amount if cost is not None else 1
        return amount, amount

    def _classes(self, *classes: CharacterClass) -> list[str]:
        if not classes:
            return list(self.every_class)
        return [c.value for c in classes]

    # tree --------------------------------------------------------------------------------
    def section(self, key: str, categories: list[_Cat]) -> None:
        info = self.layout["sections"][key]
        models = []
        for order, cat in enumerate(categories, start=1):
            models.append(
                cat.model.model_copy(
                    update={"order": order, "subcategories": [s.model for s in cat.subs]}
                )
            )
        self.sections.append(
            SheetSection(
                id=self._rid("section", key),
                name=info["name"],
                description=info.get("description"),
                order=int(info["order"]),
                show_when_empty=key in ("attributes", "skills"),
                categories=models,
            )
        )

    def category(self, section: str, name: str, cost: str, description: str | None = None) -> _Cat:
        initial, upgrade = self._cost(cost)
        return _Cat(
            SheetCategory(
                id=self._rid("category", section, name),
                name=name,
                description=description,
                initial_cost=initial,
                upgrade_cost=upgrade,
                show_when_empty=section in ("attributes", "skills"),
                order=0,
                subcategories=[],
                character_traits=[],
            )
        )

    def subcategory(
        self,
        cat: _Cat,
        name: str,
        cost: str,
        *,
        requires_parent: bool = False,
        edge_kind: str | None = None,
        description: str | None = None,
    ) -> _Sub:
        initial, upgrade = self._cost(cost)
        sub = _Sub(
            SheetSubcategory(
                id=self._rid("subcategory", cat.model.id, name),
                name=name,
                description=description,
                initial_cost=initial,
                upgrade_cost=upgrade,
                show_when_empty=False,
                requires_parent=requires_parent,
                hunter_edge_type=edge_kind.upper() if edge_kind else None,  # type: ignore[arg-type]
                character_traits=[],
            )
        )
        cat.subs.append(sub)
        return sub

    def definition(
        self,
        key: str,
        name: str,
        *,
        section: str,
        cat: _Cat,
        sub: _Sub | None = None,
        cost: str,
        max_value: int,
        min_value: int = 0,
        rollable: bool = False,
        show_when_zero: bool = False,
        classes: Iterable[CharacterClass] = (),
        description: str | None = None,
        tracker: str | None = None,
        powers: list[TraitPower] | None = None,
        gift: GiftAttributes | None = None,
    ) -> Trait:
        initial, upgrade = self._cost(cost)
        return Trait(
            id=self._rid("trait", key),
            name=name,
            description=description,
            date_created=self.c.date_created,
            date_modified=self.c.date_modified,
            show_when_zero=show_when_zero,
            max_value=max_value,
            min_value=min_value,
            initial_cost=initial,
            upgrade_cost=upgrade,
            is_rollable=rollable,
            sheet_section_name=self.layout["sections"][section]["name"],
            sheet_section_id=self._rid("section", section),
            category_name=cat.model.name,
            category_id=cat.model.id,
            subcategory_id=sub.model.id if sub else None,
            subcategory_name=sub.model.name if sub else None,
            gift_attributes=gift,
            powers=powers or [],
            character_classes=self._classes(*classes),
            tracker_type_v5=tracker,  # type: ignore[arg-type]
        )

    def add(
        self,
        cat: _Cat,
        trait: Trait,
        value: int,
        *,
        sub: _Sub | None = None,
        specialties: list[TraitSpecialty] | None = None,
        tracker: Tracker | None = None,
        instance: str | None = None,
    ) -> None:
        key = instance or trait.id
        self.occurrences[key] += 1
        nth = self.occurrences[key]
        parts = ("trait", key) if nth == 1 else ("trait", key, str(nth))
        ct = CharacterTrait(
            id=self._cid(*parts),
            character_id=self.c.id,
            value=value,
            trait=trait,
            specialties=specialties or [],
            tracker=tracker,
        )
        target = sub.model if sub else cat.model
        target.character_traits.append(ct)

    # sections ----------------------------------------------------------------------------
    def attributes(self) -> None:
        rules = self.spec.attributes
        cats = []
        for group, names in rules.groups.items():
            cat = self.category("attributes", group, "attribute")
            for name in names:
                t = self.definition(
                    f"attribute:{name}",
                    name,
                    section="attributes",
                    cat=cat,
                    cost="attribute",
                    max_value=rules.max,
                    min_value=rules.min,
                    rollable=True,
                    show_when_zero=True,
                )
                self.add(cat, t, self.sheet.attributes.get(name, rules.min))
            cats.append(cat)
        self.section("attributes", cats)

    def skills(self) -> None:
        rules = self.spec.skills
        by_skill: dict[str, list[TraitSpecialty]] = {}
        for s in self.sheet.specialties:
            by_skill.setdefault(s.skill, []).append(
                TraitSpecialty(
                    id=self._cid("specialty", s.skill, s.name),
                    name=s.name,
                    date_created=self.c.date_created,
                    date_modified=self.c.date_modified,
                )
            )
        cats = []
        for group, names in rules.groups.items():
            cat = self.category("skills", group, "skill")
            for name in names:
                t = self.definition(
                    f"skill:{name}",
                    name,
                    section="skills",
                    cat=cat,
                    cost="skill",
                    max_value=rules.max,
                    rollable=True,
                    show_when_zero=True,
                )
                self.add(cat, t, self.sheet.skills.get(name, 0), specialties=by_skill.get(name))
            cats.append(cat)
        self.section("skills", cats)

    def disciplines(self) -> None:
        vampire = self.spec.vampire
        if vampire is None:
            return
        cat = self.category("disciplines", "Disciplines", "discipline_other")
        known = {d.name: d for d in vampire.disciplines}
        levels = {(d.name, p.name): p.level for d in vampire.disciplines for p in d.powers}

        def trait(name: str, learned: list[str]) -> Trait:
            powers = []
            for power in learned:
                entry = self.table.power(name, power)
                powers.append(
                    TraitPower(
                        id=self._rid("power", name, power),
                        level=levels.get((name, power), 1),
                        name=power,
                        description=entry.description if entry else None,
                    )
                )
            powers.sort(key=lambda p: (p.level, p.name or ""))
            return self.definition(
                f"discipline:{name}",
                name,
                section="disciplines",
                cat=cat,
                cost="discipline_other",
                max_value=vampire.discipline_max,
                rollable=True,
                classes=self._discipline_classes(),
                powers=powers,
            )

        for name, dots in self.sheet.disciplines.items():
            if dots > 0:
                self.add(cat, trait(name, self.sheet.powers.get(name, [])), dots)
        cats = [cat]
        rituals = self._rituals()
        if rituals is not None:
            cats.append(rituals)
        have = set(self.sheet.disciplines)
        thin = self.ruleset.thin_blood_disciplines
        if self.with_available:
            cat.model.available_traits = [
                trait(name, [])
                for name in known
                if name not in have and (name not in thin or self._is_thin_blood())
            ]
        self.section("disciplines", cats)

    def _rituals(self) -> _Cat | None:
        """Rituals, ceremonies and formulae the sheet records (sheets that carry them)."""
        known = list(getattr(self.sheet, "rituals", []) or [])
        if not known:
            return None
        cat = self.category("disciplines", "Rituals", "discipline_other")
        subs: dict[str, _Sub] = {}
        for item in known:
            sub = subs.get(item.discipline)
            if sub is None:
                sub = self.subcategory(
                    cat, item.discipline, "discipline_other", requires_parent=True
                )
                subs[item.discipline] = sub
            entry = self.table.ritual(item.discipline, item.name) or self.table.power(
                item.discipline, item.name
            )
            t = self.definition(
                f"ritual:{item.discipline}:{item.name}",
                item.name,
                section="disciplines",
                cat=cat,
                sub=sub,
                cost="discipline_other",
                max_value=1,
                classes=self._discipline_classes(),
                description=entry.description if entry else None,
                powers=[
                    TraitPower(
                        id=self._rid("ritual", item.discipline, item.name),
                        level=item.level,
                        name=item.name,
                        description=entry.description if entry else None,
                    )
                ],
            )
            self.add(cat, t, 1, sub=sub)
        return cat

    @staticmethod
    def _discipline_classes() -> tuple[CharacterClass, ...]:
        return tuple(p.character_class for p in registered() if p.has_disciplines)

    def _is_thin_blood(self) -> bool:
        clan_id = self.sheet.creation.clan_id
        if not clan_id:
            return False
        return bool(self.ruleset.clan_by_id(clan_id).thin_blood)

    def gifts(self) -> None:
        ww = self.spec.werewolf
        if ww is None:
            return
        classes = (self.cls,)
        tribes = {t.id: t.name for t in ww.tribes}
        auspices = {a.id: a.name for a in ww.auspices}
        gift_defs = {g.name: g for g in ww.gifts}

        renown = self.category("gifts", "Renown", "renown")
        for name in ww.renown_types:
            t = self.definition(
                f"renown:{name}",
                name,
                section="gifts",
                cat=renown,
                cost="renown",
                max_value=ww.renown_max,
                rollable=True,
                show_when_zero=True,
                classes=classes,
            )
            self.add(renown, t, self.sheet.renown.get(name, 0))

        gifts = self.category("gifts", "Gifts", "gift")
        subs = {
            source: self.subcategory(gifts, label, "gift")
            for source, label in self.layout["subcategories"].items()
        }

        def gift_trait(name: str, source: str, renown_name: str, sub: _Sub) -> Trait:
            found = gift_defs.get(name)
            entry = self.table.gifts.get(name)
            attrs = GiftAttributes(
                renown=renown_name.upper(),  # type: ignore[arg-type]
                minimum_renown=found.min_renown if found else None,
                is_native_gift=source == "native",
                tribe_id=found.tribe if found else None,
                tribe_name=tribes.get(found.tribe or "") if found else None,
                auspice_id=found.auspice if found else None,
                auspice_name=auspices.get(found.auspice or "") if found else None,
            )
            return self.definition(
                f"gift:{name}",
                name,
                section="gifts",
                cat=gifts,
                sub=sub,
                cost="gift",
                max_value=1,
                classes=classes,
                description=entry.description if entry else None,
                gift=attrs,
            )

        have = set()
        for g in self.sheet.gifts:
            sub = subs[g.source]
            self.add(gifts, gift_trait(g.name, g.source, g.renown, sub), 1, sub=sub)
            have.add(g.name)
        for gift in ww.gifts if self.with_available else []:
            if gift.name not in have:
                sub = subs[gift.source]
                sub.model.available_traits.append(
                    gift_trait(gift.name, gift.source, gift.renown, sub)
                )

        rites = self.category("gifts", "Rites", "rite")

        def rite_trait(name: str) -> Trait:
            entry = self.table.rites.get(name)
            return self.definition(
                f"rite:{name}",
                name,
                section="gifts",
                cat=rites,
                cost="rite",
                max_value=1,
                classes=classes,
                description=entry.description if entry else None,
            )

        for name in self.sheet.rites:
            self.add(rites, rite_trait(name), 1)
        if self.with_available:
            rites.model.available_traits = [
                rite_trait(n) for n in ww.rites if n not in set(self.sheet.rites)
            ]
        self.section("gifts", [renown, gifts, rites])

    def edges(self) -> None:
        hunter = self.spec.hunter
        if hunter is None:
            return
        classes = (self.cls,)
        defs = {e.name: e for e in hunter.edges}
        cat = self.category("edges", "Edges", "edge")

        def edge_trait(name: str) -> Trait:
            kind = defs[name].type if name in defs else ""
            entry = self.table.edge(name, kind)
            return self.definition(
                f"edge:{name}",
                name,
                section="edges",
                cat=cat,
                cost="edge",
                max_value=1,
                classes=classes,
                description=entry.description if entry else None,
            )

        def perk_trait(edge: str, name: str, sub: _Sub) -> Trait:
            entry = self.table.perk(edge, name)
            return self.definition(
                f"perk:{edge}:{name}",
                name,
                section="edges",
                cat=cat,
                sub=sub,
                cost="perk",
                max_value=1,
                classes=classes,
                description=entry.description if entry else None,
            )

        have = set()
        for item in self.sheet.edges:
            have.add(item.name)
            self.add(cat, edge_trait(item.name), 1)
            kind = defs[item.name].type if item.name in defs else None
            sub = self.subcategory(cat, item.name, "perk", requires_parent=True, edge_kind=kind)
            for perk in item.perks:
                self.add(cat, perk_trait(item.name, perk, sub), 1, sub=sub)
            if item.name in defs and self.with_available:
                sub.model.available_traits = [
                    perk_trait(item.name, p, sub)
                    for p in defs[item.name].perks
                    if p not in item.perks
                ]
        if self.with_available:
            cat.model.available_traits = [
                edge_trait(e.name) for e in hunter.edges if e.name not in have
            ]
        self.section("edges", [cat])

    def advantages(self) -> None:
        backgrounds = self.category("advantages", "Backgrounds", "advantage")
        merits = self.category("advantages", "Merits", "advantage")
        flaws = self.category("advantages", "Flaws", "advantage")
        defs = {a.name: a for a in self.spec.advantages}
        flaw_defs = {f.name: f for f in self.spec.flaws}

        def entry_trait(key: str, name: str, cat: _Cat, note: str | None = None) -> Trait:
            """A merit, background or flaw (`key` is its kind) as a Valentina trait."""
            d = flaw_defs.get(name) if key == "flaw" else defs.get(name)
            return self.definition(
                f"{key}:{name}",
                name,
                section="advantages",
                cat=cat,
                cost="advantage",
                max_value=d.max if d else 5,
                classes=d.classes if d and d.classes else (),
                description=note,
            )

        for item in self.sheet.advantages:
            cat = backgrounds if item.kind == "background" else merits
            self.add(cat, entry_trait(item.kind, item.name, cat, item.note), item.dots)
        for flaw in self.sheet.flaws:
            self.add(flaws, entry_trait("flaw", flaw.name, flaws, flaw.note), flaw.dots)

        have = {a.name for a in self.sheet.advantages} | {f.name for f in self.sheet.flaws}
        if not self.with_available:
            self.section("advantages", [backgrounds, merits, flaws])
            return
        for d in self.spec.advantages:
            if d.name in have or not d.creation or not self.ruleset.allows(d, self.cls):
                continue
            cat = backgrounds if d.kind == "background" else merits
            cat.model.available_traits.append(entry_trait(d.kind, d.name, cat))
        flaws.model.available_traits = [
            entry_trait("flaw", f.name, flaws)
            for f in self.spec.flaws
            if f.name not in have and f.creation and self.ruleset.allows(f, self.cls)
        ]
        self.section("advantages", [backgrounds, merits, flaws])

    def vitals(self) -> None:
        d = self.sheet.derived
        sizes = self.layout["trackers"]
        cat = self.category("vitals", "Trackers", "attribute")
        attr_max = self.spec.attributes.max
        health_max = self.spec.derived.health.base + attr_max * len(self.spec.derived.health.add)
        will_max = self.spec.derived.willpower.base + attr_max * len(
            self.spec.derived.willpower.add
        )

        def vital(
            key: str,
            name: str,
            value: int,
            max_value: int,
            tracker: Tracker | None,
            *classes: CharacterClass,
            rollable: bool = False,
        ) -> None:
            t = self.definition(
                key,
                name,
                section="vitals",
                cat=cat,
                cost="attribute",
                max_value=max_value,
                rollable=rollable,
                show_when_zero=True,
                classes=classes,
                tracker=tracker.type if tracker else None,
            )
            self.add(cat, t, value, tracker=tracker)

        vital("health", "Health", d.health, max(health_max, d.health), damage_track(d.health))
        vital(
            "willpower",
            "Willpower",
            d.willpower,
            max(will_max, d.willpower),
            damage_track(d.willpower),
            rollable=True,
        )
        if d.humanity is not None:
            boxes = int(sizes["humanity_boxes"])
            vital(
                "humanity",
                "Humanity",
                d.humanity,
                boxes,
                StainsTracker(humanity=d.humanity, stain_capacity=boxes - d.humanity),
                *[c for c, r in self.spec.classes.items() if r.humanity is not None],
            )
        if d.blood_potency is not None and self.spec.vampire is not None:
            vital(
                "blood_potency",
                "Blood Potency",
                d.blood_potency,
                max(r.potency for r in self.spec.vampire.blood_potency),
                None,
                self.cls,
            )
        if d.rage is not None:
            vital(
                "rage",
                "Rage",
                d.rage,
                int(sizes["rage_max"]),
                CounterTracker(size=d.rage, current=d.rage),
                self.cls,
            )
        # plain ratings; harano and hauglosk only on sheets that carry them
        for key, name in (
            ("desperation", "Desperation"),
            ("danger", "Danger"),
            ("harano", "Harano"),
            ("hauglosk", "Hauglosk"),
        ):
            value = getattr(d, key, None)
            if value is not None:
                vital(key, name, value, int(sizes[f"{key}_max"]), None, self.cls)
        self.section("vitals", [cat])

    def build(self) -> TraitIndex:
        self.attributes()
        self.skills()
        # Class sections follow what the class has (its plug-in and its sheet), never its name.
        if plugin_for(self.cls).has_disciplines or self.sheet.disciplines:
            self.disciplines()
        if self.sheet.renown or self.sheet.gifts or self.sheet.rites:
            self.gifts()
        if self.sheet.edges:
            self.edges()
        self.advantages()
        self.vitals()
        return TraitIndex(self.c.id, self.sections, list(_walk(self.sections)), self.with_available)


def _walk(sections: list[SheetSection]) -> Iterator[CharacterTrait]:
    for section in sections:
        for category in section.categories:
            yield from category.character_traits
            for sub in category.subcategories:
                yield from sub.character_traits


def damage_track(size: int) -> DamageTracker:
    """An unhurt V5 damage track of `size` boxes."""
    return DamageTracker(size=size, boxes=[None] * size)


def build_trait_index(
    character: Character,
    ruleset: Ruleset,
    table: SpecialtyTable,
    layout: dict[str, Any] | None = None,
    *,
    with_available: bool = False,
) -> TraitIndex:
    """Every trait of `character` and the full sheet tree, from its sheet and ruleset.

    `with_available` also lists the traits the character could still take (the full
    sheet's `include_available_traits`); most reads do not need them.
    """
    builder = _Builder(character, ruleset, table, layout or load_layout(), with_available)
    return builder.build()
