"""Drive the published Valentina client (vclient 3.4) against a running `personae serve`.

Run with the client's own Python 3.13 venv:

    .venv/vclient/bin/python tests/contract/drive_client.py BASE_URL API_KEY

Walks the seed document's autogen workflow, chargen sessions, then every character and
trait read for each class, and company scoping. Prints one JSON report on stdout
({"passed": [...], "failed": [...]}) and exits 1 when anything failed. Every response is
parsed by the client's own models on the way, so a shape mismatch is a failure here.
"""

from __future__ import annotations

import asyncio
import json
import sys
import traceback
from collections.abc import Awaitable, Callable
from typing import Any

from vclient import VClient
from vclient.exceptions import NotFoundError, ServerError, ValidationError
from vclient.models import Character, CharacterDetail, CharacterTrait

CLASSES = ["VAMPIRE", "WEREWOLF", "HUNTER", "MORTAL", "GHOUL"]
LEVELS = ["NEW", "INTERMEDIATE", "ADVANCED", "ELITE"]
FOCUSES = ["JACK_OF_ALL_TRADES", "BALANCED", "SPECIALIST"]
COMPANY = "co-contract"
OTHER_COMPANY = "co-elsewhere"
CAMPAIGN = "camp-contract"
USER = "user-contract"


class Report:
    def __init__(self) -> None:
        self.passed: list[str] = []
        self.failed: list[str] = []

    def check(self, name: str, ok: bool, detail: Any = "") -> None:
        (self.passed if ok else self.failed).append(name if ok else f"{name}: {detail}")

    async def run(self, name: str, step: Callable[[], Awaitable[None]]) -> None:
        try:
            await step()
        except Exception:
            self.failed.append(f"{name}: {traceback.format_exc(limit=4)}")


async def expect_status(coro: Awaitable[Any], error: type[Exception]) -> Exception | None:
    try:
        await coro
    except error as exc:
        return exc
    return None


async def main(base_url: str, api_key: str) -> int:
    report = Report()
    client = VClient(base_url=base_url, api_key=api_key, set_as_default=True, max_retries=0)
    try:
        await drive(client, report)
    finally:
        await client.close()
    print(json.dumps({"passed": report.passed, "failed": report.failed}, indent=1))
    return 1 if report.failed else 0


