"""Validators written from the targets' published specs and data models (not from our code).

- Foundry WoD5e: the actor and item DataModels of WoD5E-Developers/wod5e 5.3.x
  (system/actor/data-models/*.js, system/item/data-models/**/*.js) and the key lists in
  system/api/def/*.js.
- Character Card V2 (malfoyslastname/character-card-spec-v2 spec_v2.md) and V3
  (kwaroran/character-card-spec-v3 SPEC_V3.md).
- elizaOS character: @elizaos/core 1.x and 2.x `characterSchema` (strict objects).
- Inconnu: its web wizard's CreationBody and trait/specialty validation.
"""

from __future__ import annotations

import re
from typing import Any

import jsonschema

# --- Foundry WoD5e ------------------------------------------------------------------------

# system/api/def/*.js
WOD5E_ATTRIBUTES = {
    "strength",
    "charisma",
    "intelligence",
    "dexterity",
    "manipulation",
    "wits",
    "stamina",
    "composure",
    "resolve",
}
WOD5E_SKILLS = {
    "athletics",
    "animalken",
    "academics",
    "brawl",
    "etiquette",
    "awareness",
    "craft",
    "insight",
    "finance",
    "drive",
    "intimidation",
    "investigation",
    "firearms",
    "leadership",
    "medicine",
    "larceny",
    "performance",
    "occult",
    "melee",
    "persuasion",
    "politics",
    "stealth",
    "streetwise",
    "science",
    "survival",
    "subterfuge",
    "technology",
}
WOD5E_DISCIPLINES = {
    "animalism",
    "auspex",
    "celerity",
    "dominate",
    "fortitude",
    "obfuscate",
    "potence",
    "presence",
    "protean",
    "sorcery",
    "oblivion",
    "alchemy",
    "rituals",
    "ceremonies",
}
WOD5E_GIFT_TYPES = {
    "native",
    "ragabash",
    "theurge",
    "philodox",
    "galliard",
    "ahroun",
    "blackfury",
    "bonegnawer",
    "childrenofgaia",
    "galestalker",
    "ghostcouncil",
    "glasswalker",
    "hartwarden",
    "redtalon",
    "shadowlord",
    "silentstrider",
    "silverfang",
    "rite",
}
WOD5E_AUSPICES = {"ragabash", "theurge", "philodox", "galliard", "ahroun"}
WOD5E_RENOWN = {"glory", "honor", "wisdom"}
WOD5E_EDGES = {
    "arsenal",
    "fleet",
    "ordnance",
    "library",
    "improvisedgear",
    "globalaccess",
    "dronejockey",
    "beastwhisperer",
    "sensetheunnatural",
    "repeltheunnatural",
    "thwarttheunnatural",
    "artifact",
    "turncoat",
    "experimentalmedicine",
    "cleansetheunnatural",
    "greatdestiny",
    "unnaturalchanges",
}
WOD5E_FEATURE_TYPES = {"background", "merit", "flaw", "boon"}
WOD5E_ACTOR_TYPES = {"mortal", "spc", "vampire", "ghoul", "hunter", "werewolf", "group"}
# item type -> actor types allowed to hold it (itemtypes.js restrictedActorTypes)
WOD5E_ITEM_ACTORS = {
    "feature": None,
    "customRoll": None,
    "armor": None,
    "weapon": None,
    "gear": None,
    "condition": None,
    "clan": {"vampire"},
    "predatorType": {"vampire"},
    "resonance": {"vampire"},
    "power": {"vampire", "ghoul"},
    "boon": {"vampire", "ghoul"},
    "creed": {"hunter"},
    "drive": {"hunter"},
    "perk": {"hunter"},
    "edgepool": {"hunter"},
    "tribe": {"werewolf"},
    "auspice": {"werewolf"},
    "talisman": {"werewolf"},
    "gift": {"werewolf"},
}

_NUM = {"type": "number"}
_STR = {"type": "string"}
_BOOL = {"type": "boolean"}


def _obj(props: dict[str, Any], extra: bool = False) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": sorted(props),
        "additionalProperties": extra,
    }


