"""A Permanent Representation's system, end to end over HTTP: token from a signed assertion,
an SNE application with its Europass CV, every step retried, and a signed webhook received
by a real server on 127.0.0.1 (verified with the ``standardwebhooks`` library)."""

from __future__ import annotations

import json
from datetime import timedelta

import httpx
from standardwebhooks.webhooks import Webhook

from app.clock import ManualClock
from tests.applications.factories import Auth, hr, open_call, profile
from tests.files import europass_pdf
from tests.integrations.conftest import Receiver
from tests.integrations.helpers import admin, register_client, request_token

PDF = "application/pdf"


async def _run_webhook_job(client: httpx.AsyncClient, auth: Auth) -> dict[str, int]:
    response = await client.post("/api/v1/admin/jobs/deliver_webhooks/run", headers=admin(auth))
    assert response.status_code == 200, response.text
    counts: dict[str, int] = response.json()["counts"]
    return counts


async def test_a_permanent_representation_end_to_end(
        client: httpx.AsyncClient, auth: Auth, clock: ManualClock, receiver: Receiver) -> None:
    call = await open_call(client, auth, kind="sne", required=["cv"])
    machine = await register_client(client, auth, country="PT")

    # A token from a signed assertion; a retry (a new assertion) gets a token just as good.
    tokens = [await request_token(client, machine) for _ in range(2)]
    assert [t.status_code for t in tokens] == [200, 200]
    pr = {"Authorization": f"Bearer {tokens[1].json()['access_token']}"}

    endpoint = await client.post("/api/v1/webhooks/endpoints", headers=pr, json={
        "url": receiver.url, "events": ["application.status_changed"]})
    assert endpoint.status_code == 201, endpoint.text
    secret, endpoint_id = endpoint.json()["secret"], endpoint.json()["id"]

    # Create, retried with the same Idempotency-Key: one application.
    body = {"profile": profile(nationalities=["PT"])}
    created = [await client.post(f"/api/v1/calls/{call['id']}/applications", json=body,
                                 headers={**pr, "Idempotency-Key": "create-1"})
               for _ in range(2)]
    assert [r.status_code for r in created] == [201, 201]
    assert created[1].headers["idempotent-replayed"] == "true"
    application_id = created[0].json()["id"]
    assert created[1].json()["id"] == application_id

    # The Europass CV, retried with its own key: one document.
    cv = europass_pdf(nationality="PT", language="en")
    uploads = [await client.post(f"/api/v1/applications/{application_id}/documents",
                                 data={"kind": "cv", "language": "EN"},
                                 files={"file": ("cv.pdf", cv, PDF)},
                                 headers={**pr, "Idempotency-Key": "cv-1"}) for _ in range(2)]
    assert [r.status_code for r in uploads] == [201, 201], uploads[0].text
    assert uploads[0].json()["id"] == uploads[1].json()["id"]
    documents = await client.get(f"/api/v1/applications/{application_id}/documents", headers=pr)
    assert len(documents.json()["items"]) == 1

    # Submit, retried: the same answer, submitted once.
    submits = [await client.post(f"/api/v1/applications/{application_id}/submit",
                                 headers={**pr, "Idempotency-Key": "submit-1"})
               for _ in range(2)]
    assert [r.status_code for r in submits] == [200, 200], submits[0].text
    assert submits[0].json() == submits[1].json()
    assert submits[0].json()["status"] == "submitted"

    decided = await client.post(f"/api/v1/applications/{application_id}/decision",
                                headers=hr(auth), json={"status": "eligible",
                                                        "reason": "Meets the criteria"})
    assert decided.status_code == 200, decided.text

    # The receiver fails three times, then accepts: four attempts, one event received.
    receiver.failures = 3
    for _ in range(4):
        await _run_webhook_job(client, auth)
        clock.advance(timedelta(minutes=15))
    assert [r.answered for r in receiver.received] == [500, 500, 500, 204]
    assert len({r.headers["webhook-id"] for r in receiver.received}) == 1
    for received in receiver.received:
        payload = Webhook(secret).verify(received.body, received.headers)
        assert payload["type"] == "application.status_changed"
        assert payload["data"] == {
            "event_id": received.headers["webhook-id"], "application_id": application_id,
            "call_id": call["id"], "status": "eligible", "previous_status": "submitted"}
        assert "Ana" not in received.body.decode()  # no personal data in the payload
    assert await _run_webhook_job(client, auth) == {"queued": 0, "delivered": 0,
                                                      "retrying": 0, "failed": 0}
    assert len(receiver.received) == 4

    deliveries = await client.get(f"/api/v1/webhooks/endpoints/{endpoint_id}/deliveries",
                                  headers=pr)
    assert deliveries.status_code == 200, deliveries.text
    [delivery] = deliveries.json()["items"]
    assert delivery["state"] == "delivered"
    assert [a["status_code"] for a in delivery["attempts"]] == [500, 500, 500, 204]
    assert delivery["attempts"][0]["response_excerpt"] == "no"
    assert all(a["latency_ms"] >= 0 for a in delivery["attempts"])

    mine = await client.get("/api/v1/applications?submitted_by=me", headers=pr)
    assert [(a["id"], a["status"]) for a in mine.json()["items"]] == [(application_id,
                                                                        "eligible")]
    assert json.loads(receiver.received[-1].body)["data"]["event_id"].startswith("evt_")
