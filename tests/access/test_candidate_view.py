"""The candidate's view: their statuses and dates, never HR's internal reasons nor staff ids."""

from __future__ import annotations

import httpx

from tests.applications.factories import (
    candidate,
    decide,
    hr,
    open_call,
    permrep,
    profile,
    submitted,
)

REASON = "Panel outcome: selected after comparison with cand-9"


def _assert_candidate_history(history: list[dict], statuses: list[tuple[str, str]]) -> None:
    assert [(h["from"], h["to"]) for h in history] == statuses
    for entry in history:
        assert set(entry) == {"at", "from", "to"}, entry


async def test_candidate_sees_statuses_and_dates_only(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"])
    # The candidate's own actions answer in the candidate's view too.
    _assert_candidate_history(application["status_history"], [("draft", "submitted")])
    url = f"/api/v1/applications/{application['id']}"
    assert (await decide(client, hr(auth), application["id"], "eligible", REASON)
            ).status_code == 200
    expected = [("draft", "submitted"), ("submitted", "eligible")]

    own = await client.get(url, headers=candidate(auth))
    assert own.status_code == 200
    _assert_candidate_history(own.json()["status_history"], expected)
    assert "Panel outcome" not in own.text and "hr-1" not in own.text

    listed = await client.get("/api/v1/applications", headers=candidate(auth))
    _assert_candidate_history(listed.json()["items"][0]["status_history"], expected)
    assert "Panel outcome" not in listed.text and "hr-1" not in listed.text

    other = await submitted(client, candidate(auth, "cand-2"), call["id"])
    withdrawn = await client.post(f"/api/v1/applications/{other['id']}/withdraw",
                                  headers=candidate(auth, "cand-2"))
    assert withdrawn.status_code == 200
    _assert_candidate_history(withdrawn.json()["status_history"],
                              [("draft", "submitted"), ("submitted", "withdrawn")])


async def test_staff_still_see_who_and_why(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"])
    decided = await decide(client, hr(auth), application["id"], "eligible", REASON)
    last = decided.json()["status_history"][-1]
    assert last["by"] == "hr-1" and last["reason"] == REASON
    read = await client.get(f"/api/v1/applications/{application['id']}", headers=hr(auth))
    assert read.json()["status_history"][-1] == last
    listed = await client.get("/api/v1/applications", headers=hr(auth))
    assert listed.json()["items"][0]["status_history"][-1] == last


async def test_the_permanent_representation_sees_what_the_candidate_sees(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="sne")
    application = await submitted(client, permrep(auth), call["id"], profile=profile())
    assert (await decide(client, hr(auth), application["id"], "eligible", REASON)
            ).status_code == 200
    own = await client.get(f"/api/v1/applications/{application['id']}", headers=permrep(auth))
    _assert_candidate_history(own.json()["status_history"],
                              [("draft", "submitted"), ("submitted", "eligible")])
    assert "Panel outcome" not in own.text


async def test_the_stored_history_keeps_everything(client: httpx.AsyncClient, auth,
                                                   mongo) -> None:
    """The candidate's view is a read model: the record itself loses nothing."""
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"])
    await decide(client, hr(auth), application["id"], "eligible", REASON)
    await client.get(f"/api/v1/applications/{application['id']}", headers=candidate(auth))
    from bson import ObjectId

    stored = await mongo.db.applications.find_one({"_id": ObjectId(application["id"])})
    assert stored["status_history"][-1]["reason"] == REASON
    assert stored["status_history"][-1]["by"] == "hr-1"
