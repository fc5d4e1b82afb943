"""NPC contexts (npcbuilder-style): the document's typed bodies, the stored record and the
response views."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ...errors import InvalidRequestError, problems_from
from ...seeding import MAX_SEED

Role = Literal[
    "noRole",
    "protagonist",
    "antagonist",
    "secondaryCharacter",
    "tertiaryCharacter",
    "mentor",
    "enemy",
    "villain",
    "rival",
    "shopkeeper",
    "healer",
    "questGiver",
    "innkeeper",
    "guard",
    "familyMember",
    "loveInterest",
    "scientist",
    "politician",
    "criminal",
    "explorer",
    "wizard",
    "ghost",
    "animalCompanion",
    "artificialIntelligence",
]
Tone = Literal["formal", "casual", "sarcastic", "mysterious", "emotive"]
Age = Literal["infant", "child", "teenager", "youngAdult", "adult", "middleAged", "elderly"]
ROLES: tuple[str, ...] = Role.__args__  # type: ignore[attr-defined]
CATEGORIES = ("violence", "sexual", "drugs")
NAME_MAX = 25  # the document's limit on an NPC name
Text = Annotated[str, Field(min_length=1, max_length=400)]
ItemName = Annotated[str, Field(min_length=1, max_length=100)]


class _Body(BaseModel):
    # strict over HTTP ({"seed": "1"} is a 400 naming seed); NPCBody.parse is lenient
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, strict=True)


class Filters(_Body):
    """When `active`, every category set to false is kept out of generated content."""

    active: bool = False
    violence: bool = True
    sexual: bool = True
    drugs: bool = True

    def blocked(self) -> set[str]:
        return {c for c in CATEGORIES if not getattr(self, c)} if self.active else set()


class TradeItem(_Body):
    type: Literal["trade"]
    itemName: ItemName
    unit: Annotated[str, Field(min_length=1, max_length=40)]
    value: Annotated[float, Field(ge=0, le=1e9)]
    description: Annotated[str, Field(max_length=400)] = ""


class ConsumableItem(_Body):
    type: Literal["consumable"]
    itemName: ItemName
    quantity: Annotated[int, Field(ge=1, le=1_000_000)]
    description: Annotated[str, Field(max_length=400)] = ""


class EquipmentItem(_Body):
    type: Literal["equipment"]
    itemName: ItemName
    description: Annotated[str, Field(max_length=400)] = ""


class KeyItem(_Body):
    type: Literal["keyItem"]
    itemName: ItemName
    description: Annotated[str, Field(max_length=400)] = ""


Item = Annotated[TradeItem | ConsumableItem | EquipmentItem | KeyItem, Field(discriminator="type")]


class Event(_Body):
    type: Literal["action", "item", "dialogue", "location"]
    eventName: Annotated[str, Field(min_length=1, max_length=100)]
    description: Annotated[str, Field(max_length=400)] = ""


class Quest(_Body):
    description: Annotated[str, Field(min_length=1, max_length=125)]
    objective: Annotated[str, Field(min_length=1, max_length=125)]
    reward: Annotated[str, Field(min_length=1, max_length=125)]


class NPCBody(_Body):
    """The create body of the document; every field optional (left out = generated)."""

    age: Age | None = None
    description: Annotated[str, Field(min_length=1, max_length=1400)] | None = None
    gender: Annotated[str, Field(min_length=1, max_length=40)] | None = None
    model: Literal["standard", "premium"] = "standard"
    filters: Filters | None = None
    items: Annotated[list[Item], Field(max_length=50)] | None = None
    events: Annotated[list[Event], Field(max_length=50)] | None = None
    name: Annotated[str, Field(min_length=1, max_length=NAME_MAX)] | None = None
    quests: Annotated[list[Quest], Field(max_length=20)] | None = None
    role: Role | None = None
    tone: Tone | None = None
    traits: (
        Annotated[list[Annotated[str, Field(min_length=1, max_length=40)]], Field(max_length=20)]
        | None
    ) = None
    seed: Annotated[int, Field(ge=0, le=MAX_SEED)] | None = None

    @classmethod
    def parse(cls, data: dict[str, Any] | NPCBody) -> NPCBody:
        if isinstance(data, NPCBody):
            return data
        try:
            return cls.model_validate(data, strict=False)
        except ValidationError as exc:
            raise InvalidRequestError(problems_from(exc)) from None


class NPC(BaseModel):
    """A stored NPC: the full typed record."""

    character_id: str
    game_id: str
    world_id: str
    region_id: str | None = None
    location_id: str | None = None
    session_id: str | None = None
    seed: int
    model: str
    backend: str
    filters: Filters
    age: Age
    description: str
    gender: str
    items: list[Item]
    events: list[Event]
    name: str
    quests: list[Quest]
    role: Role
    tone: Tone
    traits: list[str]
    sources: dict[str, str]
    date_created: str
    date_modified: str

    def context(self) -> dict[str, Any]:
        """`character_context` exactly as the document shows it."""
        return {
            "age": self.age,
            "description": self.description,
            "gender": self.gender,
            "items": [_item_view(i) for i in self.items],
            "name": self.name,
            "quests": [q.model_dump() for q in self.quests],
            "role": self.role,
            "tone": self.tone,
            "traits": list(self.traits),
        }

    def created_response(self) -> dict[str, Any]:
        return {
            "message": f"Character: {self.character_id} has been created with the "
            "following context.",
            "character_id": self.character_id,
            "character_context": self.context(),
        }

    def full_view(self) -> dict[str, Any]:
        data = self.model_dump(mode="json")
        data["character_context"] = self.context()
        return data


def _item_view(item: Any) -> dict[str, Any]:
    data = item.model_dump(exclude={"type", "description"})
    if isinstance(item, TradeItem) and float(item.value).is_integer():
        data["value"] = int(item.value)
    return data