_DAMAGE = _obj({"aggravated": _NUM, "superficial": _NUM, "max": _NUM, "value": _NUM})
_BASE_ITEM = {
    "description": _STR,
    "macroid": _STR,
    "bonuses": {"type": "array", "items": {"type": "object"}},
    "dataItemId": _STR,
    "source": _obj({"book": _STR, "page": _STR}),
}
_ITEM_SYSTEMS = {
    "feature": {
        **_BASE_ITEM,
        "uses": _obj({"current": _NUM, "max": _NUM, "enabled": _BOOL}),
        "points": _NUM,
        "featuretype": {"enum": sorted(WOD5E_FEATURE_TYPES)},
    },
    "clan": {**_BASE_ITEM, "bane": _STR},
    "predatorType": {**_BASE_ITEM, "dicepool": {"type": "object"}},
    "power": {
        **_BASE_ITEM,
        "level": _NUM,
        "cost": _NUM,
        "dicepool": {"type": "object"},
        "discipline": {"enum": sorted(WOD5E_DISCIPLINES)},
        "selected": _BOOL,
    },
    "creed": {**_BASE_ITEM, "edges": _STR, "drives": _STR, "desperationFields": _STR},
    "drive": {**_BASE_ITEM, "redemption": _STR},
    "perk": {**_BASE_ITEM, "edge": {"enum": sorted(WOD5E_EDGES)}, "selected": _BOOL},
    "tribe": {
        **_BASE_ITEM,
        "patronSpirit": _obj({"name": _STR, "description": _STR, "favor": _STR, "ban": _STR}),
    },
    "auspice": dict(_BASE_ITEM),
    "gift": {
        **_BASE_ITEM,
        "level": _NUM,
        "cost": _NUM,
        "willpowercost": _NUM,
        "dicepool": {"type": "object"},
        "giftType": {"enum": sorted(WOD5E_GIFT_TYPES)},
        "renown": {"enum": [*sorted(WOD5E_RENOWN), ""]},
        "selected": _BOOL,
    },
}
_TRACK = {
    "type": "object",
    "properties": {"description": _STR, "value": _NUM, "visible": _BOOL, "selected": _BOOL},
    "required": ["value", "visible"],
}

FOUNDRY_ACTOR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "type", "system", "items", "flags"],
    "properties": {
        "name": {"type": "string", "minLength": 1},
        "type": {"enum": sorted(WOD5E_ACTOR_TYPES - {"group", "spc"})},
        "img": _STR,
        "items": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["_id", "name", "type", "system"],
                "properties": {
                    "_id": {"type": "string", "pattern": "^[A-Za-z0-9]{16}$"},
                    "name": {"type": "string", "minLength": 1},
                    "type": {"enum": sorted(_ITEM_SYSTEMS)},
                    "img": _STR,
                    "effects": {"type": "array"},
                    "flags": {"type": "object"},
                    "sort": _NUM,
                },
            },
        },
        "effects": {"type": "array"},
        "flags": {"type": "object"},
        "system": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                # base-actor-model.js
                "locked": _BOOL,
                "group": _STR,
                "hasSkillAttributeData": _BOOL,
                "bio": _obj(
                    {
                        "age": _obj({"trueage": _STR, "apparent": _STR}),
                        "dateof": _obj({"birth": _STR, "death": _STR}),
                        "history": _STR,
                    }
                ),
                "headers": _obj(
                    {
                        k: _STR
                        for k in (
                            "concept",
                            "chronicle",
                            "ambition",
                            "desire",
                            "touchstones",
                            "tenets",
                            "sire",
                            "generation",
                            "domitor",
                            "creedfields",
                            "cellname",
                        )
                    }
                ),
                "experiences": {
                    "type": "array",
                    "items": _obj({"id": _STR, "name": _STR, "value": _NUM, "timestamp": _NUM}),
                },
                "exp": _obj({"value": _NUM, "max": _NUM}),
                "derivedXP": _obj({"totalXP": _NUM, "remainingXP": _NUM}),
                "health": _DAMAGE,
                "willpower": _DAMAGE,
                "attributes": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(WOD5E_ATTRIBUTES)},
                    "additionalProperties": _obj({"value": _NUM, "active": _BOOL}),
                },
                "skills": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(WOD5E_SKILLS)},
                    "additionalProperties": _obj(
                        {
                            "value": _NUM,
                            "active": _BOOL,
                            "description": _STR,
                            "macroid": _STR,
                            "bonuses": {"type": "array", "items": {"type": "object"}},
                        }
                    ),
                },
                "settings": _obj(
                    {
                        "headerbg": _STR,
                        "background": _STR,
                        "limited": _obj(
                            {
                                "biography": _BOOL,
                                "appearance": _BOOL,
                                "touchstones": _BOOL,
                                "tenets": _BOOL,
                            }
                        ),
                        "skillAttributeInputs": _BOOL,
                        "enableGifts": _BOOL,
                        "enableDisciplines": _BOOL,
                        "enableEdges": _BOOL,
                        "generalDifficultyEnabled": _BOOL,
                    }
                ),
                "description": _STR,
                "notes": _STR,
                "privatenotes": _STR,
                "biography": _STR,
                "appearance": _STR,
                "equipment": _STR,
                "bonuses": {"type": "object"},
                # vampire-fields.js
                "hunger": _obj({"value": _NUM, "max": _NUM}),
                "humanity": _obj({"value": _NUM, "stains": _NUM}),
                "blood": _obj({"potency": _NUM, "generation": _STR}),
                "selectedDiscipline": _STR,
                "selectedDisciplinePower": _STR,
                "disciplines": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(WOD5E_DISCIPLINES)},
                    "additionalProperties": _TRACK,
                },
                # werewolf-fields.js
                "crinosHealth": _DAMAGE,
                "balance": _obj(
                    {"hauglosk": _obj({"value": _NUM}), "harano": _obj({"value": _NUM})}
                ),
                "rage": _obj({"value": _NUM, "max": _NUM}),
                "talismans": {"type": "array"},
                "frenzyActive": _BOOL,
                "lostTheWolf": _BOOL,
                "activeForm": {"enum": ["homid", "glabro", "crinos", "hispo", "lupus"]},
                "renown": _obj({k: _obj({"value": _NUM}) for k in WOD5E_RENOWN}),
                "forms": _obj(
                    {
                        f: _obj({"description": _STR, "token": _obj({"img": _STR})})
                        for f in ("homid", "glabro", "crinos", "hispo", "lupus")
                    }
                ),
                "selectedGift": _STR,
                "selectedGiftPower": _STR,
                "gifts": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(WOD5E_GIFT_TYPES)},
                    "additionalProperties": _TRACK,
                },
                # hunter-fields.js
                "despair": _obj({"value": _NUM}),
                "desperation": _obj({"value": _NUM}),
                "danger": _obj({"value": _NUM, "max": _NUM}),
                "selectedEdge": _STR,
                "selectedEdgePerk": _STR,
                "edges": {
                    "type": "object",
                    "propertyNames": {"enum": sorted(WOD5E_EDGES)},
                    "additionalProperties": _TRACK,
                },
            },
        },
    },
}


