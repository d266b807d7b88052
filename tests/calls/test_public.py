"""Anyone may read published calls, and nothing else."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx

from tests.calls.helpers import create_call, published_call


async def _public_ids(client: httpx.AsyncClient, **params) -> list[str]:
    response = await client.get("/api/v1/public/calls", params=params)
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


async def test_only_published_calls_are_public(client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    draft = await create_call(client, hr, reference="EC/T/draft")
    published = await published_call(client, hr, reference="EC/T/published")
    closed = await published_call(client, hr, reference="EC/T/closed")
    await client.post(f"/api/v1/calls/{closed['id']}/close", headers=hr)
    cancelled = await published_call(client, hr, reference="EC/T/cancelled")
    await client.post(f"/api/v1/calls/{cancelled['id']}/cancel", headers=hr)

    assert await _public_ids(client) == [published["id"]]
    assert (await client.get(f"/api/v1/public/calls/{published['id']}")).status_code == 200
    for hidden in (draft, closed, cancelled):
        response = await client.get(f"/api/v1/public/calls/{hidden['id']}")
        assert response.status_code == 404
    assert (await client.get("/api/v1/public/calls/not-an-id")).status_code == 404


async def test_public_filters(client: httpx.AsyncClient, auth, clock) -> None:
    hr = auth("hr")
    sne = await published_call(client, hr, notice="sne", deadline="2026-12-01T12:00")
    ca = await published_call(client, hr, notice="ca")
    hr_digit = auth("hr", unit="DIGIT")  # HR is scoped to its DG
    digit = await published_call(client, hr_digit, notice="ca_digit")
    ta = await published_call(client, hr_digit, notice="ta")

    assert await _public_ids(client, kind="sne") == [sne["id"]]
    assert await _public_ids(client, unit="CNECT.A") == [ca["id"], sne["id"]]
    assert await _public_ids(client, unit="DIGIT") == [ta["id"], digit["id"]]
    assert await _public_ids(client, place="luxembourg") == [digit["id"], ca["id"]]
    assert await _public_ids(client, place="Lux") == []  # a place, not a substring
    assert await _public_ids(client, q="security officer") == [ta["id"]]
    assert await _public_ids(client, q="EC/2024/CNECT/443651") == [ca["id"]]
    assert await _public_ids(client, open_now="true") == [ta["id"], digit["id"], ca["id"],
                                                          sne["id"]]
    # After the SNE deadline (and before the closure job has run) it is no longer open.
    clock.advance(timedelta(days=10))
    assert sne["id"] not in await _public_ids(client, open_now="true")
    assert sne["id"] in await _public_ids(client)


async def test_public_routes_need_no_token_and_ignore_bad_ones(client: httpx.AsyncClient,
                                                               auth) -> None:
    call = await published_call(client, auth("hr"))
    response = await client.get(f"/api/v1/public/calls/{call['id']}",
                                headers={"Authorization": "Bearer rubbish"})
    assert response.status_code == 200
    assert response.json()["reference"] == call["reference"]


async def test_the_list_carries_summaries_that_link_to_the_full_notice(
        client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    call = await published_call(client, hr, notice="ca")
    listed = await client.get("/api/v1/public/calls")
    [item] = listed.json()["items"]
    assert len(json.dumps(item).encode()) <= 1024  # a summary, not the 4-5 KB notice
    assert {k: item[k] for k in ("id", "reference", "title", "kind", "unit", "status")} == {
        k: call[k] for k in ("id", "reference", "title", "kind", "unit", "status")}
    assert item["places_of_employment"] == call["places_of_employment"]
    assert item["deadline"] == call["deadline"]
    assert "criteria" not in item and "profiles" not in item
    notice = await client.get(item["links"]["notice"])
    assert notice.status_code == 200
    assert notice.json()["criteria"] == call["criteria"]


async def test_anonymous_answers_are_cacheable_and_revalidated(
        client: httpx.AsyncClient, auth) -> None:
    hr = auth("hr")
    call = await published_call(client, hr, notice="ca", reference="EC/T/cache-1")
    for url in ("/api/v1/public/calls", f"/api/v1/public/calls/{call['id']}"):
        first = await client.get(url)
        assert first.headers["Cache-Control"] == "public, max-age=60"
        tag = first.headers["ETag"]
        again = await client.get(url, headers={"If-None-Match": tag})
        assert again.status_code == 304
        assert again.content == b""
        assert again.headers["ETag"] == tag
        stale = await client.get(url, headers={"If-None-Match": '"something-else"'})
        assert stale.status_code == 200
        assert stale.json() == first.json()
    # A new publication changes the list, and so its ETag: the old copy is no longer current.
    listed = await client.get("/api/v1/public/calls")
    await published_call(client, hr, notice="ca", reference="EC/T/cache-2")
    after = await client.get("/api/v1/public/calls",
                             headers={"If-None-Match": listed.headers["ETag"]})
    assert after.status_code == 200
    assert len(after.json()["items"]) == 2
