"""The call's document rules, applied at upload: SNE, CA and TA notices."""

from __future__ import annotations

import asyncio

import httpx

from tests.documents_api.helpers import (
    ALL_KINDS,
    DOCX_TYPE,
    apply,
    call_of_kind,
    cv_and_letter,
    document_ids,
    full_profile,
    sne_draft,
    upload,
)
from tests.files import docx_bytes, europass_pdf, pdf_bytes


async def test_sne_permrep_uploads_a_europass_cv_and_its_facts_come_back(
        client: httpx.AsyncClient, auth) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id,
                            europass_pdf(nationality="BE", language="en"), language="EN")
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["kind"] == "cv"
    assert body["language"] == "EN"
    assert body["content_type"] == "application/pdf"
    assert body["scanned"] is True
    assert body["europass"]["nationalities"] == ["BE"]
    assert body["europass"]["cv_language"] == "en"
    assert response.headers["location"] == f"/api/v1/documents/{body['id']}/content"
    assert await document_ids(client, permrep, application_id) == [body["id"]]


async def test_sne_takes_no_other_document_than_the_cv(client: httpx.AsyncClient, auth) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id, pdf_bytes("Letter"),
                            kind="motivation_letter", filename="letter.pdf")
    assert response.status_code == 422
    assert "only the CV is accepted" in response.json()["detail"]
    assert await document_ids(client, permrep, application_id) == []


async def test_sne_cv_must_be_in_english_french_or_german(client: httpx.AsyncClient, auth) -> None:
    permrep, application_id = await sne_draft(client, auth)
    italian = await upload(client, permrep, application_id, europass_pdf(language="it"),
                           language="IT")
    assert italian.status_code == 422
    assert "EN, FR, DE" in italian.json()["detail"]
    unstated = await upload(client, permrep, application_id, europass_pdf())
    assert unstated.status_code == 422
    assert unstated.json()["errors"][0]["loc"] == ["body", "language"]
    assert await document_ids(client, permrep, application_id) == []


async def test_ca_candidate_uploads_a_pdf_cv_and_a_docx_letter(
        client: httpx.AsyncClient, auth) -> None:
    cv, letter = await cv_and_letter(client, auth)
    assert cv.status_code == 201, cv.text
    assert letter.status_code == 201, letter.text
    assert letter.json()["content_type"] == DOCX_TYPE
    assert cv.json()["europass"] is None  # a plain PDF states no Europass facts
    listed = await document_ids(client, auth("candidate", sub="cand-1"),
                                cv.json()["application_id"])
    assert listed == [letter.json()["id"], cv.json()["id"]]  # newest first


