"""Keyword-only factories for panel tests: a call, applications put before its panel, a panel."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx

from tests.applications.factories import candidate, decide, hr, open_call, profile, submitted

Auth = Callable[..., dict[str, str]]
CHAIR, MEMBER_A, MEMBER_B, SECRETARY, OBSERVER = (
    "panel-chair", "panel-a", "panel-b", "panel-sec", "panel-obs")
MEMBERS = [
    {"sub": CHAIR, "name": "Dora Chair", "role": "chair"},
    {"sub": MEMBER_A, "name": "Emil Member", "role": "member"},
    {"sub": MEMBER_B, "name": "Fien Member", "role": "member"},
    {"sub": SECRETARY, "name": "Gus Secretary", "role": "secretary"},
    {"sub": OBSERVER, "name": "Hana Observer", "role": "observer"},
]


@dataclass
class Setup:
    call: dict[str, Any]
    applications: list[str]  # put before the panel, in creation order
    others: list[str] = field(default_factory=list)  # submitted, not before the panel

    @property
    def call_id(self) -> str:
        return str(self.call["id"])


def panel(auth: Auth, sub: str) -> dict[str, str]:
    return auth("panel", sub=sub)


def candidate_profile(index: int, **overrides: Any) -> dict[str, Any]:
    fields: dict[str, Any] = {"first_name": f"Cand{index}", "last_name": f"Person{index}"}
    fields.update(overrides)
    return profile(contact={"email": f"cand{index}@example.org"},
                   experience=[
                       {"employer": f"Ministry {index}", "start": "2019-01-01"},
                       {"employer": f"Old Firm {index}", "start": "2010-01-01",
                        "end": "2012-12-31"},
                       {"employer": f"Recent Lab {index}", "start": "2014-01-01",
                        "end": "2018-12-31"},
                   ], **fields)


async def put_panel(client: httpx.AsyncClient, auth: Auth, call_id: str,
                    members: list[dict[str, str]] | None = None) -> httpx.Response:
    return await client.put(f"/api/v1/calls/{call_id}/panel",
                            json={"members": members or MEMBERS}, headers=hr(auth))


async def setup(client: httpx.AsyncClient, auth: Auth, *, before_panel: int = 3,
                not_before: int = 1, kind: str = "ca", prefix: str = "c",
                profiles: list[dict[str, Any]] | None = None) -> Setup:
    """A call with ``before_panel`` preselected applications, ``not_before`` only submitted,
    and the standard panel of five."""
    call = await open_call(client, auth, kind=kind)
    ids: list[str] = []
    for i in range(before_panel):
        body = profiles[i] if profiles else candidate_profile(i)
        app = await submitted(client, candidate(auth, f"{prefix}-{i}"), call["id"],
                              profile=body)
        response = await decide(client, hr(auth), app["id"], "preselected")
        assert response.status_code == 200, response.text
        ids.append(str(app["id"]))
    others = []
    for i in range(not_before):
        app = await submitted(client, candidate(auth, f"{prefix}-x{i}"), call["id"],
                              profile=candidate_profile(100 + i))
        others.append(str(app["id"]))
    response = await put_panel(client, auth, call["id"])
    assert response.status_code == 200, response.text
    return Setup(call=call, applications=ids, others=others)


async def declare(client: httpx.AsyncClient, auth: Auth, sub: str, application_id: str,
                  kind: str = "no_conflict", reason: str = "I do not know the candidate."
                  ) -> httpx.Response:
    return await client.post(f"/api/v1/applications/{application_id}/conflict-declaration",
                             json={"kind": kind, "reason": reason}, headers=panel(auth, sub))
