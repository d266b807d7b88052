"""EPSO CAST imports: 202 then a report; idempotent; bad files refused whole; resumable;
CA applications verified by Per-ID, then e-mail, with the eligibility verdict following."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from bson import ObjectId

from app.clock import ManualClock
from app.db import Mongo
from app.models.stored import ApplicationDoc
from app.repositories import cast as cast_repo
from app.services.integrations import cast_apply
from tests.applications.factories import Auth, candidate, open_call, profile
from tests.integrations.cast_files import HEADER, cast_csv, cast_row, cast_xlsx
from tests.integrations.helpers import admin
from tests.shapes import mismatches

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def hr_headers(auth: Auth) -> dict[str, str]:
    return auth("hr", sub="hr-cast")


async def _import(client: httpx.AsyncClient, auth: Auth, data: bytes, *, name: str = "cast.csv",
                  content_type: str = CSV, mapping: str | None = None) -> dict[str, Any]:
    """Upload, run the job, and return the import as GET shows it."""
    response = await client.post("/api/v1/integrations/cast/imports", headers=hr_headers(auth),
                                 files={"file": (name, data, content_type)},
                                 data={"mapping": mapping} if mapping else None)
    assert response.status_code == 202, response.text
    assert response.json()["state"] == "queued"
    ran = await client.post("/api/v1/admin/jobs/cast_imports/run", headers=admin(auth))
    assert ran.status_code == 200, ran.text
    report = await client.get(response.headers["location"], headers=hr_headers(auth))
    assert report.status_code == 200, report.text
    body: dict[str, Any] = report.json()
    return body


async def test_an_export_is_imported_with_a_report_and_a_second_time_changes_nothing(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    rows = [cast_row(1), cast_row(2), cast_row(3, email="not-an-address"),
            [*cast_row(4)[:6], '=HYPERLINK("http://evil.example","x")', *cast_row(4)[7:]]]
    first = await _import(client, auth, cast_csv(rows))
    assert first["state"] == "completed"
    report = first["report"]
    assert (report["read"], report["created"], report["updated"], report["unchanged"],
            report["rejected"]) == (4, 2, 0, 0, 2)
    assert {(r["row"], r["column"]) for r in report["rejections"]} == {(4, "email"),
                                                                        (5, "profile")}
    assert await mongo.db.cast_records.count_documents({}) == 2
    again = await _import(client, auth, cast_csv(rows))
    assert (again["report"]["created"], again["report"]["updated"],
            again["report"]["unchanged"]) == (0, 0, 2)
    changed = await _import(client, auth, cast_csv([cast_row(1), cast_row(2, result="failed")]))
    assert (changed["report"]["unchanged"], changed["report"]["updated"]) == (1, 1)
    assert await mongo.db.cast_files.files.count_documents({}) == 0  # no copy kept


async def test_a_column_mapping_and_an_xlsx_workbook(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    theirs = ["Per ID" if h == "epso_per_id" else "E-mail" if h == "email" else h
              for h in HEADER]
    mapped = await _import(client, auth, cast_csv([cast_row(5)], header=theirs),
                           mapping='{"epso_per_id": "Per ID", "email": "E-mail"}')
    assert mapped["report"]["created"] == 1, mapped
    workbook = await _import(client, auth, cast_xlsx([cast_row(6), cast_row(5)]),
                             name="cast.xlsx", content_type=XLSX)
    assert workbook["state"] == "completed", workbook
    assert (workbook["report"]["created"], workbook["report"]["unchanged"]) == (1, 1)
    bad = await client.post("/api/v1/integrations/cast/imports", headers=hr_headers(auth),
                            files={"file": ("x.csv", b"a", CSV)}, data={"mapping": "[1]"})
    assert bad.status_code == 422
    assert (await client.post("/api/v1/integrations/cast/imports",
                              headers=auth("recruiter", unit="CNECT.A"),
                              files={"file": ("x.csv", b"a", CSV)})).status_code == 403


@pytest.mark.parametrize(("data", "reason"), [
    (cast_csv([cast_row(1)], header=["per", "name"]), "missing columns"),
    (cast_csv([cast_row(1)]) + "Müller".encode("latin-1") + b"\n", "not UTF-8"),
    (b"," * (10 * 1024 * 1024), "longer than"),
    ((b"," * 200 + b"\n") * 20_000, "more than 64 columns"),
    (b"", "empty"),
    (b"PK\x03\x04not really a workbook", "XLSX"),
])
async def test_a_bad_file_gets_a_report_and_nothing_is_imported(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo, data: bytes, reason: str) -> None:
    result = await _import(client, auth, data)
    assert result["state"] == "rejected"
    assert reason in result["file_error"]["reason"]
    assert await mongo.db.cast_records.count_documents({}) == 0
    # The refused export is not kept, and its record no longer points at it.
    assert await mongo.db.cast_files.files.count_documents({}) == 0
    stored = await mongo.db.cast_imports.find_one({"_id": ObjectId(result["id"])})
    assert stored is not None and stored["gridfs_id"] is None


async def test_a_crash_mid_import_resumes_without_duplicates_or_miscounts(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo, clock: ManualClock,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cast_apply, "BATCH", 3)
    real_update = cast_repo.update_import
    calls = {"n": 0}

    async def crash_after_second_batch(*args: Any, **kwargs: Any) -> None:
        await real_update(*args, **kwargs)
        if "checkpoint_row" in kwargs.get("set_fields", {}):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("killed")  # the process dies after two batches

    monkeypatch.setattr(cast_repo, "update_import", crash_after_second_batch)
    response = await client.post("/api/v1/integrations/cast/imports", headers=hr_headers(auth),
                                 files={"file": ("c.csv", cast_csv([cast_row(i)
                                                                     for i in range(10)]), CSV)})
    await client.post("/api/v1/admin/jobs/cast_imports/run", headers=admin(auth))
    halfway = (await client.get(response.headers["location"], headers=hr_headers(auth))).json()
    assert halfway["state"] == "applying" and halfway["report"]["created"] == 6
    clock.advance(timedelta(minutes=5))  # the dead worker's claim lapses
    await client.post("/api/v1/admin/jobs/cast_imports/run", headers=admin(auth))
    done = (await client.get(response.headers["location"], headers=hr_headers(auth))).json()
    assert done["state"] == "completed"
    assert (done["report"]["read"], done["report"]["created"]) == (10, 10)
    assert await mongo.db.cast_records.count_documents({}) == 10


async def test_ca_applications_are_verified_by_per_id_then_email(
        client: httpx.AsyncClient, auth: Auth, mongo: Mongo) -> None:
    call = await open_call(client, auth, kind="ca")
    per_id_applicant = candidate(auth, "cand-per-id")
    email_applicant = candidate(auth, "cand-email")
    by_id = await client.post(f"/api/v1/calls/{call['id']}/applications",
                              headers=per_id_applicant, json={"profile": profile(
                                  epso_per_id=str(10_000_001), cast_function_groups=["FGIV"])})
    by_mail = await client.post(f"/api/v1/calls/{call['id']}/applications",
                                headers=email_applicant, json={"profile": profile(
                                    first_name="Rui", cast_function_groups=["FGIV"],
                                    contact={"email": "cand2@example.eu"})})
    assert by_id.status_code == by_mail.status_code == 201, by_id.text + by_mail.text
    for headers, created in ((per_id_applicant, by_id), (email_applicant, by_mail)):
        submitted = await client.post(f"/api/v1/applications/{created.json()['id']}/submit",
                                      headers=headers)
        assert submitted.status_code == 200, submitted.text
    report = await _import(client, auth, cast_csv([cast_row(1), cast_row(2, result="failed")]))
    assert report["report"]["applications_verified"] == 2

    def cast_result(body: dict[str, Any]) -> dict[str, Any]:
        return next(r for r in body["eligibility"]["results"]
                    if r["criterion"] == "cast_registration")

    first = (await client.get(f"/api/v1/applications/{by_id.json()['id']}",
                              headers=per_id_applicant)).json()
    assert first["cast_declaration"]["verified"] is True
    assert cast_result(first)["outcome"] == "met"
    assert any(report["id"] in e and "Per-ID" in e for e in cast_result(first)["evidence"])
    second = (await client.get(f"/api/v1/applications/{by_mail.json()['id']}",
                               headers=email_applicant)).json()
    assert cast_result(second)["outcome"] == "not_met"
    assert any("e-mail" in e for e in cast_result(second)["evidence"])
    stored = await mongo.db.applications.find_one({"_id": ObjectId(by_mail.json()["id"])})
    assert stored is not None and stored["cast_verification"]["rule"] == "email"
    assert mismatches(stored, ApplicationDoc) == []  # as app/models/stored.py declares