async def test_one_cv_per_application_until_it_is_deleted(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    first = await upload(client, candidate, application["id"], pdf_bytes("CV 1"))
    second = await upload(client, candidate, application["id"], pdf_bytes("CV 2"))
    assert second.status_code == 409
    assert "already has a CV" in second.json()["detail"]
    deleted = await client.delete(f"/api/v1/documents/{first.json()['id']}", headers=candidate)
    assert deleted.status_code == 204
    again = await upload(client, candidate, application["id"], pdf_bytes("CV 2"))
    assert again.status_code == 201
    assert await document_ids(client, candidate, application["id"]) == [again.json()["id"]]


async def test_ca_call_refuses_kinds_it_does_not_accept(client: httpx.AsyncClient, auth) -> None:
    # The notice: "You may express your interest by filling in the application form" (online);
    # its privacy statement names a CV and a motivational letter, nothing else.
    call = await call_of_kind(client, auth, "ca")
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    response = await upload(client, candidate, application["id"], pdf_bytes("Form"),
                            kind="application_form")
    assert response.status_code == 422
    assert "cv, motivation_letter" in response.json()["detail"]


async def test_ta_takes_one_pdf_and_a_second_document_conflicts(
        client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ta")
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    first = await upload(client, candidate, application["id"],
                         pdf_bytes("CV, letter and form", pages=3))
    assert first.status_code == 201, first.text
    second = await upload(client, candidate, application["id"], pdf_bytes("Letter"),
                          kind="motivation_letter")
    assert second.status_code == 409
    assert "This call takes one PDF holding CV, motivation letter and application form, " \
           "in that order" in second.json()["detail"]
    assert await document_ids(client, candidate, application["id"]) == [first.json()["id"]]


async def test_ta_refuses_a_docx(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ta")
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    response = await upload(client, candidate, application["id"], docx_bytes("All in one"),
                            filename="all.docx", content_type=DOCX_TYPE)
    assert response.status_code == 422
    assert "as a PDF" in response.json()["detail"]
    assert await document_ids(client, candidate, application["id"]) == []


async def test_the_form_is_checked_before_anything_is_stored(
        client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    url = f"/api/v1/applications/{application['id']}/documents"
    bad_kind = await upload(client, candidate, application["id"], pdf_bytes(), kind="diploma")
    assert bad_kind.status_code == 422
    assert bad_kind.json()["errors"][0]["loc"] == ["body", "kind"]
    no_file = await client.post(url, data={"kind": "cv"}, files={"other": ("x", b"y")},
                                headers=candidate)
    assert no_file.status_code == 422
    assert {tuple(e["loc"]) for e in no_file.json()["errors"]} == {
        ("body", "other"), ("body", "file")}
    bad_language = await upload(client, candidate, application["id"], pdf_bytes(),
                                language="XX")
    assert bad_language.status_code == 422
    two_files = await client.post(
        url, data={"kind": "cv"}, headers=candidate,
        files=[("file", ("a.pdf", pdf_bytes(), "application/pdf")),
               ("file", ("b.pdf", pdf_bytes(), "application/pdf"))])
    assert two_files.status_code == 400
    assert await document_ids(client, candidate, application["id"]) == []


async def test_same_idempotency_key_replays_the_upload(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    keyed = {**candidate, "Idempotency-Key": "upload-1"}
    data = pdf_bytes("CV")
    first = await upload(client, keyed, application["id"], data)
    replay = await upload(client, keyed, application["id"], data)
    assert first.status_code == replay.status_code == 201
    assert replay.headers["idempotent-replayed"] == "true"
    assert replay.json()["id"] == first.json()["id"]
    other_file = await upload(client, keyed, application["id"], pdf_bytes("Another CV"))
    assert other_file.status_code == 422
    assert await document_ids(client, candidate, application["id"]) == [first.json()["id"]]


async def test_sne_cv_whose_europass_data_names_another_language_is_refused(
        client: httpx.AsyncClient, auth, mongo) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id, europass_pdf(language="it"),
                            language="EN")
    assert response.status_code == 422
    assert "written in IT" in response.json()["detail"]
    assert await document_ids(client, permrep, application_id) == []
    assert await mongo.db["document_files.files"].count_documents({}) == 0


async def test_concurrent_cv_uploads_never_leave_two_cvs(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    responses = await asyncio.gather(*(
        upload(client, candidate, application["id"], pdf_bytes(f"CV {n}")) for n in range(3)))
    statuses = sorted(r.status_code for r in responses)
    assert set(statuses) <= {201, 409}
    stored = await document_ids(client, candidate, application["id"])
    assert len(stored) <= 1
    assert stored == [r.json()["id"] for r in responses if r.status_code == 201]


async def test_ta_application_with_its_one_pdf_can_be_submitted(
        client: httpx.AsyncClient, auth) -> None:
    # The TA notice requires CV, letter and form, all in one PDF: that PDF satisfies all three.
    call = await call_of_kind(client, auth, "ta")
    candidate = auth("candidate", sub="cand-ta")
    application = await apply(client, candidate, call["id"], full_profile())
    submit = f"/api/v1/applications/{application['id']}/submit"
    refused = await client.post(submit, headers=candidate)
    assert refused.status_code == 422
    assert {tuple(e["loc"]) for e in refused.json()["errors"]} >= {("documents", "cv")}
    stored = await upload(client, candidate, application["id"],
                          pdf_bytes("CV, letter and form", pages=3))
    assert stored.status_code == 201, stored.text
    submitted = await client.post(submit, headers=candidate)
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["status"] == "submitted"
