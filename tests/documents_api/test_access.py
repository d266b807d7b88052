"""Who downloads, lists and deletes: the application's need-to-know, and 404 for the rest."""

from __future__ import annotations

from urllib.parse import quote

import httpx

from tests.documents_api.helpers import (
    ALL_KINDS,
    apply,
    call_of_kind,
    document_ids,
    full_profile,
    upload,
)
from tests.files import europass_pdf, pdf_bytes
from tests.privacy.keys import current_pseudonym


async def _ca_with_cv(client: httpx.AsyncClient, auth, filename: str = "cv.pdf"
                      ) -> tuple[dict[str, str], dict, dict, bytes]:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"], full_profile())
    data = pdf_bytes("Curriculum vitae of Anna", pages=2)
    response = await upload(client, candidate, application["id"], data, filename=filename)
    assert response.status_code == 201, response.text
    return candidate, application, response.json(), data


async def test_download_returns_the_same_bytes_as_an_attachment(
        client: httpx.AsyncClient, auth) -> None:
    candidate, _, document, data = await _ca_with_cv(client, auth, filename="CV Ånna \"v2\".pdf")
    response = await client.get(f"/api/v1/documents/{document['id']}/content", headers=candidate)
    assert response.status_code == 200
    assert response.content == data
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-length"] == str(len(data))
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["etag"] == f'"sha256:{document["sha256"]}"'
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=\"")
    assert "filename*=UTF-8''" + quote(document["filename"], safe="") in disposition
    assert '"v2"' not in disposition.split(";")[1]  # quotes in the name cannot break the header


async def test_another_candidate_gets_404_everywhere(client: httpx.AsyncClient, auth) -> None:
    _, application, document, _ = await _ca_with_cv(client, auth)
    stranger = auth("candidate", sub="cand-2")
    content = await client.get(f"/api/v1/documents/{document['id']}/content", headers=stranger)
    listing = await client.get(f"/api/v1/applications/{application['id']}/documents",
                               headers=stranger)
    deletion = await client.delete(f"/api/v1/documents/{document['id']}", headers=stranger)
    sneaked = await upload(client, stranger, application["id"], pdf_bytes())
    assert [r.status_code for r in (content, listing, deletion, sneaked)] == [404] * 4
    assert content.json()["detail"] == "No such document."


async def test_recruiter_of_the_unit_reads_after_submission_only(
        client: httpx.AsyncClient, auth) -> None:
    candidate, application, document, data = await _ca_with_cv(client, auth)
    unit = (await client.get(f"/api/v1/calls/{application['call_id']}",
                             headers=auth("hr", sub="hr-1"))).json()["unit"]
    recruiter = auth("recruiter", sub="rec-1", unit=unit)
    other_unit = auth("recruiter", sub="rec-2", unit="AGRI.B.1")
    content_url = f"/api/v1/documents/{document['id']}/content"
    assert (await client.get(content_url, headers=recruiter)).status_code == 404  # a draft
    submitted = await client.post(f"/api/v1/applications/{application['id']}/submit",
                                  headers=candidate)
    assert submitted.status_code == 200, submitted.text
    assert await document_ids(client, recruiter, application["id"]) == [document["id"]]
    download = await client.get(content_url, headers=recruiter)
    assert download.status_code == 200
    assert download.content == data
    assert (await client.get(content_url, headers=other_unit)).status_code == 404


async def test_downloads_lists_and_uploads_are_audited(client: httpx.AsyncClient, auth,
                                                        mongo, settings) -> None:
    candidate, application, document, _ = await _ca_with_cv(client, auth)
    await client.get(f"/api/v1/applications/{application['id']}/documents", headers=candidate)
    await client.get(f"/api/v1/documents/{document['id']}/content", headers=candidate)
    await client.delete(f"/api/v1/documents/{document['id']}", headers=candidate)
    # The candidate acts under their pseudonym (never their id) in the trail.
    actor = await current_pseudonym(mongo.db, settings, "cand-1")
    events = await mongo.db.audit_events.find({"actor": actor}).to_list()
    seen = {(e["action"], e["resource"]) for e in events}
    assert {("create", "document"), ("list", "application_documents"),
            ("download", "document"), ("delete", "document")} <= seen
    assert all(e["subject_id"] and "cand-1" not in e["subject_id"] for e in events)