async def drive(client: VClient, report: Report) -> None:
    from vclient import character_autogen_service

    made: dict[str, Character] = {}
    state: dict[str, Any] = {}

    # 1. the seed document's workflow, through the factory function --------------------------
    async def seed_workflow() -> None:
        autogen = character_autogen_service(on_behalf_of=USER, company_id=COMPANY)
        character = await autogen.generate_character(
            campaign_id=CAMPAIGN,
            character_type="PLAYER",
            character_class="VAMPIRE",
            experience_level="NEW",
        )
        report.check("seed: generate_character parses", isinstance(character, Character))
        report.check(
            "seed: owners",
            (character.company_id, character.campaign_id, character.user_creator_id)
            == (COMPANY, CAMPAIGN, USER),
            (character.company_id, character.campaign_id, character.user_creator_id),
        )
        report.check("seed: specialties typed", all(s.type for s in character.specialties))
        report.check("seed: health", character.health is not None and character.health.size > 0)
        made["seed"] = character
        session = await autogen.start_chargen_session(campaign_id=CAMPAIGN)
        report.check("seed: session expires", session.expires_at is not None)
        report.check("seed: session options", len(session.characters) >= 1, len(session.characters))
        report.check(
            "seed: session owners", (session.user_id, session.campaign_id) == (USER, CAMPAIGN)
        )
        report.check("seed: options are temporary", all(c.is_temporary for c in session.characters))
        listed = await autogen.list_all()
        report.check("chargen: list_all has it", session.id in [s.id for s in listed])
        again = await autogen.get(session.id)
        report.check("chargen: get", again.id == session.id)
        final = await autogen.finalize_chargen_session(
            session_id=session.id, selected_character_id=session.characters[0].id
        )
        report.check("seed: finalize keeps the choice", final.id == session.characters[0].id)
        report.check("seed: finalized is permanent", final.is_temporary is False)
        made["finalized"] = final
        state["dropped"] = [c.id for c in session.characters[1:]]
        # an open session for the is_temporary filter and the scoping checks
        state["open_session"] = await autogen.start_chargen_session(campaign_id=CAMPAIGN)

    await report.run("seed workflow", seed_workflow)

    # 2. one character per class and option set
    async def per_class() -> None:
        autogen = client.character_autogen(on_behalf_of=USER, company_id=COMPANY)
        for i, cls in enumerate(CLASSES):
            c = await autogen.generate_character(
                campaign_id=CAMPAIGN,
                character_type="NPC" if i % 2 else "PLAYER",
                character_class=cls,  # type: ignore[arg-type]
                experience_level=LEVELS[i % len(LEVELS)],  # type: ignore[arg-type]
                skill_focus=FOCUSES[i % len(FOCUSES)],  # type: ignore[arg-type]
            )
            report.check(f"{cls}: generated", c.character_class == cls, c.character_class)
            made[cls] = c
        werewolf = await autogen.generate_character(
            campaign_id="camp-2",
            character_type="NPC",
            character_class="WEREWOLF",
            werewolf_tribe_id="glass-walkers",
            werewolf_auspice_id="theurge",
        )
        report.check(
            "WEREWOLF: tribe and auspice options",
            werewolf.werewolf_attributes is not None
            and werewolf.werewolf_attributes.tribe_name == "Glass Walkers",
        )
        made["werewolf-2"] = werewolf
        vampire = await autogen.generate_character(
            campaign_id="camp-2",
            character_type="NPC",
            character_class="VAMPIRE",
            vampire_clan_id="tremere",
            experience_level="ELITE",
        )
        made["tremere"] = vampire

    await report.run("generate per class", per_class)

    chars = client.characters(USER, company_id=COMPANY)

    # 3. listing
    async def listing() -> None:
        page = await chars.get_page(limit=2)
        report.check("get_page: envelope", page.limit == 2 and page.offset == 0, page)
        report.check("get_page: total", page.total >= len(made), (page.total, len(made)))
        everything = await chars.list_all()
        ids = {c.id for c in everything}
        report.check("list_all: every stored character", {c.id for c in made.values()} <= ids)
        report.check("list_all: no dropped options", not ids & set(state.get("dropped", [])))
        walked = [c.id async for c in chars.iter_all(limit=3)]
        report.check("iter_all: pages of 3", sorted(walked) == sorted(ids), len(walked))
        second = await chars.get_page(limit=2, offset=2)
        report.check(
            "get_page: offset",
            second.offset == 2 and second.items[0].id not in {c.id for c in page.items},
        )
        by_campaign = await chars.list_all(campaign_id="camp-2")
        report.check(
            "filter campaign_id",
            {c.id for c in by_campaign} == {made["werewolf-2"].id, made["tremere"].id},
            [c.id for c in by_campaign],
        )
        for cls in CLASSES:
            found = await chars.list_all(character_class=cls)  # type: ignore[arg-type]
            report.check(
                f"filter character_class={cls}",
                bool(found) and all(c.character_class == cls for c in found),
            )
        npcs = await chars.list_all(character_type="NPC")
        report.check("filter character_type", bool(npcs) and all(c.type == "NPC" for c in npcs))
        alive = await chars.list_all(status="ALIVE")
        report.check("filter status", len(alive) == len(everything))
        mine = await chars.list_all(user_creator_id=USER)
        report.check("filter user_creator_id", len(mine) == len(everything))
        none = await chars.list_all(user_creator_id="somebody-else")
        report.check("filter user_creator_id (none)", none == [])
        players = await chars.list_all(user_player_id=USER)
        report.check(
            "filter user_player_id", all(c.user_player_id == USER for c in players) and players
        )
        temporary = await chars.list_all(is_temporary=True)
        open_ids = (
            {c.id for c in state["open_session"].characters} if "open_session" in state else set()
        )
        report.check("filter is_temporary", {c.id for c in temporary} == open_ids, len(temporary))

    await report.run("listing", listing)

    # 4. per-character reads
    for key in [*CLASSES, "tremere", "werewolf-2"]:
        if key not in made:
            continue
        cid = made[key].id

        async def reads(key: str = key, cid: str = cid) -> None:
            plain = await chars.get(cid)
            report.check(f"{key}: get", isinstance(plain, CharacterDetail) and plain.traits is None)
            full = await chars.get(cid, include=["traits", "inventory", "notes", "assets"])
            report.check(f"{key}: include traits", bool(full.traits))
            report.check(
                f"{key}: empty includes",
                (full.inventory, full.notes, full.assets) == ([], [], []),
            )
            report.check(
                f"{key}: character_trait_ids",
                sorted(full.character_trait_ids) == sorted(t.id for t in full.traits or []),
            )
            sheet = await chars.get_full_sheet(cid)
            report.check(f"{key}: full sheet", bool(sheet.sections) and sheet.character.id == cid)
            names = [s.name for s in sheet.sections]
            report.check(f"{key}: sheet sections", "Attributes" in names and "Skills" in names)
            avail = await chars.get_full_sheet(cid, include_available_traits=True)
            report.check(
                f"{key}: available traits",
                any(cat.available_traits for s in avail.sections for cat in s.categories)
                or any(
                    sub.available_traits
                    for s in avail.sections
                    for cat in s.categories
                    for sub in cat.subcategories
                ),
            )
            category = sheet.sections[0].categories[0]
            one = await chars.get_full_sheet_category(cid, category.id)
            report.check(f"{key}: sheet category", one.id == category.id and one.character_traits)
            traits = client.character_traits(cid, USER, company_id=COMPANY)
            listed = await traits.list_all()
            report.check(f"{key}: traits list", len(listed) == len(full.traits or []))
            page = await traits.get_page(limit=5, offset=5)
            report.check(f"{key}: traits page", page.offset == 5 and len(page.items) == 5)
            in_cat = await traits.list_all(category_id=category.id)
            report.check(
                f"{key}: traits by category",
                bool(in_cat) and all(t.trait.category_id == category.id for t in in_cat),
            )
            rollable = await traits.list_all(is_rollable=True)
            report.check(f"{key}: rollable filter", all(t.trait.is_rollable for t in rollable))
            one_trait = await traits.get(listed[0].id)
            report.check(f"{key}: trait get", isinstance(one_trait, CharacterTrait))
            again = await traits.list_all()
            report.check(
                f"{key}: trait ids stable", [t.id for t in again] == [t.id for t in listed]
            )
            trackers = {t.trait.name: t.tracker for t in listed if t.tracker is not None}
            report.check(
                f"{key}: health and willpower trackers",
                {"Health", "Willpower"} <= set(trackers),
                sorted(trackers),
            )
            if key in ("VAMPIRE", "tremere", "MORTAL", "GHOUL"):
                report.check(f"{key}: humanity stains", "Humanity" in trackers)
            if key.startswith("WEREWOLF") or key == "werewolf-2":
                report.check(f"{key}: rage", "Rage" in trackers)
            health = await chars.get_health(cid)
            report.check(
                f"{key}: get_health", health.size == full.health.size if full.health else False
            )
            with_tracker = next(t for t in listed if t.trait.name == "Willpower")
            tracker = await traits.get_tracker(with_tracker.id)
            report.check(f"{key}: get_tracker", tracker == with_tracker.tracker, tracker)
            untracked = next(t for t in listed if t.tracker is None)
            err = await expect_status(traits.get_tracker(untracked.id), NotFoundError)
            report.check(f"{key}: no tracker is 404", err is not None)
            specialties = [s for t in listed for s in t.specialties]
            report.check(f"{key}: skill specialties on traits", bool(specialties))
            error = await expect_status(chars.get_statistics(cid), ServerError)
            report.check(
                f"{key}: statistics is a clear 501",
                error is not None and getattr(error, "status_code", None) == 501,
                error,
            )

        await report.run(f"reads {key}", reads)

    # 5. update and delete
    async def update_delete() -> None:
        target = made["MORTAL"]
        updated = await chars.update(
            target.id,
            name_nick="Ghosty",
            biography="A quiet life, until it was not.",
            demeanor="Caregiver",
            nature="Survivor",
            age=41,
            status="DEAD",
        )
        report.check(
            "update: narrative fields",
            (updated.name_nick, updated.demeanor, updated.age, updated.status)
            == ("Ghosty", "Caregiver", 41, "DEAD"),
        )
        fetched = await chars.get(target.id)
        report.check("update: stored", fetched.name_nick == "Ghosty")
        dead = await chars.list_all(status="DEAD")
        report.check("update: status filter", [c.id for c in dead] == [target.id])
        err = await expect_status(
            chars.update(target.id, character_class="VAMPIRE"), ValidationError
        )
        report.check("update: class is not writable (400)", err is not None, err)
        victim = made["HUNTER"]
        await chars.delete(victim.id)
        gone = await expect_status(chars.get(victim.id), NotFoundError)
        report.check("delete: then 404", gone is not None)
        gone = await expect_status(
            client.character_traits(victim.id, USER, company_id=COMPANY).list_all(),
            NotFoundError,
        )
        report.check("delete: traits 404", gone is not None)

    await report.run("update and delete", update_delete)

    # 6. company scoping
    async def scoping() -> None:
        other = client.characters(USER, company_id=OTHER_COMPANY)
        target = made["VAMPIRE"]
        for name, call in (
            ("get", other.get(target.id)),
            ("full sheet", other.get_full_sheet(target.id)),
            ("health", other.get_health(target.id)),
            ("update", other.update(target.id, name_nick="Thief")),
            ("delete", other.delete(target.id)),
            (
                "traits",
                client.character_traits(target.id, USER, company_id=OTHER_COMPANY).list_all(),
            ),
        ):
            err = await expect_status(call, NotFoundError)
            report.check(f"scoping: {name} is 404", err is not None)
        listed = await other.list_all()
        report.check("scoping: list is empty", listed == [], len(listed))
        autogen = client.character_autogen(on_behalf_of=USER, company_id=OTHER_COMPANY)
        session = state.get("open_session")
        if session is not None:
            err = await expect_status(autogen.get(session.id), NotFoundError)
            report.check("scoping: session get is 404", err is not None)
            err = await expect_status(
                autogen.finalize_chargen_session(session.id, session.characters[0].id),
                NotFoundError,
            )
            report.check("scoping: finalize is 404", err is not None)
            report.check(
                "scoping: sessions list", session.id not in [s.id for s in await autogen.list_all()]
            )
        still = await chars.get(target.id)
        report.check("scoping: untouched", still.name_nick != "Thief")

    await report.run("scoping", scoping)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2])))
