"""Deadlines: local wall time in a zone, stored as a UTC instant, right across summer time."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from pydantic import ValidationError

from app.models.calls import DeadlineIn
from tests.calls.helpers import call_payload


async def test_winter_deadline_cet_is_one_hour_ahead_of_utc(client: httpx.AsyncClient, auth,
                                                            mongo) -> None:
    # "27/03/2024 at midday 12:00 CET" (the AI Office CA call).
    response = await client.post("/api/v1/calls", headers=auth("hr"),
                                 json=call_payload(deadline="2024-03-27T12:00"))
    assert response.status_code == 201, response.text
    deadline = response.json()["deadline"]
    assert deadline == {"local": "2024-03-27T12:00:00", "zone": "Europe/Brussels",
                        "utc": "2024-03-27T11:00:00Z", "last_day": None}
    stored = await mongo.db.calls.find_one({"reference": "EC/2024/CNECT/443651"})
    assert stored["deadline"]["utc"] == datetime(2024, 3, 27, 11, 0, tzinfo=UTC)
    assert stored["deadline"]["local"] == "2024-03-27T12:00:00"


async def test_summer_deadline_cest_is_two_hours_ahead_of_utc(client: httpx.AsyncClient,
                                                              auth) -> None:
    # "26.05.2025 - 12.00 (noon, Brussels time)" (the DIGIT CA call).
    response = await client.post("/api/v1/calls", headers=auth("hr", unit="DIGIT"),
                                 json=call_payload(notice="ca_digit", deadline="2025-05-26T12:00"))
    assert response.status_code == 201, response.text
    assert response.json()["deadline"]["utc"] == "2025-05-26T10:00:00Z"
    assert response.json()["deadline"]["zone"] == "Europe/Brussels"


async def test_zone_defaults_to_brussels(client: httpx.AsyncClient, auth) -> None:
    body = call_payload()
    body["deadline"] = {"local": "2027-07-01T12:00"}
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=body)
    assert response.json()["deadline"]["zone"] == "Europe/Brussels"
    assert response.json()["deadline"]["utc"] == "2027-07-01T10:00:00Z"


async def test_other_zones_are_honoured(client: httpx.AsyncClient, auth) -> None:
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=call_payload(
        deadline="2027-01-15T12:00", zone="Europe/Helsinki"))
    assert response.json()["deadline"]["utc"] == "2027-01-15T10:00:00Z"


@pytest.mark.parametrize("local", ["2025-03-30T02:30", "2025-03-30T02:00", "2025-03-30T02:59"])
async def test_wall_time_skipped_in_spring_is_refused(client: httpx.AsyncClient, auth,
                                                      local: str) -> None:
    response = await client.post("/api/v1/calls", headers=auth("hr"),
                                 json=call_payload(deadline=local))
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert any("does not exist" in e["msg"] for e in response.json()["errors"])


async def test_ambiguous_autumn_time_resolves_to_the_first_occurrence(
    client: httpx.AsyncClient, auth
) -> None:
    # 2025-10-26 02:30 happens twice in Brussels: first at +02:00 (00:30Z), then at +01:00.
    response = await client.post("/api/v1/calls", headers=auth("hr"),
                                 json=call_payload(deadline="2025-10-26T02:30"))
    assert response.status_code == 201
    assert response.json()["deadline"]["utc"] == "2025-10-26T00:30:00Z"


@pytest.mark.parametrize("bad", [
    {"local": "2027-01-15T12:00+01:00"},
    {"local": "2027-01-15T12:00", "zone": "Europe/Atlantis"},
    {"local": "not a date"},
])
async def test_malformed_deadlines_are_refused(client: httpx.AsyncClient, auth, bad) -> None:
    body = call_payload()
    body["deadline"] = bad
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=body)
    assert response.status_code == 422


def test_deadline_model_converts_both_ways_of_summer_time() -> None:
    assert DeadlineIn(local=datetime(2024, 3, 27, 12)).instant() == datetime(
        2024, 3, 27, 11, tzinfo=UTC)
    assert DeadlineIn(local=datetime(2025, 5, 26, 12)).instant() == datetime(
        2025, 5, 26, 10, tzinfo=UTC)
    with pytest.raises(ValidationError):
        DeadlineIn(local=datetime(2025, 3, 30, 2, 30))


async def test_a_date_only_deadline_ends_with_that_day_in_brussels(client: httpx.AsyncClient,
                                                                   auth) -> None:
    """SNE notice: "Latest application date: 25-07-2024" — open until the end of that day in
    Brussels: the instant is 26 July 00:00 CEST (22:00Z on the 25th), exclusive."""
    body = call_payload(notice="sne")
    body["deadline"] = {"last_day": "2024-07-25", "zone": "Europe/Brussels"}
    response = await client.post("/api/v1/calls", headers=auth("hr"), json=body)
    assert response.status_code == 201, response.text
    assert response.json()["deadline"] == {
        "local": "2024-07-26T00:00:00", "zone": "Europe/Brussels",
        "utc": "2024-07-25T22:00:00Z", "last_day": "2024-07-25"}


def test_a_deadline_is_a_wall_time_or_a_last_day_not_both() -> None:
    with pytest.raises(ValidationError):
        DeadlineIn.model_validate({"local": "2024-07-25T12:00", "last_day": "2024-07-25"})
    with pytest.raises(ValidationError):
        DeadlineIn.model_validate({"zone": "Europe/Brussels"})