def validate_foundry_actor(actor: dict[str, Any]) -> None:
    """Raise on anything the wod5e data models would reject or silently drop."""
    jsonschema.validate(actor, FOUNDRY_ACTOR_SCHEMA)
    missing = set(FOUNDRY_ACTOR_SCHEMA["properties"]["system"]["properties"]) - set(actor["system"])
    assert not missing, f"system fields missing: {sorted(missing)}"
    ids = [i["_id"] for i in actor["items"]]
    assert len(ids) == len(set(ids)), "item ids must be unique"
    for item in actor["items"]:
        allowed = WOD5E_ITEM_ACTORS[item["type"]]
        assert allowed is None or actor["type"] in allowed, (
            f"{item['type']} items are not allowed on {actor['type']} actors"
        )
        jsonschema.validate(
            item["system"],
            {
                "type": "object",
                "properties": _ITEM_SYSTEMS[item["type"]],
                "required": sorted(_ITEM_SYSTEMS[item["type"]]),
                "additionalProperties": False,
            },
        )


# --- Character Card V2 / V3 --------------------------------------------------------------

_STRS = {"type": "array", "items": _STR}
_ENTRY_V2: dict[str, Any] = {
    "type": "object",
    "required": ["keys", "content", "extensions", "enabled", "insertion_order"],
    "properties": {
        "keys": _STRS,
        "content": _STR,
        "extensions": {"type": "object"},
        "enabled": _BOOL,
        "insertion_order": _NUM,
        "case_sensitive": _BOOL,
        "name": _STR,
        "priority": _NUM,
        "id": _NUM,
        "comment": _STR,
        "selective": _BOOL,
        "secondary_keys": _STRS,
        "constant": _BOOL,
        "position": {"enum": ["before_char", "after_char"]},
    },
}
_ENTRY_V3 = {
    **_ENTRY_V2,
    "required": [*_ENTRY_V2["required"], "use_regex"],
    "properties": {
        **_ENTRY_V2["properties"],
        "use_regex": _BOOL,
        "id": {"type": ["number", "string"]},
    },
}


def _book(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["extensions", "entries"],
        "properties": {
            "name": _STR,
            "description": _STR,
            "scan_depth": _NUM,
            "token_budget": _NUM,
            "recursive_scanning": _BOOL,
            "extensions": {"type": "object"},
            "entries": {"type": "array", "items": entry},
        },
    }


