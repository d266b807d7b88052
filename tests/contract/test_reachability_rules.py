"""Documented statuses that follow from a rule, reached where no other test reaches them: who
may change what (403), a state that forbids it (409), an id nobody issued (404)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from app.clock import ManualClock
from app.db import Mongo
from app.repositories import leases
from app.services.privacy.retention import LEASE
from tests.applications.factories import candidate, hr, open_call, submitted
from tests.files import pdf_bytes
from tests.integrations.helpers import admin, register_client
from tests.panels.panel_table import PRESELECTION_GRID

AN_ID = "0" * 24
KEYS = {"jwks": [{"crv": "P-256", "kid": "pr-be-2026-12", "kty": "EC", "use": "sig",
                  "x": "f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU",
                  "y": "x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0"}]}


async def test_staff_who_read_a_submitted_application_may_not_act_for_its_candidate(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="ca")
    application = await submitted(client, candidate(auth), call["id"])
    url, staff = f"/api/v1/applications/{application['id']}", hr(auth)
    assert (await client.get(url, headers=staff)).status_code == 200
    refused = await client.post(f"{url}/documents", headers=staff, data={"kind": "cv"},
                                files={"file": ("cv.pdf", pdf_bytes("CV"), "application/pdf")})
    assert refused.status_code == 403, refused.text
    for method, action in (("POST", "submit"), ("POST", "prefill-from-cv"),
                           ("PUT", "talent-pool-consent"), ("DELETE", "talent-pool-consent")):
        response = await client.request(method, f"{url}/{action}", headers=staff)
        assert response.status_code == 403, (method, action, response.text)


async def test_only_admins_rotate_a_client_and_a_revoked_one_is_not_rotated(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    machine = await register_client(client, auth)
    url = f"/api/v1/admin/clients/{machine.client_id}"
    refused = await client.post(f"{url}/rotate", headers=hr(auth), json=KEYS)
    assert refused.status_code == 403, refused.text
    revoked = await client.post(f"{url}/revoke", headers=admin(auth))
    assert revoked.status_code == 200, revoked.text
    conflict = await client.post(f"{url}/rotate", headers=admin(auth), json=KEYS)
    assert conflict.status_code == 409, conflict.text


async def test_a_cancelled_call_takes_no_starting_date(
    client: httpx.AsyncClient, auth: Any,
) -> None:
    call = await open_call(client, auth, kind="sne")
    staff = hr(auth)
    cancelled = await client.post(f"/api/v1/calls/{call['id']}/cancel", headers=staff)
    assert cancelled.status_code == 200, cancelled.text
    refused = await client.put(f"/api/v1/calls/{call['id']}/start-date", headers=staff,
                               json={"start_date": "2027-03-01"})
    assert refused.status_code == 409, refused.text


async def test_a_retention_run_waits_for_the_one_working(
    client: httpx.AsyncClient, auth: Any, mongo: Mongo, clock: ManualClock,
) -> None:
    assert await leases.acquire(mongo.db, name=LEASE, owner="another-replica", now=clock.now(),
                                ttl=timedelta(minutes=5))
    busy = await client.post("/api/v1/retention/runs", headers=auth("dpo"))
    assert busy.status_code == 409, busy.text
    assert busy.headers["retry-after"] == "60"


async def test_ids_nobody_issued_are_not_found(client: httpx.AsyncClient, auth: Any) -> None:
    grid = await client.put(f"/api/v1/calls/{AN_ID}/scoring-grid", headers=hr(auth),
                            json={"stages": [PRESELECTION_GRID]})
    assert grid.status_code == 404, grid.text
    cast = await client.get(f"/api/v1/integrations/cast/imports/{AN_ID}", headers=hr(auth))
    assert cast.status_code == 404, cast.text
    dpo = auth("dpo")
    request = f"/api/v1/privacy/erasure-requests/{AN_ID}"
    answered = await client.post(f"{request}/answer", headers=dpo, json={
        "outcome": "Restricted until the end of the retention period.", "refuse": False})
    assert answered.status_code == 404, answered.text
    application = await client.get(f"{request}/application", headers=dpo)
    assert application.status_code == 404, application.text
