"""An SNE notice takes only a Europass CV: anything else is refused at upload, not only flagged
by the verdict later (the candidate can export the CV again now)."""

from __future__ import annotations

import httpx
import pytest

from tests.documents_api.helpers import (
    ALL_KINDS,
    DOCX_TYPE,
    apply,
    call_of_kind,
    document_ids,
    sne_draft,
    upload,
)
from tests.files import docx_bytes, europass_pdf, pdf_bytes


@pytest.mark.parametrize(("data", "filename", "content_type"), [
    pytest.param(pdf_bytes("A CV typed in a word processor"), "cv.pdf", "application/pdf",
                 id="pdf-without-europass-data"),
    pytest.param(docx_bytes("My CV"), "cv.docx", DOCX_TYPE, id="docx"),
])
async def test_a_non_europass_cv_is_refused_for_an_sne_call(
        client: httpx.AsyncClient, auth, data: bytes, filename: str, content_type: str) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id, data, language="EN",
                            filename=filename, content_type=content_type)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"].endswith("/europass-cv-required")
    assert "Europass" in problem["detail"]
    assert problem["errors"] == [{"type": "value_error", "loc": ["body", "file"],
                                  "msg": "a Europass CV is required"}]
    assert await document_ids(client, permrep, application_id) == []  # nothing kept


async def test_a_europass_cv_is_taken_for_an_sne_call(client: httpx.AsyncClient, auth) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id, europass_pdf(), language="EN")
    assert response.status_code == 201, response.text
    assert response.json()["europass"]["format"] == "europass-2020"


async def test_other_calls_still_take_any_pdf_or_docx_cv(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    response = await upload(client, candidate, application["id"], pdf_bytes("A plain CV"))
    assert response.status_code == 201, response.text