_V2_DATA = {
    "name": _STR,
    "description": _STR,
    "personality": _STR,
    "scenario": _STR,
    "first_mes": _STR,
    "mes_example": _STR,
    "creator_notes": _STR,
    "system_prompt": _STR,
    "post_history_instructions": _STR,
    "alternate_greetings": _STRS,
    "tags": _STRS,
    "creator": _STR,
    "character_version": _STR,
    "extensions": {"type": "object"},
}
CCV2_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["spec", "spec_version", "data"],
    "properties": {
        "spec": {"const": "chara_card_v2"},
        "spec_version": {"const": "2.0"},
        "data": {
            "type": "object",
            "required": sorted(_V2_DATA),
            "properties": {**_V2_DATA, "character_book": _book(_ENTRY_V2)},
        },
    },
}
CCV3_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["spec", "spec_version", "data"],
    "properties": {
        "spec": {"const": "chara_card_v3"},
        "spec_version": {"const": "3.0"},
        "data": {
            "type": "object",
            "required": sorted([*_V2_DATA, "group_only_greetings"]),
            "properties": {
                **_V2_DATA,
                "character_book": _book(_ENTRY_V3),
                "group_only_greetings": _STRS,
                "nickname": _STR,
                "creator_notes_multilingual": {"type": "object", "additionalProperties": _STR},
                "source": _STRS,
                "creation_date": _NUM,
                "modification_date": _NUM,
                "assets": {
                    "type": "array",
                    "items": _obj({"type": _STR, "uri": _STR, "name": _STR, "ext": _STR}),
                },
            },
        },
    },
}


def validate_card(card: dict[str, Any], version: int) -> None:
    jsonschema.validate(card, CCV2_SCHEMA if version == 2 else CCV3_SCHEMA)
    data = card["data"]
    assert len(data) >= (14 if version == 2 else 15)
    if version == 3 and "assets" in data:
        icons = [a for a in data["assets"] if a["type"] == "icon"]
        if len(icons) > 1:
            assert sum(a["name"] == "main" for a in icons) == 1
        for a in data["assets"]:
            assert a["ext"] == a["ext"].lower() and "." not in a["ext"]


# --- elizaOS ---------------------------------------------------------------------------

_UUID = {
    "type": "string",
    "pattern": "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$",
}
_CONTENT = {
    "type": "object",
    "properties": {
        "text": _STR,
        "thought": _STR,
        "actions": _STRS,
        "providers": _STRS,
        "source": _STR,
        "target": _STR,
        "url": _STR,
        "inReplyTo": _UUID,
    },
}
_MESSAGE = {
    "type": "object",
    "required": ["name", "content"],
    "properties": {"name": _STR, "content": _CONTENT},
}
_STYLE = {"type": "object", "properties": {"all": _STRS, "chat": _STRS, "post": _STRS}}
_ELIZA_COMMON = {
    "id": _UUID,
    "name": {"type": "string", "minLength": 1},
    "username": _STR,
    "system": _STR,
    "bio": {"anyOf": [_STR, _STRS]},
    "postExamples": _STRS,
    "topics": _STRS,
    "adjectives": _STRS,
    "plugins": _STRS,
    "secrets": {
        "type": "object",
        "additionalProperties": {"type": ["string", "number", "boolean"]},
    },
    "style": _STYLE,
}
# @elizaos/core 1.x: strict; messageExamples MessageExample[][]; knowledge paths or objects;
# settings values string | boolean | number | object | array.
ELIZA_V1_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name", "bio"],
    "additionalProperties": False,
    "properties": {
        **_ELIZA_COMMON,
        "templates": {"type": "object", "additionalProperties": _STR},
        "messageExamples": {"type": "array", "items": {"type": "array", "items": _MESSAGE}},
        "knowledge": {
            "type": "array",
            "items": {
                "anyOf": [
                    _STR,
                    {
                        "type": "object",
                        "required": ["path"],
                        "properties": {"path": _STR, "shared": _BOOL},
                    },
                    {
                        "type": "object",
                        "required": ["directory"],
                        "properties": {"directory": _STR, "shared": _BOOL},
                    },
                ]
            },
        },
        "settings": {
            "type": "object",
            "additionalProperties": {"type": ["string", "boolean", "number", "object", "array"]},
        },
    },
}
# @elizaos/core 2.x: strict; messageExamples as MessageExample[][] or {examples: [...]}[];
# knowledge items {item: {case, value}}; settings a loose object.
ELIZA_V2_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "additionalProperties": False,
    "properties": {
        **_ELIZA_COMMON,
        "templates": {"type": "object", "additionalProperties": _STR},
        "messageExamples": {
            "type": "array",
            "items": {
                "anyOf": [
                    {"type": "array", "items": _MESSAGE},
                    {
                        "type": "object",
                        "required": ["examples"],
                        "properties": {"examples": {"type": "array", "items": _MESSAGE}},
                    },
                ]
            },
        },
        "knowledge": {"type": "array", "items": {"type": "object", "required": ["item"]}},
        "settings": {"type": "object"},
        "advancedPlanning": _BOOL,
        "advancedMemory": _BOOL,
    },
}


