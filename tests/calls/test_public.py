"""Anyone may read published calls, and nothing else."""

from __future__ import annotations

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
