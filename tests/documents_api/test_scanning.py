"""Malware, zip bombs, size caps and a scanner that is down: nothing is stored, nothing leaks."""

from __future__ import annotations

import socket

import httpx

from tests.documents_api.conftest import ClientFactory
from tests.documents_api.helpers import (
    ALL_KINDS,
    DOCX_TYPE,
    apply,
    call_of_kind,
    document_ids,
    upload,
)
from tests.files import EICAR, pdf_bytes, zip_bomb_bytes

MIB = 1_048_576


async def _ca_draft(client: httpx.AsyncClient, auth) -> tuple[dict[str, str], str]:
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    return candidate, (await apply(client, candidate, call["id"]))["id"]


async def test_eicar_is_refused_and_never_listed(client: httpx.AsyncClient, auth) -> None:
    candidate, application_id = await _ca_draft(client, auth)
    response = await upload(client, candidate, application_id, EICAR, filename="cv.pdf")
    assert response.status_code == 422
    assert "malware detected" in response.json()["detail"]
    assert "Eicar" in response.json()["signature"]
    assert await document_ids(client, candidate, application_id) == []


async def test_zip_bomb_docx_is_refused(client: httpx.AsyncClient, auth) -> None:
    candidate, application_id = await _ca_draft(client, auth)
    response = await upload(client, candidate, application_id, zip_bomb_bytes(),
                            kind="motivation_letter", filename="letter.docx",
                            content_type=DOCX_TYPE)
    assert response.status_code == 422
    assert await document_ids(client, candidate, application_id) == []


async def test_a_20_mb_upload_is_too_large(client: httpx.AsyncClient, auth, settings) -> None:
    assert settings.max_upload_bytes == 15 * MIB
    candidate, application_id = await _ca_draft(client, auth)
    response = await upload(client, candidate, application_id, bytes(20 * MIB))
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert await document_ids(client, candidate, application_id) == []


async def test_a_file_just_over_the_cap_is_refused_by_the_upload_itself(
        client_with: ClientFactory, auth) -> None:
    # Past the file cap but within the body cap (+64 KiB for the form): store_upload counts.
    async with client_with(max_upload_bytes=MIB) as http:
        candidate, application_id = await _ca_draft(http, auth)
        data = pdf_bytes() + bytes(MIB)
        response = await upload(http, candidate, application_id, data)
        assert response.status_code == 413
        assert await document_ids(http, candidate, application_id) == []


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_clamd_down_is_503_and_nothing_is_stored(client_with: ClientFactory, auth) -> None:
    async with client_with(clamd_port=_closed_port(), clamd_timeout_seconds=2.0) as http:
        candidate, application_id = await _ca_draft(http, auth)
        response = await upload(http, candidate, application_id, pdf_bytes("CV"))
        assert response.status_code == 503
        assert response.headers["retry-after"]
        assert await document_ids(http, candidate, application_id) == []