def validate_eliza(character: dict[str, Any]) -> None:
    jsonschema.validate(character, ELIZA_V1_SCHEMA)
    jsonschema.validate(character, ELIZA_V2_SCHEMA)


# --- agent character (the agent face's shape, shared/seeds/agent-character-api.md) --------

_LINE = {"type": "string", "minLength": 1, "maxLength": 2000}
_SHORT = {"type": "string", "minLength": 1, "maxLength": 100}
AGENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["name"],
    "properties": {
        "name": _SHORT,
        "username": {"type": "string", "minLength": 1, "maxLength": 50},
        "bio": {
            "anyOf": [
                {"type": "string", "maxLength": 10_000},
                {"type": "array", "items": _LINE, "maxItems": 100},
            ]
        },
        "system": {"type": "string", "maxLength": 10_000},
        "adjectives": {"type": "array", "items": _SHORT, "maxItems": 100},
        "topics": {"type": "array", "items": _SHORT, "maxItems": 100},
        "style": {
            "type": "object",
            "additionalProperties": False,
            "properties": {
                k: {"type": "array", "items": _LINE, "maxItems": 100}
                for k in ("all", "chat", "post")
            },
        },
        "messageExamples": {
            "type": "array",
            "maxItems": 100,
            "items": {
                "type": "array",
                "maxItems": 20,
                "items": {
                    "type": "object",
                    "additionalProperties": False,
                    "required": ["name", "content"],
                    "properties": {
                        "name": _SHORT,
                        "content": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["text"],
                            "properties": {"text": {"type": "string", "maxLength": 10_000}},
                        },
                    },
                },
            },
        },
        "postExamples": {"type": "array", "items": _LINE, "maxItems": 100},
        "settings": {"type": "object"},
    },
}


def validate_agent(agent: dict[str, Any]) -> None:
    jsonschema.validate(agent, AGENT_SCHEMA)


# --- Inconnu ------------------------------------------------------------------------------

INCONNU_SPLATS = {"vampire", "ghoul", "mortal", "thin-blood"}
INCONNU_RESERVED = {"Willpower", "Hunger", "Humanity", "Surge", "Potency", "Bane", "current_hunger"}
_TRAIT = re.compile(r"^[A-Za-z_]+$")


def validate_inconnu(body: dict[str, Any]) -> None:
    """CreationBody: field ranges, the name rule, trait and subtrait rules."""
    name = " ".join(body["name"].split())
    assert 0 < len(name) <= 30 and re.match(r"^([^\W]|[-_\s'])+$", name), name
    assert body["splat"] in INCONNU_SPLATS
    assert 4 <= body["health"] <= 20
    assert 2 <= body["willpower"] <= 10
    assert 0 <= body["humanity"] <= 10
    assert 0 <= body["blood_potency"] <= 10
    if body["splat"] in ("mortal", "ghoul"):
        assert body["blood_potency"] == 0
    if body["splat"] == "thin-blood":
        assert body["blood_potency"] <= 2
    assert isinstance(body["convictions"], list) and len(body["convictions"]) <= 3
    assert all(len(c) <= 200 for c in body["convictions"])
    assert len(body["biography"]) <= 1024 and len(body["description"]) <= 1024
    seen: set[str] = set()
    for trait in body["traits"]:
        n = trait["name"]
        assert n.casefold() not in seen, f"duplicate trait {n}"
        seen.add(n.casefold())
        assert len(n) <= 20 and _TRAIT.match(n), n
        assert n.title() not in INCONNU_RESERVED and n.lower() not in INCONNU_RESERVED
        assert n.lower() not in ("powerbonus", "power_bonus")
        assert isinstance(trait["rating"], int)
        assert trait["type"] in ("attribute", "skill", "discipline", "custom", "inherent")
        subs = trait["subtraits"]
        if subs:
            assert trait["type"] in ("skill", "custom", "discipline"), trait
        sub_seen: set[str] = set()
        for s in subs:
            assert s and len(s) <= 20 and _TRAIT.match(s), s
            assert s.casefold() not in sub_seen
            sub_seen.add(s.casefold())
