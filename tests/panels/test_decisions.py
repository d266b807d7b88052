"""Decisions from the ranking: one bulk action per stage, idempotent, notifying only the chosen."""

from __future__ import annotations

import httpx

from app.db import Mongo
from tests.applications.factories import hr
from tests.panels.helpers import CHAIR, Setup, panel
from tests.panels.panel_table import PASSED_PRESELECTION
from tests.panels.scenario import score_interviews

REASON = {"reason": "Ranking of the panel, 12 March."}


async def decide(client: httpx.AsyncClient, headers: dict[str, str], call_id: str, stage: str,
                 **body: object) -> httpx.Response:
    return await client.post(f"/api/v1/calls/{call_id}/ranking/decisions?stage={stage}",
                             json={**REASON, **body}, headers=headers)


async def statuses(client: httpx.AsyncClient, auth, s: Setup) -> list[str]:
    return [(await client.get(f"/api/v1/applications/{a}", headers=hr(auth))).json()["status"]
            for a in s.applications]


async def test_both_stages_decided_from_the_ranking(client: httpx.AsyncClient, auth,
                                                   panel_setup: Setup, mongo: Mongo) -> None:
    s = panel_setup
    assert (await decide(client, panel(auth, CHAIR), s.call_id, "preselection")
            ).status_code == 403
    outbox_before = await mongo.db.outbox.count_documents({})
    first = await decide(client, hr(auth), s.call_id, "preselection")
    assert first.status_code == 200, first.text
    body = first.json()
    failed = sorted(set(range(20)) - set(PASSED_PRESELECTION))
    assert sorted(s.applications.index(c["application_id"]) for c in body["changed"]) == failed
    assert {c["to_status"] for c in body["changed"]} == {"not_selected"}
    assert (body["unchanged"], body["notified"]) == (10, 0)
    expected = ["preselected" if i in PASSED_PRESELECTION else "not_selected" for i in range(20)]
    assert await statuses(client, auth, s) == expected
    assert await mongo.db.outbox.count_documents({}) == outbox_before  # nobody is told "no"
    assert await mongo.db.audit_events.count_documents(
        {"action": "decide", "detail": {"$regex": "panel preselection"}}) == 10
    # The same action again changes nothing.
    again = (await decide(client, hr(auth), s.call_id, "preselection")).json()
    assert (again["changed"], again["unchanged"]) == ([], 20)

    # The interview cannot be decided while applications wait for their scores.
    early = await decide(client, hr(auth), s.call_id, "interview", places=2)
    assert early.status_code == 409 and early.json()["type"].endswith("not-in-stage")
    await score_interviews(client, auth, s)
    response = await decide(client, hr(auth), s.call_id, "interview", places=2)
    assert response.status_code == 200, response.text
    done = response.json()
    assert done["notified"] == 2
    final = await statuses(client, auth, s)
    assert [i for i, st in enumerate(final) if st == "selected"] == [0, 5]
    assert [i for i, st in enumerate(final) if st == "reserve"] == [1, 2, 3, 8, 10]
    assert [i for i in PASSED_PRESELECTION if final[i] == "not_selected"] == [7, 9, 11]
    history = (await client.get(f"/api/v1/applications/{s.applications[0]}",
                                headers=hr(auth))).json()["status_history"]
    assert [h["to"] for h in history[-2:]] == ["interviewed", "selected"]
    selected_ids = {s.applications[0], s.applications[5]}
    notices = [str(d["application_id"]) async for d in mongo.db.outbox.find(
        {"template": "selected"})]
    assert sorted(notices) == sorted(selected_ids)
    repeat = (await decide(client, hr(auth), s.call_id, "interview", places=2)).json()
    assert (repeat["changed"], repeat["notified"]) == ([], 0)
    assert await mongo.db.outbox.count_documents({"template": "selected"}) == 2
