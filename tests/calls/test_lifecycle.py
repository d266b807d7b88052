"""The lifecycle: draft → published → closed → completed, cancellation, and corrigenda."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest

from tests.calls.helpers import create_call, published_call


def _url(call: dict, action: str = "") -> str:
    return f"/api/v1/calls/{call['id']}" + (f"/{action}" if action else "")


async def test_full_life_records_each_step(client: httpx.AsyncClient, auth, clock,
                                           mongo) -> None:
    hr = auth("hr", sub="hr-1")
    call = await create_call(client, hr)
    published = await client.post(_url(call, "publish"), headers=hr)
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["published_at"] == "2026-11-22T10:00:00Z"
    assert published.headers["etag"] == '"v2"'
    clock.advance(timedelta(days=1))
    closed = await client.post(_url(call, "close"), headers=hr)
    assert closed.json()["status"] == "closed"
    assert closed.json()["closed_at"] == "2026-11-23T10:00:00Z"
    assert closed.json()["closed_reason"] == "manual"
    completed = await client.post(_url(call, "complete"), headers=hr)
    assert completed.json()["status"] == "completed"
    assert completed.json()["completed_at"] == "2026-11-23T10:00:00Z"
    stored = await mongo.db.calls.find_one({"reference": call["reference"]})
    assert [(h["from"], h["to"], h["by"]) for h in stored["history"]] == [
        ("draft", "published", "hr-1"), ("published", "closed", "hr-1"),
        ("closed", "completed", "hr-1")]
    staff_view = (await client.get(_url(call), headers=hr)).json()
    assert [(h["from"], h["to"], h["at"]) for h in staff_view["history"]] == [
        ("draft", "published", "2026-11-22T10:00:00Z"),
        ("published", "closed", "2026-11-23T10:00:00Z"),
        ("closed", "completed", "2026-11-23T10:00:00Z")]


@pytest.mark.parametrize("start", ["draft", "published"])
async def test_cancel_from_draft_or_published(client: httpx.AsyncClient, auth, start) -> None:
    hr = auth("hr")
    call = await (create_call if start == "draft" else published_call)(client, hr)
    response = await client.post(_url(call, "cancel"), headers=hr)
    assert response.status_code == 200
    assert response.json()["status"] == "cancelled"
    assert response.json()["cancelled_at"] == "2026-11-22T10:00:00Z"


@pytest.mark.parametrize(("path", "action", "allowed"), [
    (["publish"], "publish", ["close", "cancel"]),
    ([], "close", ["publish", "cancel"]),
    ([], "complete", ["publish", "cancel"]),
    (["publish"], "complete", ["close", "cancel"]),
    (["publish", "close"], "cancel", ["complete"]),
    (["publish", "close"], "publish", ["complete"]),
    (["cancel"], "publish", []),
    (["publish", "close", "complete"], "close", []),
])
async def test_illegal_transitions_are_409_with_the_allowed_ones(
    client: httpx.AsyncClient, auth, path, action, allowed
) -> None:
    hr = auth("hr")
    call = await create_call(client, hr)
    for step in path:
        assert (await client.post(_url(call, step), headers=hr)).status_code == 200
    response = await client.post(_url(call, action), headers=hr)
    assert response.status_code == 409
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["allowed_transitions"] == allowed


async def test_publishing_needs_a_future_deadline(client: httpx.AsyncClient, auth,
                                                  clock) -> None:
    hr = auth("hr")
    past = await create_call(client, hr, deadline="2024-03-27T12:00")
    assert (await client.post(_url(past, "publish"), headers=hr)).status_code == 409
    # Exactly at the deadline instant is already too late.
    call = await create_call(client, hr, reference="EC/TEST/2", deadline="2026-11-22T11:00")
    clock.set(datetime(2026, 11, 22, 10, 0, tzinfo=UTC))
    assert (await client.post(_url(call, "publish"), headers=hr)).status_code == 409


async def test_action_if_match_is_checked_when_sent(client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    call = await create_call(client, hr)
    stale = await client.post(_url(call, "publish"), headers={**hr, "If-Match": '"v9"'})
    assert stale.status_code == 412
    ok = await client.post(_url(call, "publish"), headers={**hr, "If-Match": '"v1"'})
    assert ok.status_code == 200


async def test_published_call_changes_only_by_recorded_corrigendum(
    client: httpx.AsyncClient, auth, clock
) -> None:
    hr = auth("hr", sub="hr-7")
    call = await published_call(client, hr)
    headers = {**hr, "If-Match": '"v2"'}
    refused = await client.patch(_url(call), headers=headers, json={"title": "Changed"})
    assert refused.status_code == 422
    clock.advance(timedelta(hours=1))
    response = await client.patch(_url(call), headers=headers, json={
        "title": "Changed", "places_of_employment": ["Brussels"],
        "deadline": {"local": "2027-01-29T12:00"},
        "corrigendum_reason": "Luxembourg post withdrawn; deadline extended."})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 3
    assert body["deadline"]["utc"] == "2027-01-29T11:00:00Z"
    assert body["corrigenda"] == [{
        "version": 3, "at": "2026-11-22T11:00:00Z", "by": "hr-7",
        "reason": "Luxembourg post withdrawn; deadline extended.",
        "fields": ["deadline", "places_of_employment", "title"]}]
    # The public sees the corrigendum, not who wrote it.
    public = (await client.get(f"/api/v1/public/calls/{call['id']}")).json()
    assert public["corrigenda"][0]["by"] is None
    assert public["history"] == []
    assert public["corrigenda"][0]["fields"] == ["deadline", "places_of_employment", "title"]


async def test_kind_and_reference_never_change_after_publication(
    client: httpx.AsyncClient, auth
) -> None:
    hr = auth("hr")
    call = await published_call(client, hr)
    for change in ({"kind": "ta"}, {"reference": "EC/2099/X/1"}):
        response = await client.patch(_url(call), headers={**hr, "If-Match": '"v2"'},
                                      json={**change, "corrigendum_reason": "typo"})
        assert response.status_code == 409


async def test_a_corrigendum_cannot_move_the_deadline_into_the_past(
    client: httpx.AsyncClient, auth
) -> None:
    hr = auth("hr")
    call = await published_call(client, hr)
    response = await client.patch(_url(call), headers={**hr, "If-Match": '"v2"'}, json={
        "deadline": {"local": "2026-11-01T12:00"}, "corrigendum_reason": "shorter"})
    assert response.status_code == 409


@pytest.mark.parametrize("path", [["publish", "close"], ["publish", "close", "complete"],
                                  ["cancel"]])
async def test_finished_calls_are_read_only(client: httpx.AsyncClient, auth, path) -> None:
    hr = auth("hr")
    call = await create_call(client, hr)
    for step in path:
        await client.post(_url(call, step), headers=hr)
    current = await client.get(_url(call), headers=hr)
    response = await client.patch(_url(call), headers={**hr, "If-Match": current.headers["etag"]},
                                  json={"title": "x", "corrigendum_reason": "too late"})
    assert response.status_code == 409
    assert "allowed_transitions" in response.json()


async def test_an_unchanged_patch_changes_nothing(client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    call = await published_call(client, hr)
    response = await client.patch(_url(call), headers={**hr, "If-Match": '"v2"'}, json={
        "title": call["title"], "corrigendum_reason": "no-op"})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert response.json()["corrigenda"] == []
