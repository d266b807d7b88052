"""Small keyword-only factories for application tests: calls and applications via the API."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import httpx

from tests.calls.helpers import FUTURE, published_call

Auth = Callable[..., dict[str, str]]
_refs = itertools.count(1)


def hr(auth: Auth) -> dict[str, str]:
    return auth("hr", sub="hr-1")


def candidate(auth: Auth, sub: str = "cand-1") -> dict[str, str]:
    return auth("candidate", sub=sub)


def permrep(auth: Auth, country: str = "PT", sub: str = "permrep-pt") -> dict[str, str]:
    return auth("permrep", sub=sub, country=country)


async def open_call(
    client: httpx.AsyncClient, auth: Auth, *, kind: str = "ca", unit: str = "CNECT.A.2",
    deadline: str = FUTURE, required: list[str] | None = None,
    profiles: list[dict[str, str]] | None = None, **overrides: Any,
) -> dict[str, Any]:
    """A published call of ``kind`` (sne, ca, ta) from a real notice; no documents required."""
    from tests.calls.helpers import NOTICES

    documents = NOTICES[kind].documents.model_dump(mode="json")
    documents["required"] = required or []
    extra: dict[str, Any] = {"documents": documents, **overrides}
    if profiles is not None:
        extra["profiles"] = profiles
    # Created by HR of the call's own DG (HR is scoped to its DG).
    hr_of_dg = auth("hr", sub="hr-1", unit=unit.split(".")[0])
    return await published_call(client, hr_of_dg, notice=kind, unit=unit, deadline=deadline,
                                reference=f"TEST/{kind.upper()}/{next(_refs)}", **extra)


def profile(**overrides: Any) -> dict[str, Any]:
    """A complete profile of a Portuguese candidate."""
    body: dict[str, Any] = {
        "first_name": "Ana", "last_name": "Example", "nationalities": ["PT"],
        "contact": {"email": "ana@example.org"},
    }
    body.update(overrides)
    return body


async def apply(
    client: httpx.AsyncClient, headers: dict[str, str], call_id: str, **body: Any
) -> httpx.Response:
    """POST a new application; the caller asserts on the response."""
    body.setdefault("profile", profile())
    return await client.post(f"/api/v1/calls/{call_id}/applications", json=body,
                             headers=headers)


async def draft(
    client: httpx.AsyncClient, headers: dict[str, str], call_id: str, **body: Any
) -> dict[str, Any]:
    """A new draft application; fail the test if it is refused."""
    response = await apply(client, headers, call_id, **body)
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


async def submitted(
    client: httpx.AsyncClient, headers: dict[str, str], call_id: str, **body: Any
) -> dict[str, Any]:
    """A draft, then submitted."""
    created = await draft(client, headers, call_id, **body)
    response = await client.post(f"/api/v1/applications/{created['id']}/submit",
                                 headers=headers)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


async def decide(
    client: httpx.AsyncClient, headers: dict[str, str], application_id: str, status: str,
    reason: str = "Panel decision",
) -> httpx.Response:
    return await client.post(f"/api/v1/applications/{application_id}/decision",
                             json={"status": status, "reason": reason}, headers=headers)
