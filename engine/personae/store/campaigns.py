"""Default campaigns: one per company, created the first time a caller names none."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..identity import now_iso

if TYPE_CHECKING:
    from .db import Store

DEFAULT_CAMPAIGN_NAME = "Default campaign"


class CampaignRecords:
    """The `campaigns` table (Valentina needs every character in a campaign)."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def default_for(self, company_id: str, new_id: str) -> str:
        """The company's default campaign id; `new_id` becomes it on first use."""
        with self.store.transaction() as db:
            row = db.execute(
                "select id from campaigns where company_id = ? and is_default = 1",
                [company_id],
            ).fetchone()
            if row is not None:
                return str(row[0])
            now = now_iso()
            db.table("campaigns").insert(
                {
                    "id": new_id,
                    "company_id": company_id,
                    "name": DEFAULT_CAMPAIGN_NAME,
                    "is_default": 1,
                    "date_created": now,
                    "date_modified": now,
                }
            )
            return new_id

    def find_default(self, company_id: str) -> str | None:
        """The default campaign id if it exists (reads never create one)."""
        with self.store.read() as db:
            row = db.execute(
                "select id from campaigns where company_id = ? and is_default = 1",
                [company_id],
            ).fetchone()
        return None if row is None else str(row[0])
