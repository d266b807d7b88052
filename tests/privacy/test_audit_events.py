"""The DPO's view of the trail: filters, cursor pages, CSV; reading it is itself recorded."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import httpx

from app.clock import ManualClock
from app.db import Mongo
from tests.documents_api.helpers import ALL_KINDS, call_of_kind
from tests.privacy.helpers import Person, apply_with_documents
from tests.privacy.keys import current_pseudonym

DPO = {"sub": "dpo-1"}


async def _two_candidates(client: httpx.AsyncClient, auth, clock: ManualClock
                          ) -> tuple[Person, Person]:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    ana = Person("cand-ana", "ana.silva@example.org", "Ana", "Silva")
    bob = Person("cand-bob", "bob.berg@example.org", "Bob", "Berg")
    await apply_with_documents(client, auth, call_id=call["id"], person=ana)
    clock.advance(timedelta(hours=2))
    await apply_with_documents(client, auth, call_id=call["id"], person=bob)
    await client.get(f"/api/v1/applications/{bob.application_id}", headers=auth("hr", sub="hr-1"))
    return ana, bob


async def test_filters_narrow_the_trail(client: httpx.AsyncClient, auth, mongo: Mongo,
                                        clock: ManualClock, settings) -> None:
    ana, bob = await _two_candidates(client, auth, clock)
    dpo = auth("dpo", **DPO)
    bob_alias = await current_pseudonym(mongo.db, settings, bob.sub)

    async def items(**params: str) -> list[dict]:
        response = await client.get("/api/v1/audit-events", params=params, headers=dpo)
        assert response.status_code == 200, response.text
        found: list[dict] = response.json()["items"]
        return found

    by_alias = await items(pseudonym=str(bob_alias), limit="200")
    assert by_alias and all(bob_alias in (e["actor"], e["subject_id"]) for e in by_alias)
    assert {e["subject_id"] for e in await items(subject=bob.sub)} == {bob_alias}
    hr_reads = await items(actor="hr-1", action="read", resource="application")
    assert [e["resource_id"] for e in hr_reads] == [bob.application_id]
    # Ana applied two hours before Bob: the time range separates them.
    between = clock.now() - timedelta(hours=1)
    ana_alias = await current_pseudonym(mongo.db, settings, ana.sub)
    recent = await items(since=between.isoformat(), limit="200")
    assert recent and ana_alias not in {e["subject_id"] for e in recent}
    assert await items(until=between.isoformat(), person=ana.sub)
    assert not await items(until=between.isoformat(), person=bob.sub)
    bad = await client.get("/api/v1/audit-events", params={"action": "peek"}, headers=dpo)
    assert bad.status_code == 422


async def test_pages_follow_the_cursor_and_reading_is_recorded(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    await _two_candidates(client, auth, clock)
    dpo = auth("dpo", **DPO)
    total = await mongo.db.audit_events.count_documents({})
    seen: list[str] = []
    cursor = None
    while True:
        params = {"limit": "3", **({"cursor": cursor} if cursor else {})}
        page = (await client.get("/api/v1/audit-events", params=params, headers=dpo)).json()
        seen += [e["id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if cursor is None:
            break
    assert len(seen) == len(set(seen)) >= total  # each once; the reads added more behind us
    reads = await mongo.db.audit_events.count_documents({"actor": "dpo-1",
                                                         "resource": "audit_events"})
    assert reads >= 2
    assert (await client.get("/api/v1/audit-events", headers=auth("hr", sub="h"))
            ).status_code == 403


async def test_csv_export_has_every_matching_event_and_is_recorded(
        client: httpx.AsyncClient, auth, mongo: Mongo, clock: ManualClock) -> None:
    ana, _ = await _two_candidates(client, auth, clock)
    response = await client.get("/api/v1/audit-events.csv", params={"person": ana.sub},
                                headers=auth("dpo", **DPO))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = (await client.get("/api/v1/audit-events", params={"person": ana.sub, "limit": "200"},
                               headers=auth("dpo", **DPO))).json()["items"]
    assert [r["id"] for r in rows] == [e["id"] for e in listed]
    assert ana.sub not in response.text and ana.email not in response.text
    assert await mongo.db.audit_events.count_documents(
        {"actor": "dpo-1", "action": "export", "resource": "audit_events"}) == 1