async def test_delete_removes_metadata_and_bytes_and_only_on_drafts(
        client: httpx.AsyncClient, auth, mongo) -> None:
    candidate, application, document, _ = await _ca_with_cv(client, auth)
    assert await mongo.db["document_files.files"].count_documents({}) == 1
    deleted = await client.delete(f"/api/v1/documents/{document['id']}", headers=candidate)
    assert deleted.status_code == 204
    assert await document_ids(client, candidate, application["id"]) == []
    assert await mongo.db["document_files.files"].count_documents({}) == 0
    assert await mongo.db["document_files.chunks"].count_documents({}) == 0
    gone = await client.get(f"/api/v1/documents/{document['id']}/content", headers=candidate)
    assert gone.status_code == 404

    again = await upload(client, candidate, application["id"], pdf_bytes("CV"))
    await client.post(f"/api/v1/applications/{application['id']}/submit", headers=candidate)
    frozen = await client.delete(f"/api/v1/documents/{again.json()['id']}", headers=candidate)
    assert frozen.status_code == 409
    late = await upload(client, candidate, application["id"], pdf_bytes("Letter"),
                        kind="motivation_letter")
    assert late.status_code == 409


async def test_list_pages_with_a_cursor(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    ids = []
    for kind in ("cv", "motivation_letter", "application_form"):
        response = await upload(client, candidate, application["id"], pdf_bytes(kind), kind=kind)
        ids.append(response.json()["id"])
    url = f"/api/v1/applications/{application['id']}/documents"
    first = (await client.get(url, params={"limit": 2}, headers=candidate)).json()
    second = (await client.get(url, params={"limit": 2, "cursor": first["next_cursor"]},
                               headers=candidate)).json()
    assert [d["id"] for d in first["items"] + second["items"]] == ids[::-1]
    assert second["next_cursor"] is None


async def test_sne_cv_is_the_permreps_and_feeds_eligibility_on_submission(
        client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "sne")
    permrep = auth("permrep", sub="pr-be", country="BE")
    application = await apply(client, permrep, call["id"], full_profile(nationality="BE"))
    cv = await upload(client, permrep, application["id"],
                      europass_pdf(nationality="BE", language="fr"), language="FR")
    assert cv.status_code == 201, cv.text
    other_country = auth("permrep", sub="pr-nl", country="NL")
    content_url = f"/api/v1/documents/{cv.json()['id']}/content"
    assert (await client.get(content_url, headers=other_country)).status_code == 404
    submitted = await client.post(f"/api/v1/applications/{application['id']}/submit",
                                  headers=permrep)
    assert submitted.status_code == 200, submitted.text
    outcomes = {r["criterion"]: r["outcome"] for r in submitted.json()["eligibility"]["results"]}
    assert outcomes["cv_language"] == "met"
    assert outcomes["cv_nationality"] == "met"
    assert outcomes["cv_format"] == "met"


async def test_hr_of_the_dg_downloads_after_submission_and_hr_of_another_dg_does_not(
        client: httpx.AsyncClient, auth) -> None:
    candidate, application, document, data = await _ca_with_cv(client, auth)
    submitted = await client.post(f"/api/v1/applications/{application['id']}/submit",
                                  headers=candidate)
    assert submitted.status_code == 200, submitted.text
    content_url = f"/api/v1/documents/{document['id']}/content"
    own_dg = await client.get(content_url, headers=auth("hr", sub="hr-1", unit="CNECT"))
    assert own_dg.status_code == 200
    assert own_dg.content == data
    other_dg = await client.get(content_url, headers=auth("hr", sub="hr-2", unit="DIGIT"))
    assert other_dg.status_code == 404
    assert other_dg.json()["detail"] == "No such document."
    # HR may read the document, not delete it from the candidate's application.
    refused = await client.delete(f"/api/v1/documents/{document['id']}",
                                  headers=auth("hr", sub="hr-1", unit="CNECT"))
    assert refused.status_code == 403
