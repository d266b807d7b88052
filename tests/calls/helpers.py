"""Small keyword-only factories for call tests: payloads from the real notices, via the API."""

from __future__ import annotations

from typing import Any

import httpx

from app.services.demo_calls import CA_AI_OFFICE, CA_DIGIT, SNE_AI_OFFICE, TA_CERT_EU

NOTICES = {"ca": CA_AI_OFFICE, "ca_digit": CA_DIGIT, "sne": SNE_AI_OFFICE, "ta": TA_CERT_EU}
FUTURE = "2027-01-15T12:00:00"  # the test clock starts at 2026-11-22T10:00Z


def call_payload(
    *, notice: str = "ca", reference: str | None = None, unit: str | None = None,
    deadline: str = FUTURE, zone: str = "Europe/Brussels", **overrides: Any,
) -> dict[str, Any]:
    """A create body transcribed from a real notice, with a future deadline by default."""
    body = NOTICES[notice].model_dump(mode="json")
    body["deadline"] = {"local": deadline, "zone": zone}
    if reference is not None:
        body["reference"] = reference
    if unit is not None:
        body["unit"] = unit
    body.update(overrides)
    return body


async def create_call(
    client: httpx.AsyncClient, headers: dict[str, str], **payload: Any
) -> dict[str, Any]:
    """Create a draft through the API; fail the test if it is refused."""
    response = await client.post("/api/v1/calls", json=call_payload(**payload), headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def published_call(
    client: httpx.AsyncClient, headers: dict[str, str], **payload: Any
) -> dict[str, Any]:
    """Create and publish a call through the API."""
    call = await create_call(client, headers, **payload)
    response = await client.post(f"/api/v1/calls/{call['id']}/publish", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
