"""Drafts: saved incomplete, patched under If-Match, submitted before the deadline, then frozen."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx

from app.clock import ManualClock
from tests.applications.factories import apply, candidate, draft, open_call, permrep, profile


async def test_an_incomplete_draft_is_kept_and_submission_lists_what_is_missing(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], profile={"first_name": "Ana"})
    assert created["profile"]["first_name"] == "Ana"
    assert created["profile"]["last_name"] is None

    refused = await client.post(f"/api/v1/applications/{created['id']}/submit",
                                headers=candidate(auth))
    assert refused.status_code == 422
    missing = {tuple(e["loc"]) for e in refused.json()["errors"]}
    assert {("profile", "last_name"), ("profile", "nationalities"),
            ("profile", "contact")} <= missing
    assert ("profile", "first_name") not in missing


async def test_draft_items_are_still_validated(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    bad = await apply(client, candidate(auth), call["id"],
                      profile={"languages": [{"language": "XX", "level": "C1"}]})
    assert bad.status_code == 422
    unknown_field = await apply(client, candidate(auth), call["id"], profile={"shoe_size": 42})
    assert unknown_field.status_code == 422


async def test_patch_needs_if_match_and_refuses_a_stale_one(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], profile={"first_name": "Ana"})
    url = f"/api/v1/applications/{created['id']}"
    body = {"profile": profile(first_name="Ana Maria")}

    assert (await client.patch(url, json=body, headers=candidate(auth))).status_code == 428

    read = await client.get(url, headers=candidate(auth))
    tag = read.headers["etag"]
    changed = await client.patch(url, json=body, headers={**candidate(auth), "If-Match": tag})
    assert changed.status_code == 200, changed.text
    assert changed.json()["profile"]["first_name"] == "Ana Maria"
    assert changed.headers["etag"] != tag

    stale = await client.patch(url, json={"profile_code": created["profile_code"]},
                               headers={**candidate(auth), "If-Match": tag})
    assert stale.status_code == 412


async def test_patch_leaves_unsent_fields_alone(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    changed = await client.patch(url, json={"special_needs": "Wheelchair access"},
                                 headers={**candidate(auth), "If-Match": '"v1"'})
    assert changed.status_code == 200
    assert changed.json()["profile"] == created["profile"]


async def test_only_the_owner_patches(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    other = await client.patch(url, json={"profile": profile()},
                               headers={**candidate(auth, "cand-2"), "If-Match": '"v1"'})
    assert other.status_code == 404


async def test_permrep_patch_keeps_the_country_rule(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="sne")
    created = await draft(client, permrep(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    moved = await client.patch(url, json={"profile": profile(nationalities=["DE"])},
                               headers={**permrep(auth), "If-Match": '"v1"'})
    assert moved.status_code == 403


async def test_submission_freezes_the_application(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    done = await client.post(f"{url}/submit", headers=candidate(auth))
    assert done.status_code == 200
    assert done.json()["submitted_at"] is not None
    assert done.json()["status_history"][0]["from"] == "draft"
    tag = done.headers["etag"]

    frozen = await client.patch(url, json={"profile": profile(first_name="Changed")},
                                headers={**candidate(auth), "If-Match": tag})
    assert frozen.status_code == 409
    twice = await client.post(f"{url}/submit", headers=candidate(auth))
    assert twice.status_code == 409


async def test_submit_checks_if_match_when_sent(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    stale = await client.post(f"/api/v1/applications/{created['id']}/submit",
                              headers={**candidate(auth), "If-Match": '"v7"'})
    assert stale.status_code == 412


async def test_submit_requires_the_calls_documents(client: httpx.AsyncClient, auth) -> None:
    call = await open_call(client, auth, kind="ta", required=["cv", "motivation_letter"])
    created = await draft(client, candidate(auth), call["id"])
    refused = await client.post(f"/api/v1/applications/{created['id']}/submit",
                                headers=candidate(auth))
    assert refused.status_code == 422
    assert {e["loc"][-1] for e in refused.json()["errors"]} == {"cv", "motivation_letter"}


async def _submit_at(client: httpx.AsyncClient, auth, clock: ManualClock, *, deadline: str,
                     at: datetime, sub: str) -> httpx.Response:
    clock.set(datetime(2025, 1, 10, 9, 0, tzinfo=UTC))
    call = await open_call(client, auth, kind="ca", deadline=deadline)
    created = await draft(client, candidate(auth, sub), call["id"])
    clock.set(at)
    return await client.post(f"/api/v1/applications/{created['id']}/submit",
                             headers=candidate(auth, sub))


async def test_summer_deadline_is_noon_brussels_at_ten_utc(
    client: httpx.AsyncClient, auth, clock: ManualClock
) -> None:
    ok = await _submit_at(client, auth, clock, deadline="2025-05-26T12:00:00",
                          at=datetime(2025, 5, 26, 9, 59, 59, tzinfo=UTC), sub="c-ok")
    assert ok.status_code == 200, ok.text
    late = await _submit_at(client, auth, clock, deadline="2025-05-26T12:00:00",
                            at=datetime(2025, 5, 26, 10, 0, 0, tzinfo=UTC), sub="c-late")
    assert late.status_code == 409
    assert "26/05/2025 12:00" in late.json()["detail"]
    assert "Brussels" in late.json()["detail"]


async def test_winter_deadline_is_noon_brussels_at_eleven_utc(
    client: httpx.AsyncClient, auth, clock: ManualClock
) -> None:
    ok = await _submit_at(client, auth, clock, deadline="2025-03-27T12:00:00",
                          at=datetime(2025, 3, 27, 10, 59, 59, tzinfo=UTC), sub="w-ok")
    assert ok.status_code == 200, ok.text
    late = await _submit_at(client, auth, clock, deadline="2025-03-27T12:00:00",
                            at=datetime(2025, 3, 27, 11, 0, 0, tzinfo=UTC), sub="w-late")
    assert late.status_code == 409
    assert "27/03/2025 12:00" in late.json()["detail"]


async def test_no_new_application_after_the_deadline(
    client: httpx.AsyncClient, auth, clock: ManualClock
) -> None:
    call = await open_call(client, auth, kind="ca")
    clock.set(datetime(2027, 1, 15, 11, 0, tzinfo=UTC))  # noon in Brussels, winter
    late = await apply(client, candidate(auth), call["id"])
    assert late.status_code == 409
    assert "15/01/2027 12:00" in late.json()["detail"]


async def test_withdraw_before_the_deadline_only(
    client: httpx.AsyncClient, auth, clock: ManualClock
) -> None:
    call = await open_call(client, auth, kind="ca")
    first = await draft(client, candidate(auth), call["id"])
    out = await client.post(f"/api/v1/applications/{first['id']}/withdraw",
                            headers=candidate(auth))
    assert out.status_code == 200
    assert out.json()["status"] == "withdrawn"
    again = await client.post(f"/api/v1/applications/{first['id']}/withdraw",
                              headers=candidate(auth))
    assert again.status_code == 409

    second = await draft(client, candidate(auth, "cand-2"), call["id"])
    await client.post(f"/api/v1/applications/{second['id']}/submit",
                      headers=candidate(auth, "cand-2"))
    clock.set(datetime(2027, 1, 15, 11, 0, tzinfo=UTC))
    late = await client.post(f"/api/v1/applications/{second['id']}/withdraw",
                             headers=candidate(auth, "cand-2"))
    assert late.status_code == 409


async def test_a_draft_with_an_incomplete_profile_is_told_what_to_complete_before_a_verdict(
    client: httpx.AsyncClient, auth
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"], profile={"first_name": "Ana"})
    live = await client.get(f"/api/v1/applications/{created['id']}/eligibility",
                            headers=candidate(auth))
    assert live.status_code == 422
    assert live.headers["content-type"].startswith("application/problem+json")
    missing = {tuple(error["loc"]) for error in live.json()["errors"]}
    assert {("profile", "last_name"), ("profile", "nationalities")} <= missing


async def test_eligibility_is_live_for_drafts_and_stored_once_submitted(
    client: httpx.AsyncClient, auth, clock: ManualClock
) -> None:
    call = await open_call(client, auth, kind="ca")
    created = await draft(client, candidate(auth), call["id"])
    url = f"/api/v1/applications/{created['id']}"
    live = await client.get(f"{url}/eligibility", headers=candidate(auth))
    assert live.status_code == 200
    # The AI Office CA notice names no other day: its criteria are judged at the deadline.
    assert (live.json()["as_of"], live.json()["as_of_basis"]) == ("2027-01-15", "deadline")
    await client.post(f"{url}/submit", headers=candidate(auth))
    clock.set(datetime(2026, 12, 24, 23, 30, tzinfo=UTC))
    stored = await client.get(f"{url}/eligibility", headers=candidate(auth))
    assert stored.json()["as_of"] == "2027-01-15"
