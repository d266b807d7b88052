"""Reading the notification ``outbox`` for the people it is addressed to (read only: delivery
is ``repositories/outbox.py``'s business)."""

from __future__ import annotations

from bson import ObjectId

from app.db import Db
from app.models.common import PageParams
from app.models.stored_more import OutboxMessageDoc
from app.repositories.outbox import outbox
from app.repositories.paging import PageSlice, newest_first

COLLECTION = "outbox"
OWN_APPLICATIONS_CAP = 1000


async def own_applications(db: Db, *, owner_sub: str) -> dict[ObjectId, ObjectId]:
    """application id → call id of the applications a candidate filed themselves (ids only:
    no personal data is read here)."""
    found = await db["applications"].find(
        {"channel": "candidate", "owner_sub": owner_sub}, {"_id": 1, "call_id": 1}
    ).limit(OWN_APPLICATIONS_CAP).to_list()
    return {doc["_id"]: doc["call_id"] for doc in found}


async def page_for_applications(db: Db, *, application_ids: list[ObjectId], page: PageParams
                                ) -> PageSlice[OutboxMessageDoc]:
    """The messages about these applications, newest first."""
    return await newest_first(outbox(db), {"application_id": {"$in": application_ids}},
                              page)
