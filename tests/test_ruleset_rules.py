"""The ruleset says the rules a strict storyteller checks (issue 14), and a ruleset that says
them wrongly fails to load naming the file, the path inside it and the reason."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from personae import RulesetError, load_ruleset
from personae.enums import CharacterClass
from personae.ruleset import Ruleset

AUSPICE_TIERS = {
    # auspice: gifts at min_renown 2 / 5 / 8 (valentina-noir's tags, dual-tagged ones included)
    "ragabash": (6, 5, 4),
    "theurge": (7, 5, 5),
    "philodox": (6, 5, 4),
    "galliard": (7, 4, 4),
    "ahroun": (6, 5, 4),
}


def _entry(rules: Ruleset, name: str) -> Any:
    return rules.merits.get(name) or rules.flaws[name]


def _excluded(rules: Ruleset, a: str, b: str) -> bool:
    """Exclusions are mutual: listing them on either entry is enough."""
    return b in _entry(rules, a).excludes or a in _entry(rules, b).excludes


def _requires(rules: Ruleset, name: str) -> set[tuple[str, str, int]]:
    return {(r.kind, r.name, r.min) for r in _entry(rules, name).requires}


# -- what the ruleset says ------------------------------------------------------------------


def test_version_is_bumped_for_the_changed_numbers(rules: Ruleset) -> None:
    assert rules.version == "2.0.0"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Beautiful", "Ugly"),
        ("Beautiful", "Repulsive"),
        ("Stunning", "Ugly"),
        ("Stunning", "Repulsive"),
        ("Beautiful", "Stunning"),
        ("Destitute", "Resources"),
        ("Addiction", "Hopeless Addiction"),
        ("Obvious Predator", "Herd"),
    ],
)
def test_mutual_exclusions(rules: Ruleset, a: str, b: str) -> None:
    assert _excluded(rules, a, b) and _excluded(rules, b, a)
    assert _entry(rules, a).provenance or _entry(rules, b).provenance


def test_illiterate_caps_academics_and_science_at_one(rules: Ruleset) -> None:
    assert rules.flaws["Illiterate"].caps == {"Academics": 1, "Science": 1}


def test_dot_sets(rules: Ruleset) -> None:
    eat, will = rules.merits["Eat Food"], rules.merits["Unholy Will"]
    assert eat.allowed_dots == {2} and (eat.min, eat.max) == (2, 2)
    assert will.allowed_dots == {2, 4}
    assert [d for d in range(6) if will.dots_allowed(d)] == [2, 4]
    assert rules.merits["Linguistics"].allowed_dots is None
    assert rules.merits["Linguistics"].dots_allowed(3)


def test_prerequisites(rules: Ruleset) -> None:
    assert _requires(rules, "Pact Condition") == {("advantage", "Spirit Pact", 1)}
    for flaw in ("Creepy Haven", "Haunted Haven", "Compromised Haven"):
        assert _requires(rules, flaw) == {("advantage", "Haven", 1)}, flaw
    for flaw in ("Compromised Safe House", "Creepy Safe House"):
        assert _requires(rules, flaw) == {("advantage", "Safe House", 1)}, flaw


def test_hunters_have_safe_house_not_haven(rules: Ruleset) -> None:
    hunter = CharacterClass.HUNTER
    assert not rules.allows(rules.merits["Haven"], hunter)
    assert rules.allows(rules.merits["Safe House"], hunter)
    assert rules.merits["Safe House"].classes == [hunter]
    for flaw in ("Creepy Haven", "Haunted Haven", "Compromised Haven"):
        assert not rules.allows(rules.flaws[flaw], hunter), flaw
    assert rules.allows(rules.flaws["Compromised Safe House"], hunter)
    for cls in (CharacterClass.VAMPIRE, CharacterClass.MORTAL, CharacterClass.GHOUL):
        assert rules.allows(rules.merits["Haven"], cls)


def test_clan_bans(rules: Ruleset) -> None:
    caitiff, nosferatu = rules.clan("caitiff"), rules.clan("nosferatu")
    assert [(b.names, b.when) for b in caitiff.bans] == [(["Status"], "creation")]
    (looks,) = nosferatu.bans
    assert looks.when == "always" and {"Beautiful", "Stunning"} <= set(looks.names)
    assert set(nosferatu.excluded_merits) <= set(looks.names)
    for ban in (*caitiff.bans, *nosferatu.bans):
        assert ban.provenance is not None and ban.reason


def test_thin_blood_merits_and_flaws(rules: Ruleset) -> None:
    creation = rules.vampire.creation
    assert creation.thin_blood_merits == [
        "Anarch Comrades",
        "Camarilla Contact",
        "Catenating Blood",
        "Day Drinker",
        "Discipline Affinity",
        "Lifelike",
        "Thin-Blood Alchemist",
        "Vampiric Resilience",
    ]
    assert creation.thin_blood_flaws == [
        "Baby Teeth",
        "Bestial Temper",
        "Branded by the Camarilla",
        "Clan Curse",
        "Dead Flesh",
        "Mortal Frailty",
        "Shunned by the Anarchs",
        "Vitae Dependency",
    ]
    assert "Vitae Hemophilia" not in rules.flaws
    for name in (*creation.thin_blood_merits, *creation.thin_blood_flaws):
        entry = _entry(rules, name)
        assert _requires(rules, name) == {("clan", "thin-blood", 1)}, name
        assert entry.provenance is not None and entry.provenance.confidence.value == "M", name
        assert not entry.creation and entry.description, name


def test_thin_blood_merits_grant_what_they_say(rules: Ruleset) -> None:
    affinity = rules.merits["Discipline Affinity"].grants
    assert affinity is not None and affinity.discipline_choice is not None
    assert affinity.discipline_choice.dots == 1
    assert affinity.discipline_choice.options is None  # any ordinary discipline
    assert affinity.discipline_choice.raise_cost == "discipline_clan"
    alchemist = rules.merits["Thin-Blood Alchemist"].grants
    assert alchemist is not None and alchemist.disciplines == {"Thin-Blood Alchemy": 1}
    level_one = [p.name for p in rules.powers["Thin-Blood Alchemy"] if p.level == 1]
    assert level_one  # the granted dot brings one level-1 formula


def test_thin_bloods_have_no_ordinary_disciplines(rules: Ruleset) -> None:
    thin = rules.clan("thin-blood")
    assert thin.disciplines == ["Thin-Blood Alchemy"] and thin.other_disciplines is False
    assert all(c.other_disciplines for c in rules.vampire.clans if not c.thin_blood)


def test_rituals_ceremonies_and_formulae(rules: Ruleset) -> None:
    lists = {r.discipline: r for r in rules.vampire.rituals}
    sorcery, oblivion, alchemy = (
        lists["Blood Sorcery"],
        lists["Oblivion"],
        lists["Thin-Blood Alchemy"],
    )
    assert (sorcery.category, oblivion.category, alchemy.category) == (
        "ritual",
        "ceremony",
        "formula",
    )
    assert {lv: len(n) for lv, n in sorcery.levels.items()} == {1: 21, 2: 22, 3: 31, 4: 18, 5: 13}
    assert {lv: len(n) for lv, n in oblivion.levels.items()} == {1: 4, 2: 5, 3: 10, 4: 5, 5: 4}
    names = [n for items in sorcery.levels.values() for n in items]
    assert not [n for n in names if "Errata" in n or "\u2019" in n]
    for free in (sorcery, oblivion):
        assert (free.free_at_creation, free.free_level) == (1, 1)
        assert free.provenance is not None and free.provenance.confidence.value == "M"
    # formulae are the Thin-Blood Alchemy powers
    assert alchemy.levels == {} and alchemy.free_at_creation == 0
    by_level = Counter(p.level for p in rules.powers["Thin-Blood Alchemy"])
    assert dict(by_level) == {1: 11, 2: 5, 3: 16, 4: 8, 5: 5}
    costs = rules.costs_for(CharacterClass.VAMPIRE)
    for category in ("ritual", "ceremony", "formula"):
        assert [costs[category].price(level, 1) for level in (1, 3, 5)] == [3, 9, 15]
    assert costs["ceremony"].provenance is not None
    assert costs["ceremony"].provenance.confidence.value == "M"


def test_specialty_required_for_skills(rules: Ruleset) -> None:
    assert rules.spec.specialties.required_for == ["Academics", "Craft", "Performance", "Science"]
    assert rules.spec.specialties.provenance is not None


def test_auspice_gifts_by_tier(rules: Ruleset) -> None:
    ww = rules.werewolf
    for auspice, tiers in AUSPICE_TIERS.items():
        mine = Counter(g.min_renown for g in ww.gifts if g.auspice == auspice)
        assert (mine[2], mine[5], mine[8]) == tiers, auspice
        assert sum(mine.values()) == sum(tiers)
    assert sum(map(sum, AUSPICE_TIERS.values())) == 77
    moved = [g for g in ww.gifts if g.tribe_tag is not None]
    assert len(moved) == 65
    for gift in moved:
        assert gift.source == "auspice" and gift.tribe is None and gift.auspice, gift.name
        assert gift.provenance is not None and gift.provenance.confidence.value == "M"
    assert not [g for g in ww.gifts if g.tribe and g.auspice]


def test_tribe_gifts_are_the_tribe_only_ones(rules: Ruleset) -> None:
    ww = rules.werewolf
    counts = Counter(g.source for g in ww.gifts)
    assert counts == {"native": 20, "auspice": 77, "tribe": 55}
    for tribe in ww.tribes:
        mine = sorted(g.min_renown for g in ww.gifts if g.tribe == tribe.id)
        assert len(mine) == 5 and set(mine) <= {3, 6, 9}, tribe.id
    galliard_gifts = {g.name for g in ww.gifts if g.auspice == "galliard"}
    assert "Howl of Despair" in galliard_gifts and "Mouth Full of Teeth" not in galliard_gifts


def test_gifts_keep_their_required_renown(rules: Ruleset) -> None:
    ww = rules.werewolf
    assert ww.gift_rule == "total_renown"
    for gift in ww.gifts:
        assert gift.renown in ww.renown_types and gift.min_renown >= 1, gift.name


def test_starting_renown_uses_the_auspice(rules: Ruleset) -> None:
    creation = rules.werewolf.creation
    start = creation.renown_start
    assert start is not None and (start.tribe, start.auspice, start.free) == (1, 1, 1)
    assert start.provenance is not None
    assert all(a.renown in rules.werewolf.renown_types for a in rules.werewolf.auspices)
    assert (creation.harano, creation.hauglosk) == (0, 0)
    assert creation.trackers_provenance is not None


def test_renown_xp_is_an_off_by_default_house_rule(rules: Ruleset) -> None:
    setting = rules.spec.settings.renown_xp_purchases
    assert setting.value is False and setting.house_rule
    assert setting.provenance is not None and setting.provenance.confidence.value == "H"
    cost = rules.costs_for(CharacterClass.WEREWOLF)["renown"]
    assert cost.requires_setting == "renown_xp_purchases"
    assert not rules.spec.settings.flag("renown_xp_purchases")


def test_tribes_have_ban_and_favor(rules: Ruleset) -> None:
    for tribe in rules.werewolf.tribes:
        assert tribe.ban and tribe.favor and tribe.provenance, tribe.id
        assert len(tribe.ban) <= 100 and len(tribe.favor) <= 100


def test_rite_has_one_proper_name(rules: Ruleset) -> None:
    rites = rules.werewolf.rites
    assert "Rite of the Broken Sun" in rites
    assert not [r for r in rites if "(" in r]


def test_settings_and_their_provenance(rules: Ruleset) -> None:
    settings = rules.spec.settings
    assert settings.childer_tier.value == "book"
    assert not settings.flag("koldunic_sorcery_outside_tzimisce")
    assert not settings.flag("supplement_predator_oblivion_for_non_hecata")
    for name in type(settings).model_fields:
        assert getattr(settings, name).provenance is not None, name
    childe = rules.vampire.tiers["childe"]
    assert (childe.generation, childe.blood_potency) == ([12, 13], 1)
    progeny = rules.vampire.tier_variants["progeny"]["childe"]
    assert (progeny.generation, progeny.blood_potency) == ([14, 14], 0)


def test_disputed_disciplines_point_at_their_settings(rules: Ruleset) -> None:
    koldunic = next(p for p in rules.powers["Blood Sorcery"] if p.name == "Koldunic Sorcery")
    assert koldunic.clans == ["tzimisce"]
    assert koldunic.clans_setting == "koldunic_sorcery_outside_tzimisce"
    for ptype in ("graverobber", "grim-reaper"):
        option = next(o for o in rules.predator_type(ptype).disciplines if o.name == "Oblivion")
        assert option.clans == ["hecata"]
        assert option.clans_setting == "supplement_predator_oblivion_for_non_hecata"


# -- a ruleset that says it wrongly fails to load ------------------------------------------


def _index(items: list[dict[str, Any]], name: str, key: str = "name") -> int:
    return next(i for i, item in enumerate(items) if item.get(key) == name)


def _load_edited(folder: Path, file: str, fn: Callable[[dict[str, Any]], None]) -> RulesetError:
    path = folder / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    fn(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    with pytest.raises(RulesetError) as err:
        load_ruleset(folder)
    return err.value


def _flaw(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["flaws"][_index(d["flaws"], name)]


def _merit(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["advantages"][_index(d["advantages"], name)]


def _clan(d: dict[str, Any], clan_id: str) -> dict[str, Any]:
    return d["vampire"]["clans"][_index(d["vampire"]["clans"], clan_id, "id")]


def _gift(d: dict[str, Any], name: str) -> dict[str, Any]:
    return d["werewolf"]["gifts"][_index(d["werewolf"]["gifts"], name)]


def _ritual_list(d: dict[str, Any], discipline: str) -> dict[str, Any]:
    return d["vampire"]["rituals"][_index(d["vampire"]["rituals"], discipline, "discipline")]


def _power(d: dict[str, Any], discipline: str, name: str) -> dict[str, Any]:
    disc = d["vampire"]["disciplines"][_index(d["vampire"]["disciplines"], discipline)]
    return disc["powers"][_index(disc["powers"], name)]


CORRUPTIONS: list[tuple[str, str, Callable[[dict[str, Any]], None], str, str]] = [
    # (id, file, edit, path the error names (prefix), words in the reason)
    (
        "excludes-unknown",
        "advantages.yaml",
        lambda d: _flaw(d, "Destitute").__setitem__("excludes", ["Riches"]),
        "flaws[{Destitute}].excludes[0]",
        "unknown advantage or flaw 'Riches'",
    ),
    (
        "excludes-itself",
        "advantages.yaml",
        lambda d: _merit(d, "Beautiful").__setitem__("excludes", ["Beautiful"]),
        "advantages[{Beautiful}].excludes[0]",
        "cannot exclude itself",
    ),
    (
        "requires-unknown-advantage",
        "advantages.yaml",
        lambda d: _flaw(d, "Pact Condition").__setitem__(
            "requires", [{"kind": "advantage", "name": "Spirit Pakt"}]
        ),
        "flaws[{Pact Condition}].requires[0].name",
        "unknown advantage 'Spirit Pakt'",
    ),
    (
        "requires-too-many-dots",
        "advantages.yaml",
        lambda d: _flaw(d, "Creepy Haven").__setitem__(
            "requires", [{"kind": "advantage", "name": "Haven", "min": 9}]
        ),
        "flaws[{Creepy Haven}].requires[0].min",
        "at most 3 dots",
    ),
    (
        "requires-unknown-kind",
        "advantages.yaml",
        lambda d: _flaw(d, "Creepy Haven").__setitem__(
            "requires", [{"kind": "zodiac", "name": "Leo"}]
        ),
        "flaws[{Creepy Haven}].requires[0].kind",
        "zodiac",
    ),
    (
        "requires-unknown-clan",
        "advantages.yaml",
        lambda d: _flaw(d, "Baby Teeth").__setitem__(
            "requires", [{"kind": "clan", "name": "thinblood"}]
        ),
        "flaws[{Baby Teeth}].requires[0].name",
        "unknown clan 'thinblood'",
    ),
    (
        "requires-unknown-class",
        "advantages.yaml",
        lambda d: _merit(d, "Day Job").__setitem__("requires", [{"kind": "class", "name": "ELF"}]),
        "advantages[{Day Job}].requires[0].name",
        "unknown class 'ELF'",
    ),
    (
        "allowed-dots-outside-range",
        "advantages.yaml",
        lambda d: _merit(d, "Unholy Will").__setitem__("allowed_dots", [2, 3, 5]),
        "advantages[{Unholy Will}].allowed_dots",
        "must run from min 2 to max 4",
    ),
    (
        "allowed-dots-not-numbers",
        "advantages.yaml",
        lambda d: _merit(d, "Eat Food").__setitem__("allowed_dots", "two"),
        "advantages[{Eat Food}].allowed_dots",
        "'two'",
    ),
    (
        "caps-unknown-skill",
        "advantages.yaml",
        lambda d: _flaw(d, "Illiterate").__setitem__("caps", {"Reading": 1}),
        "flaws[{Illiterate}].caps.Reading",
        "unknown skill 'Reading'",
    ),
    (
        "caps-above-max",
        "advantages.yaml",
        lambda d: _flaw(d, "Illiterate").__setitem__("caps", {"Academics": 7}),
        "flaws[{Illiterate}].caps.Academics",
        "above the skill max",
    ),
    (
        "grants-unknown-discipline",
        "advantages.yaml",
        lambda d: _merit(d, "Thin-Blood Alchemist").__setitem__(
            "grants", {"disciplines": {"Alchemy": 1}}
        ),
        "advantages[{Thin-Blood Alchemist}].grants.disciplines.Alchemy",
        "unknown discipline 'Alchemy'",
    ),
    (
        "grants-unknown-cost",
        "advantages.yaml",
        lambda d: _merit(d, "Discipline Affinity").__setitem__(
            "grants", {"discipline_choice": {"dots": 1, "raise_cost": "cheap"}}
        ),
        "advantages[{Discipline Affinity}].grants.discipline_choice.raise_cost",
        "cheap",
    ),
    (
        "clan-ban-unknown",
        "vampire.yaml",
        lambda d: _clan(d, "caitiff")["bans"][0].__setitem__("names", ["Standing"]),
        "vampire.clans[{caitiff}].bans[0].names[0]",
        "unknown advantage or flaw 'Standing'",
    ),
    (
        "clan-ban-when",
        "vampire.yaml",
        lambda d: _clan(d, "caitiff")["bans"][0].__setitem__("when", "sometimes"),
        "vampire.clans[{caitiff}].bans[0].when",
        "sometimes",
    ),
    (
        "class-ban-unknown",
        "core.yaml",
        lambda d: d["classes"]["HUNTER"].__setitem__(
            "bans", [{"names": ["Havens"], "reason": "hunters have Safe House"}]
        ),
        "classes.HUNTER.bans[0].names[0]",
        "unknown advantage or flaw 'Havens'",
    ),
    (
        "specialty-required-unknown-skill",
        "core.yaml",
        lambda d: d["specialties"]["required_for"].append("Alchemy"),
        "specialties.required_for[4]",
        "unknown skill 'Alchemy'",
    ),
    (
        "ritual-unknown-discipline",
        "vampire.yaml",
        lambda d: _ritual_list(d, "Blood Sorcery").__setitem__("discipline", "Thaumaturgy"),
        "vampire.rituals[0].discipline",
        "unknown discipline 'Thaumaturgy'",
    ),
    (
        "ritual-bad-category",
        "vampire.yaml",
        lambda d: _ritual_list(d, "Oblivion").__setitem__("category", "seance"),
        "vampire.rituals[1].category",
        "seance",
    ),
    (
        "ritual-duplicate",
        "vampire.yaml",
        lambda d: _ritual_list(d, "Oblivion")["levels"][2].append("Knowing Stone"),
        "vampire.rituals[1].levels",
        "duplicate ceremony 'Knowing Stone'",
    ),
    (
        "ritual-free-too-many",
        "vampire.yaml",
        lambda d: _ritual_list(d, "Oblivion").__setitem__("free_at_creation", 5),
        "vampire.rituals[1].free_at_creation",
        "fewer than 5 items at level 1",
    ),
    (
        "ritual-cost-missing",
        "experience.yaml",
        lambda d: d["experience"]["costs"]["VAMPIRE"].pop("ceremony"),
        "vampire.rituals[1].category",
        "no cost for 'ceremony'",
    ),
    (
        "power-unknown-clan",
        "vampire.yaml",
        lambda d: _power(d, "Blood Sorcery", "Koldunic Sorcery").__setitem__("clans", ["tzimiske"]),
        "vampire.disciplines[{Blood Sorcery}].powers[3].clans",
        "unknown clan 'tzimiske'",
    ),
    (
        "power-unknown-setting",
        "vampire.yaml",
        lambda d: _power(d, "Blood Sorcery", "Koldunic Sorcery").__setitem__(
            "clans_setting", "koldunic_everywhere"
        ),
        "vampire.disciplines[{Blood Sorcery}].powers[3].clans_setting",
        "koldunic_everywhere",
    ),
    (
        "tier-variant-unknown-tier",
        "vampire.yaml",
        lambda d: d["vampire"]["tier_variants"]["progeny"].__setitem__(
            "fledgling", d["vampire"]["tier_variants"]["progeny"].pop("childe")
        ),
        "vampire.tier_variants.progeny.fledgling",
        "unknown tier 'fledgling'",
    ),
    (
        "tier-variant-potency-outside-generation",
        "vampire.yaml",
        lambda d: d["vampire"]["tier_variants"]["progeny"]["childe"].__setitem__(
            "blood_potency", 1
        ),
        "vampire.tier_variants.progeny.childe",
        "blood potency 1 outside 0-0 allowed at generation 14",
    ),
    (
        "setting-unknown-value",
        "settings.yaml",
        lambda d: d["settings"]["childer_tier"].__setitem__("value", "elder"),
        "settings.childer_tier.value",
        "elder",
    ),
    (
        "setting-unknown-name",
        "settings.yaml",
        lambda d: d["settings"].__setitem__("free_diablerie", {"value": True}),
        "settings",
        "free_diablerie",
    ),
    (
        "setting-flag-not-bool",
        "settings.yaml",
        lambda d: d["settings"]["renown_xp_purchases"].__setitem__("value", "sometimes"),
        "settings.renown_xp_purchases.value",
        "sometimes",
    ),
    (
        "cost-unknown-setting",
        "experience.yaml",
        lambda d: d["experience"]["costs"]["WEREWOLF"]["renown"].__setitem__(
            "requires_setting", "renown_for_sale"
        ),
        "experience.costs.WEREWOLF.renown.requires_setting",
        "renown_for_sale",
    ),
    (
        "gift-tribe-tag-unknown",
        "werewolf.yaml",
        lambda d: _gift(d, "Howl of Despair").__setitem__("tribe_tag", "black-fury"),
        "werewolf.gifts[{Howl of Despair}].tribe_tag",
        "unknown tribe 'black-fury'",
    ),
    (
        "gift-tribe-tag-on-tribe-gift",
        "werewolf.yaml",
        lambda d: _gift(d, "Curse of Aeolus").__setitem__("tribe_tag", "black-furies"),
        "werewolf.gifts[{Curse of Aeolus}].tribe_tag",
        "only auspice gifts carry a tribe_tag",
    ),
    (
        "gift-both-tribe-and-auspice",
        "werewolf.yaml",
        lambda d: _gift(d, "Howl of Despair").__setitem__("tribe", "black-furies"),
        "werewolf.gifts[{Howl of Despair}]",
        "tribe gifts (and only they) name a tribe",
    ),
    (
        "gift-duplicate",
        "werewolf.yaml",
        lambda d: d["werewolf"]["gifts"].append(dict(_gift(d, "Lullaby"))),
        "werewolf.gifts",
        "duplicate gift 'Lullaby'",
    ),
    (
        "renown-start-too-many",
        "werewolf.yaml",
        lambda d: d["werewolf"]["creation"]["renown_start"].update(tribe=3, auspice=3),
        "werewolf.creation.renown_start",
        "more than renown_max 5",
    ),
    (
        "name-both-advantage-and-flaw",
        "advantages.yaml",
        lambda d: d["flaws"].append({"name": "Resources", "min": 1, "max": 1}),
        "flaws",
        "'Resources' is both an advantage and a flaw",
    ),
]


def _resolve(path: str, data_dir: Path, file: str) -> str:
    """Turn `{Name}` placeholders into the list index the entry has in the shipped file."""
    if "{" not in path:
        return path
    data = yaml.safe_load((data_dir / file).read_text(encoding="utf-8"))
    head, rest = path.split("[{", 1)
    name, tail = rest.split("}]", 1)
    items: Any = data
    for part in head.split("."):
        items = items[part]
    key = "id" if items and "id" in items[0] and "name" not in items[0] else "name"
    if key == "name" and not any(i.get("name") == name for i in items):
        key = "id"
    return f"{head}[{_index(items, name, key)}]{tail}"


@pytest.mark.parametrize(
    ("file", "edit", "path", "reason"),
    [pytest.param(*c[1:], id=c[0]) for c in CORRUPTIONS],
)
def test_corrupted_ruleset_fails_naming_file_and_path(
    ruleset_copy: Path,
    file: str,
    edit: Callable[[dict[str, Any]], None],
    path: str,
    reason: str,
) -> None:
    expected = _resolve(path, ruleset_copy, file)
    err = _load_edited(ruleset_copy, file, edit)
    where = expected.split(".")[0].split("[")[0]
    owner = {
        "advantages": "advantages.yaml",
        "flaws": "advantages.yaml",
        "vampire": "vampire.yaml",
        "werewolf": "werewolf.yaml",
        "settings": "settings.yaml",
        "experience": "experience.yaml",
        "classes": "core.yaml",
        "specialties": "core.yaml",
    }[where]
    assert err.file.endswith(owner), err
    assert err.path.startswith(expected), err
    assert reason in err.reason, err


def test_setting_naming_a_missing_tier_variant_fails(ruleset_copy: Path) -> None:
    vampire = ruleset_copy / "vampire.yaml"
    data = yaml.safe_load(vampire.read_text(encoding="utf-8"))
    data["vampire"].pop("tier_variants")
    vampire.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    err = _load_edited(
        ruleset_copy,
        "settings.yaml",
        lambda d: d["settings"]["childer_tier"].__setitem__("value", "progeny"),
    )
    assert err.file.endswith("settings.yaml") and err.path == "settings.childer_tier.value"
    assert "no vampire.tier_variants entry 'progeny'" in err.reason


def test_flipping_a_setting_loads(ruleset_copy: Path) -> None:
    path = ruleset_copy / "settings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["settings"]["childer_tier"]["value"] = "progeny"
    data["settings"]["renown_xp_purchases"]["value"] = True
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), "utf-8")
    rules = load_ruleset(ruleset_copy)
    assert rules.spec.settings.childer_tier.value == "progeny"
    assert rules.spec.settings.flag("renown_xp_purchases")
