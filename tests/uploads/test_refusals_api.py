"""Each refusal of an upload is a problem+json with its own stable code; nothing is listed."""

from __future__ import annotations

import httpx
import pytest

from tests.documents_api.helpers import (
    ALL_KINDS,
    DOCX_TYPE,
    apply,
    call_of_kind,
    document_ids,
    upload,
)
from tests.files import docx_bytes
from tests.uploads.hostile_files import (
    MACRO_CONTENT_TYPES,
    docx_with,
    encrypted_pdf,
    fake_pdf,
    lying_zip_bomb_docx,
    nested_bomb_docx,
)

CASES = [
    ("letter.docx", lying_zip_bomb_docx(), "zip-bomb"),
    ("letter.docx", nested_bomb_docx(), "zip-bomb"),
    ("letter.docm", docx_with(extra={"word/vbaProject.bin": b"macro"}),
     "macro-enabled-document"),
    ("letter.docx", docx_with(content_types=MACRO_CONTENT_TYPES), "macro-enabled-document"),
    ("letter.docx", docx_with(without=("word/document.xml",)), "docx-missing-part"),
    ("letter.pdf", fake_pdf(), "not-a-pdf"),
    ("letter.pdf", encrypted_pdf(), "encrypted-pdf"),
]


@pytest.mark.parametrize(("filename", "data", "code"), CASES,
                         ids=[f"{n}-{code}" for n, (_, _, code) in enumerate(CASES)])
async def test_a_refused_upload_is_a_problem_with_its_code(
        client: httpx.AsyncClient, auth, filename: str, data: bytes, code: str) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application_id = (await apply(client, candidate, call["id"]))["id"]
    response = await upload(client, candidate, application_id, data, kind="motivation_letter",
                            filename=filename, content_type=DOCX_TYPE)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["type"].endswith(f"/{code}")
    assert await document_ids(client, candidate, application_id) == []


async def test_a_plain_docx_is_still_accepted(client: httpx.AsyncClient, auth) -> None:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application_id = (await apply(client, candidate, call["id"]))["id"]
    response = await upload(client, candidate, application_id, docx_bytes("Dear panel"),
                            kind="motivation_letter", filename="letter.docx",
                            content_type=DOCX_TYPE)
    assert response.status_code == 201, response.text
