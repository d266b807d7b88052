"""The panel and what it may see: composition, the pre-declaration view, conflicts, other calls."""

from __future__ import annotations

import httpx

from app.db import Mongo
from tests.applications.factories import candidate, hr
from tests.panels.helpers import (
    CHAIR,
    MEMBER_A,
    MEMBER_B,
    MEMBERS,
    OBSERVER,
    declare,
    panel,
    put_panel,
    setup,
)


async def test_staff_set_the_panel_and_its_members_read_it(client: httpx.AsyncClient,
                                                           auth, mongo: Mongo) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    read = await client.get(f"/api/v1/calls/{s.call_id}/panel", headers=panel(auth, MEMBER_A))
    assert read.status_code == 200
    assert [m["role"] for m in read.json()["members"]] == [m["role"] for m in MEMBERS]
    # Members do not set panels; a recruiter of another unit does not know the call exists.
    response = await client.put(f"/api/v1/calls/{s.call_id}/panel", json={"members": MEMBERS},
                                headers=panel(auth, CHAIR))
    assert response.status_code == 403
    other_unit = auth("recruiter", sub="rec-x", unit="DIGIT.B")
    response = await client.put(f"/api/v1/calls/{s.call_id}/panel", json={"members": MEMBERS},
                                headers=other_unit)
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    # Two chairs: the body is refused, naming the field.
    two_chairs = [{**m, "role": "chair"} for m in MEMBERS[:2]]
    response = await put_panel(client, auth, s.call_id, two_chairs)
    assert response.status_code == 422
    assert response.json()["errors"][0]["loc"][:2] == ["body", "members"]
    # The change is audited.
    assert await mongo.db.audit_events.count_documents({"resource": "panel"}) == 1


async def test_member_sees_only_applications_before_the_panel(client: httpx.AsyncClient,
                                                              auth) -> None:
    s = await setup(client, auth, before_panel=2, not_before=1)
    listed = await client.get(f"/api/v1/calls/{s.call_id}/panel/applications",
                              headers=panel(auth, MEMBER_A))
    assert listed.status_code == 200
    assert {a["application_id"] for a in listed.json()["items"]} == set(s.applications)
    # The application not put before the panel is unknown to a member, even after "declaring".
    assert (await client.get(f"/api/v1/applications/{s.others[0]}/conflict-check",
                             headers=panel(auth, MEMBER_A))).status_code == 404
    assert (await declare(client, auth, MEMBER_A, s.others[0])).status_code == 404
    assert (await client.get(f"/api/v1/applications/{s.others[0]}",
                             headers=panel(auth, MEMBER_A))).status_code == 404


async def test_before_declaring_only_names_and_employers(client: httpx.AsyncClient,
                                                        auth, mongo: Mongo) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    app_id = s.applications[0]
    headers = panel(auth, MEMBER_A)
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=headers)
            ).status_code == 404
    assert (await client.get(f"/api/v1/applications/{app_id}/documents", headers=headers)
            ).status_code == 404
    check = await client.get(f"/api/v1/applications/{app_id}/conflict-check", headers=headers)
    assert check.status_code == 200
    body = check.json()
    assert set(body) == {"application_id", "first_name", "last_name", "birth_name",
                         "employers", "declaration"}
    assert body["declaration"] is None
    # Current, and left within five years of 2026-11-22; the job that ended in 2012 is not.
    assert [e["employer"] for e in body["employers"]] == ["Ministry 0"]
    assert "example.org" not in check.text
    assert await mongo.db.audit_events.count_documents(
        {"resource": "application.conflict_check", "actor": MEMBER_A}) == 1
    # After declaring no conflict, the file opens (and its documents).
    declared = await declare(client, auth, MEMBER_A, app_id)
    assert declared.status_code == 201
    opened = await client.get(f"/api/v1/applications/{app_id}", headers=headers)
    assert opened.status_code == 200
    assert opened.json()["profile"]["contact"]["email"] == "cand0@example.org"
    assert (await client.get(f"/api/v1/applications/{app_id}/documents", headers=headers)
            ).status_code == 200


async def test_conflicted_member_never_sees_the_file(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    app_id = s.applications[0]
    response = await declare(client, auth, MEMBER_B, app_id, kind="conflict",
                             reason="The candidate was my deputy until 2024.")
    assert response.status_code == 201
    headers = panel(auth, MEMBER_B)
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=headers)
            ).status_code == 404
    assert (await client.get(f"/api/v1/applications/{app_id}/documents", headers=headers)
            ).status_code == 404
    check = await client.get(f"/api/v1/applications/{app_id}/conflict-check", headers=headers)
    assert check.json()["declaration"] == "conflict"


