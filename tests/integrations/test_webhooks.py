"""Webhook endpoints: SSRF refusals, who hears what, retries that give up, redelivery,
secret rotation with overlap, and an outbox that a re-run does not duplicate."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.services.integrations.ssrf import UnsafeTarget, check_target
from tests.applications.factories import Auth, hr, open_call, profile
from tests.integrations.conftest import Receiver
from tests.integrations.helpers import admin, bearer, register_client
from tests.integrations.test_permrep_end_to_end import _run_webhook_job


async def _endpoint(client: httpx.AsyncClient, headers: dict[str, str], url: str,
                    events: list[str]) -> dict[str, Any]:
    response = await client.post("/api/v1/webhooks/endpoints", headers=headers,
                                 json={"url": url, "events": events})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def _submitted_application(client: httpx.AsyncClient, auth: Auth,
                                 pr: dict[str, str]) -> tuple[dict[str, Any], str]:
    call = await open_call(client, auth, kind="sne")
    created = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=pr,
                                json={"profile": profile()})
    assert created.status_code == 201, created.text
    submitted = await client.post(f"/api/v1/applications/{created.json()['id']}/submit",
                                  headers=pr)
    assert submitted.status_code == 200, submitted.text
    return call, created.json()["id"]


@pytest.mark.parametrize("url", ["http://10.1.2.3/hook", "http://169.254.169.254/latest",
                                 "http://[::1]/hook", "http://[fc00::1]/x", "http://0.0.0.0/x", "http://192.168.0.10/x",
                                 "ftp://example.org/x", "http://user:pw@127.0.0.1/x"])
async def test_private_link_local_and_odd_targets_are_refused(
        client: httpx.AsyncClient, auth: Auth, url: str) -> None:
    pr = await bearer(client, await register_client(client, auth))
    response = await client.post("/api/v1/webhooks/endpoints", headers=pr,
                                 json={"url": url, "events": ["call.published"]})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


async def test_loopback_only_when_allowed_and_https_only_in_production(
        settings: Settings) -> None:
    await check_target("http://127.0.0.1:9/x", settings)
    closed = settings.model_copy(update={"webhook_allow_loopback": False})
    with pytest.raises(UnsafeTarget):
        await check_target("http://127.0.0.1:9/x", closed)
    production = closed.model_copy(update={"env": "production"})
    with pytest.raises(UnsafeTarget, match="https"):
        await check_target("http://93.184.215.14/x", production)
    with pytest.raises(UnsafeTarget):
        await check_target("https://127.0.0.1/x", production.model_copy(
            update={"webhook_allow_loopback": True}))


async def test_a_permrep_hears_only_its_own_applications(
        client: httpx.AsyncClient, auth: Auth, receiver: Receiver) -> None:
    pt = await bearer(client, await register_client(client, auth, country="PT"))
    be = await bearer(client, await register_client(client, auth, country="BE"))
    mine = await _endpoint(client, pt, receiver.url, ["application.submitted"])
    await _endpoint(client, be, receiver.url + "/be", ["application.submitted"])
    _, application_id = await _submitted_application(client, auth, pt)
    await _run_webhook_job(client, auth)
    assert len(receiver.received) == 1
    assert Webhook(mine["secret"]).verify(receiver.received[0].body,
                                          receiver.received[0].headers)["data"][
        "application_id"] == application_id
    other = await client.get(f"/api/v1/webhooks/endpoints/{mine['id']}", headers=be)
    assert other.status_code == 404
    refused = await client.post("/api/v1/webhooks/endpoints", headers=hr(auth), json={
        "url": receiver.url, "events": ["application.status_changed"]})
    assert refused.status_code == 403


async def test_retries_give_up_after_a_day_then_admins_see_it_and_redelivery_works(
        client: httpx.AsyncClient, auth: Auth, clock: ManualClock, receiver: Receiver) -> None:
    pr = await bearer(client, await register_client(client, auth))
    endpoint = await _endpoint(client, pr, receiver.url, ["application.submitted"])
    receiver.failures = 1000
    await _submitted_application(client, auth, pr)
    for _ in range(12):
        await _run_webhook_job(client, auth)
        clock.advance(timedelta(hours=10))
    attempts = len(receiver.received)
    assert 8 <= attempts <= 10
    failing = await client.get("/api/v1/webhooks/endpoints?failing=true", headers=admin(auth))
    assert [e["id"] for e in failing.json()["items"]] == [endpoint["id"]]
    listed = await client.get(f"/api/v1/webhooks/endpoints/{endpoint['id']}/deliveries",
                              headers=pr)
    [delivery] = listed.json()["items"]
    assert delivery["state"] == "failed" and len(delivery["attempts"]) == attempts
    first, last = delivery["attempts"][0]["at"], delivery["attempts"][-1]["at"]
    assert first < last
    receiver.failures = 0
    again = await client.post(f"/api/v1/webhooks/endpoints/{endpoint['id']}/deliveries/"
                              f"{delivery['id']}/redeliver", headers=pr)
    assert again.status_code == 202 and again.json()["state"] == "pending"
    await _run_webhook_job(client, auth)
    assert receiver.received[-1].answered == 204
    assert receiver.received[-1].headers["webhook-id"] == delivery["event_id"]
    healthy = await client.get(f"/api/v1/webhooks/endpoints/{endpoint['id']}", headers=pr)
    assert healthy.json()["status"] == "active"


async def test_rotated_secrets_overlap_for_a_day(
        client: httpx.AsyncClient, auth: Auth, clock: ManualClock, receiver: Receiver) -> None:
    pr = await bearer(client, await register_client(client, auth))
    endpoint = await _endpoint(client, pr, receiver.url, ["call.published"])
    rotated = await client.post(f"/api/v1/webhooks/endpoints/{endpoint['id']}/rotate-secret",
                                headers=pr)
    assert rotated.status_code == 200
    old, new = endpoint["secret"], rotated.json()["secret"]
    await open_call(client, auth)
    await _run_webhook_job(client, auth)
    first = receiver.received[-1]
    assert len(first.headers["webhook-signature"].split(" ")) == 2
    for secret in (old, new):
        Webhook(secret).verify(first.body, first.headers)
    clock.advance(timedelta(hours=25))
    await open_call(client, auth)
    await _run_webhook_job(client, auth)
    later = receiver.received[-1]
    Webhook(new).verify(later.body, later.headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(old).verify(later.body, later.headers)


async def test_a_fan_out_rerun_and_a_lapsed_claim_duplicate_nothing(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo, clock: ManualClock,
        receiver: Receiver) -> None:
    pr = await bearer(client, await register_client(client, auth))
    await _endpoint(client, pr, receiver.url, ["call.published"])
    await open_call(client, auth)
    # A crash after fan-out, before the event was marked: the re-run queues nothing new.
    await mongo.db.webhook_events.update_many({}, {"$set": {"fanned_out": False}})
    await mongo.db.webhook_events.update_many({}, {"$set": {"fanned_out": False}})
    await _run_webhook_job(client, auth)
    await mongo.db.webhook_events.update_many({}, {"$set": {"fanned_out": False}})
    counts = await _run_webhook_job(client, auth)
    assert counts["queued"] == 0
    assert await mongo.db.webhook_deliveries.count_documents({}) == 1
    assert len(receiver.received) == 1


async def test_a_submission_and_its_event_commit_together(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    """"A crash loses no event": when the event cannot be recorded, the submission is not
    recorded either (one transaction), so the PermRep's retry submits and announces it."""
    pr = await bearer(client, await register_client(client, auth))
    call = await open_call(client, auth, kind="sne")
    created = await client.post(f"/api/v1/calls/{call['id']}/applications", headers=pr,
                                json={"profile": profile()})
    assert created.status_code == 201, created.text
    url = f"/api/v1/applications/{created.json()['id']}"
    # The submission's write (the status change with its event, one bulkWrite in a transaction;
    # an insert on servers before 8.0) fails as a crash would.
    await mongo.client.admin.command({
        "configureFailPoint": "failCommand", "mode": {"times": 1},
        "data": {"failCommands": ["insert", "bulkWrite"], "errorCode": 2}})
    try:
        failed = await client.post(f"{url}/submit", headers=pr)
    finally:
        await mongo.client.admin.command({"configureFailPoint": "failCommand", "mode": "off"})
    assert failed.status_code == 500
    assert (await client.get(url, headers=pr)).json()["status"] == "draft"
    assert await mongo.db.webhook_events.count_documents(
        {"type": "application.submitted"}) == 0
    assert await mongo.db.audit_events.count_documents({"action": "submit"}) == 0
    retried = await client.post(f"{url}/submit", headers=pr)
    assert retried.status_code == 200, retried.text
    assert await mongo.db.webhook_events.count_documents(
        {"type": "application.submitted"}) == 1
