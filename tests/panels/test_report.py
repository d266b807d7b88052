"""The panel report: CSV and PDF contents, formula injection, the chair's sign-off."""

from __future__ import annotations

import csv
import hashlib
import io

import httpx
from pypdf import PdfReader

from app.db import Mongo
from tests.applications.factories import hr
from tests.panels.helpers import CHAIR, MEMBER_A, Setup, candidate_profile, declare, panel, setup
from tests.panels.test_decisions import decide

REASON_TEXT = "The candidate reported to me in 2023."


async def report(client: httpx.AsyncClient, headers: dict[str, str], call_id: str,
                 fmt: str = "csv", stage: str = "preselection") -> httpx.Response:
    return await client.get(f"/api/v1/calls/{call_id}/panel-report",
                            params={"stage": stage, "format": fmt}, headers=headers)


def sections(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


async def test_report_contents_and_sign_off(client: httpx.AsyncClient, auth, mongo: Mongo,
                                            panel_setup: Setup) -> None:
    s = panel_setup
    draft = await report(client, panel(auth, CHAIR), s.call_id)
    assert draft.status_code == 200 and draft.headers["x-report-signed"] == "false"
    assert draft.headers["content-type"].startswith("text/csv")
    rows = sections(draft.text)
    assert rows[2] == ["draft", "not signed off"]
    assert ["no_conflict", "59"] in rows and ["conflict", "1"] in rows
    assert REASON_TEXT not in draft.text
    assert ["members", "role"] in rows and ["Dora Chair", "chair"] in rows
    header = rows.index(next(r for r in rows if r[:2] == ["rank", "application_id"]))
    ranking = rows[header + 1: header + 21]
    assert [r[0] for r in ranking] == ["1", "2", "3", "4", "4", "6", "7", "8", "8", "10", "11",
                                       "12", "13", "14", "15", "16", "17", "18", "19", "20"]
    assert ranking[0][2] == "Cand0 Person0" and ranking[0][12] == "yes"
    proposed = rows[rows.index(["proposed for the next step", "application_id",
                                "candidate"]) + 1:]
    assert len([r for r in proposed if r]) == 10
    assert any(r[:1] == ["krippendorff_alpha"] and r[1] for r in rows)
    pdf = await report(client, hr(auth), s.call_id, fmt="pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Cand0 Person0" in text and "Krippendorff" in text and REASON_TEXT not in text
    # Members do not read the report, nor sign it.
    assert (await report(client, panel(auth, MEMBER_A), s.call_id)).status_code == 403
    sign = f"/api/v1/calls/{s.call_id}/panel-report/sign-off?stage=preselection"
    assert (await client.post(sign, headers=panel(auth, MEMBER_A))).status_code == 403
    assert (await client.post(sign, headers=hr(auth))).status_code == 403
    signed = await client.post(sign, headers=panel(auth, CHAIR))
    assert signed.status_code == 201, signed.text
    assert (await client.post(sign, headers=panel(auth, CHAIR))).status_code == 409
    # The decisions change the applications; the signed report stays as it was signed.
    assert (await decide(client, hr(auth), s.call_id, "preselection")).status_code == 200
    stored = await report(client, hr(auth), s.call_id)
    assert stored.headers["x-report-signed"] == "true"
    assert hashlib.sha256(stored.content).hexdigest() == signed.json()["csv_sha256"]
    assert sections(stored.text)[2][:2] == ["signed by", "Dora Chair"]
    assert "not_selected" not in stored.text
    stored_pdf = await report(client, hr(auth), s.call_id, fmt="pdf")
    assert hashlib.sha256(stored_pdf.content).hexdigest() == signed.json()["pdf_sha256"]
    # The stage is frozen: no scorecard changes any more.
    frozen = await client.put(
        f"/api/v1/applications/{s.applications[0]}/scorecard?stage=preselection",
        json={"scores": {"experience": 1}}, headers=panel(auth, CHAIR))
    assert frozen.status_code == 409 and frozen.json()["type"].endswith("stage-signed-off")
    assert await mongo.db.audit_events.count_documents(
        {"resource": "panel_report", "action": "export"}) == 4 * 20


async def test_csv_cells_cannot_become_formulas(client: httpx.AsyncClient, auth) -> None:
    names = [candidate_profile(0, first_name="=HYPERLINK(\"http://x\")", last_name="Doe"),
             candidate_profile(1, first_name="+SUM(1;2)", last_name="@Smith"),
             candidate_profile(2, first_name="-2+3", last_name="Łukasz")]
    s = await setup(client, auth, before_panel=3, not_before=0, profiles=names)
    grid = (await client.get(f"/api/v1/calls/{s.call_id}/scoring-grid", headers=hr(auth))).json()
    scores = {c["id"]: 3 for c in grid["stages"][0]["criteria"]}  # the default, derived grid
    for app_id in s.applications:
        await declare(client, auth, CHAIR, app_id)
        response = await client.put(f"/api/v1/applications/{app_id}/scorecard?stage=preselection",
                                    json={"scores": scores, "status": "submitted"},
                                    headers=panel(auth, CHAIR))
        assert response.status_code == 200, response.text
    text = (await report(client, hr(auth), s.call_id)).text
    cells = {c for row in sections(text) for c in row}
    assert "'=HYPERLINK(\"http://x\") Doe" in cells
    assert "'+SUM(1;2) @Smith" in cells and "'-2+3 Łukasz" in cells
    assert not any(c.startswith(("=", "+", "-", "@")) for c in cells)
    pdf = await report(client, hr(auth), s.call_id, fmt="pdf")
    assert pdf.status_code == 200  # non-Latin-1 names do not break the PDF