async def test_another_calls_member_sees_nothing(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0, prefix="one")
    other = await setup(client, auth, before_panel=1, not_before=0, prefix="two")
    stranger = [{"sub": "panel-zed", "name": "Zed", "role": "chair"}]
    assert (await put_panel(client, auth, other.call_id, stranger)).status_code == 200
    headers = panel(auth, "panel-zed")
    app_id = s.applications[0]
    for path in (f"/api/v1/applications/{app_id}", f"/api/v1/applications/{app_id}/conflict-check",
                 f"/api/v1/calls/{s.call_id}/panel",
                 f"/api/v1/calls/{s.call_id}/panel/applications"):
        response = await client.get(path, headers=headers)
        assert response.status_code == 404, path
    assert (await declare(client, auth, "panel-zed", app_id)).status_code == 404


async def test_declarations_are_immutable_and_reasons_go_to_chair_and_hr_only(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    app_id = s.applications[0]
    first = await declare(client, auth, MEMBER_A, app_id)
    second = await declare(client, auth, MEMBER_A, app_id, kind="conflict",
                           reason="I recognised the name: a former colleague.")
    assert second.json()["supersedes"] == first.json()["id"]
    assert await mongo.db.conflict_declarations.count_documents({}) == 2
    assert await mongo.db.audit_events.count_documents(
        {"resource": "conflict_declaration", "action": "create"}) == 2
    # The correction counts: the file is closed again.
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=panel(auth, MEMBER_A))
            ).status_code == 404
    path = f"/api/v1/applications/{app_id}/conflict-declarations"
    chair = (await client.get(path, headers=panel(auth, CHAIR))).json()["items"]
    assert [d["reason"] for d in chair] == ["I do not know the candidate.",
                                            "I recognised the name: a former colleague."]
    hr_view = (await client.get(path, headers=hr(auth))).json()["items"]
    assert hr_view[1]["reason"].startswith("I recognised")
    recruiter = auth("recruiter", sub="rec-1", unit="CNECT.A")
    assert all(d["reason"] is None
               for d in (await client.get(path, headers=recruiter)).json()["items"])
    # Another member sees only their own declarations (none here).
    assert (await client.get(path, headers=panel(auth, MEMBER_B))).json()["items"] == []
    mine = (await client.get(path, headers=panel(auth, MEMBER_A))).json()["items"]
    assert len(mine) == 2 and all(d["reason"] is None for d in mine)


async def test_candidate_and_observer_limits(client: httpx.AsyncClient, auth) -> None:
    s = await setup(client, auth, before_panel=1, not_before=0)
    app_id = s.applications[0]
    owner = candidate(auth, "c-0")
    assert (await client.get(f"/api/v1/applications/{app_id}/conflict-check", headers=owner)
            ).status_code == 403
    assert (await client.get(f"/api/v1/applications/{app_id}/conflict-declarations",
                             headers=owner)).status_code == 403
    # An observer declares and reads like anyone on the panel (scoring is refused elsewhere).
    assert (await declare(client, auth, OBSERVER, app_id)).status_code == 201
    assert (await client.get(f"/api/v1/applications/{app_id}", headers=panel(auth, OBSERVER))
            ).status_code == 200


async def test_a_member_reads_the_call_they_assess_after_it_closed(
        client: httpx.AsyncClient, auth) -> None:  # type: ignore[no-untyped-def]
    """Panels work after the deadline, when the public notice is gone: a member still reads the
    call (as published: who changed it is the managing staff's business); a member of another
    call's panel does not."""
    board = await setup(client, auth, before_panel=1, not_before=0)
    closed = await client.post(f"/api/v1/calls/{board.call_id}/close", headers=hr(auth))
    assert closed.status_code == 200, closed.text
    public = await client.get(f"/api/v1/public/calls/{board.call_id}")
    assert public.status_code == 404

    read = await client.get(f"/api/v1/calls/{board.call_id}", headers=panel(auth, MEMBER_A))
    assert read.status_code == 200, read.text
    assert read.json()["reference"] == board.call["reference"]
    assert read.json()["history"] == []

    other = await setup(client, auth, before_panel=0, not_before=0, prefix="o")
    await client.put(f"/api/v1/calls/{other.call_id}/panel", headers=hr(auth),
                     json={"members": [{"sub": "panel-zed", "name": "Zed", "role": "chair"}]})
    stranger = await client.get(f"/api/v1/calls/{board.call_id}",
                                headers=panel(auth, "panel-zed"))
    assert stranger.status_code == 404
