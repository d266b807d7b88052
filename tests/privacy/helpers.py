"""Keyword-only factories for privacy tests: a closed call with applications in every state,
built through the API (and, for collections of features not merged yet, their repositories)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import httpx
from bson import ObjectId

from app.db import Db
from app.repositories import outbox as outbox_repo
from tests.documents_api.helpers import ALL_KINDS, call_of_kind, full_profile, upload
from tests.files import pdf_bytes

HR = {"sub": "hr-1"}


@dataclass
class Person:
    sub: str
    email: str
    first_name: str
    last_name: str
    application_id: str = ""
    document_ids: list[str] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)


@dataclass
class Scenario:
    call_id: str
    people: dict[str, Person]


async def apply_with_documents(client: httpx.AsyncClient, auth: Any, *, call_id: str,
                               person: Person, idempotency_key: str | None = None,
                               special_needs: str | None = None) -> None:
    """A candidate applies (two PDFs) and submits; fail the test if anything is refused."""
    headers = auth("candidate", sub=person.sub)
    profile = {**full_profile(email=person.email), "first_name": person.first_name,
               "last_name": person.last_name}
    body: dict[str, Any] = {"profile": profile}
    if special_needs:
        body["special_needs"] = special_needs
    extra = {"Idempotency-Key": idempotency_key} if idempotency_key else {}
    created = await client.post(f"/api/v1/calls/{call_id}/applications", json=body,
                                headers={**headers, **extra})
    assert created.status_code == 201, created.text
    person.application_id = created.json()["id"]
    for kind, text in (("cv", f"CV of {person.first_name}"),
                       ("motivation_letter", f"Why {person.last_name}")):
        uploaded = await upload(client, headers, person.application_id,
                                pdf_bytes(text, pages=2), kind=kind, filename=f"{kind}.pdf")
        assert uploaded.status_code == 201, uploaded.text
        person.document_ids.append(uploaded.json()["id"])
        person.hashes.append(uploaded.json()["sha256"])
    submitted = await client.post(f"/api/v1/applications/{person.application_id}/submit",
                                  headers=headers)
    assert submitted.status_code == 200, submitted.text


async def decide(client: httpx.AsyncClient, auth: Any, application_id: str,
                 *statuses: str) -> None:
    for status in statuses:
        response = await client.post(f"/api/v1/applications/{application_id}/decision",
                                     json={"status": status, "reason": "Panel decision"},
                                     headers=auth("hr", **HR))
        assert response.status_code == 200, response.text


async def panel_records(db: Db, application_id: str, *, call_id: str, now: Any) -> None:
    """What the panels feature stores about a candidate, in the shape its validators require."""
    oid, call = ObjectId(application_id), ObjectId(call_id)
    await db.scorecards.insert_one({
        "call_id": call, "application_id": oid, "stage": "preselection",
        "member_sub": "panel-1", "scores": {"experience": 3}, "comment": "Solid CV",
        "status": "submitted", "weighted_total": 60.0, "created_at": now, "updated_at": now,
        "submitted_at": now})
    await db.conflict_declarations.insert_one({
        "call_id": call, "application_id": oid, "member_sub": "panel-1",
        "kind": "conflict", "reason": "Former colleague", "at": now})
    await db.panel_reports.update_one(
        {"call_id": call, "stage": "preselection"},
        {"$set": {"signed_by": "panel-chair", "signed_at": now, "csv": "names of candidates",
                  "pdf": b"%PDF-1.4 names of candidates"}}, upsert=True)
    await outbox_repo.enqueue(db, application_id=oid, template="not_selected", now=now)


async def closed_call_with_everyone(client: httpx.AsyncClient, auth: Any, db: Db, *,
                                   now: Any) -> Scenario:
    """A CA call with: ana (not selected: idempotent create, special needs, scores, a
    notification), ben (ineligible), cleo (invited, interviewed, selected); then closed."""
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    people = {
        "ana": Person("cand-ana", "ana.silva@example.org", "Ana", "Silva"),
        "ben": Person("cand-ben", "ben.dupont@example.org", "Benoît", "Dupont"),
        "cleo": Person("cand-cleo", "cleo.weber@example.org", "Cleo", "Weber"),
    }
    await apply_with_documents(client, auth, call_id=call["id"], person=people["ana"],
                               idempotency_key="ana-first-try",
                               special_needs="Step-free access to the interview room")
    await apply_with_documents(client, auth, call_id=call["id"], person=people["ben"])
    await apply_with_documents(client, auth, call_id=call["id"], person=people["cleo"])
    await decide(client, auth, people["ana"].application_id, "eligible", "not_selected")
    await decide(client, auth, people["ben"].application_id, "ineligible")
    await decide(client, auth, people["cleo"].application_id, "preselected", "interviewed",
                 "selected")
    await panel_records(db, people["ana"].application_id, call_id=call["id"], now=now)
    closed = await client.post(f"/api/v1/calls/{call['id']}/close", headers=auth("hr", **HR))
    assert closed.status_code == 200, closed.text
    return Scenario(call_id=call["id"], people=people)


async def footprint(db: Db, application_id: str) -> dict[str, int]:
    """What the database holds about one application, counted directly."""
    oid = ObjectId(application_id)
    files = await db["document_files.files"].find({"metadata.application_id": oid}).to_list()
    file_ids = [f["_id"] for f in files]
    return {
        "applications": await db.applications.count_documents({"_id": oid}),
        "files": await db.documents.count_documents({"application_id": oid}),
        "bytes": sum(int(f["length"]) for f in files),
        "chunks": await db["document_files.chunks"].count_documents(
            {"files_id": {"$in": file_ids}}),
        "scorecards": await db.scorecards.count_documents({"application_id": oid}),
        "notifications": await db.outbox.count_documents({"application_id": oid}),
        "idempotency_records": await db.idempotency_keys.count_documents(
            {"application_id": oid}),
        "special_needs": await db.special_needs.count_documents({"application_id": oid}),
        "conflict_declarations": await db.conflict_declarations.count_documents(
            {"application_id": oid}),
    }


async def search_everywhere(db: Db, needles: list[str]) -> list[str]:
    """Every collection's documents whose BSON holds any of ``needles`` (names, e-mail, ids)."""
    import bson

    hits = []
    for name in await db.list_collection_names():
        if name.startswith("system."):
            continue
        async for doc in db[name].find({}):
            raw = bson.encode(doc)
            for needle in needles:
                if needle.encode() in raw or (ObjectId.is_valid(needle) and len(needle) == 24
                                              and ObjectId(needle).binary in raw):
                    hits.append(f"{name}:{needle}")
    return hits
