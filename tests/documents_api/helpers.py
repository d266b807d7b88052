"""Keyword-only factories for the document API tests: calls and applications through the API."""

from __future__ import annotations

from typing import Any

import httpx

from tests.calls.helpers import NOTICES, published_call
from tests.files import docx_bytes, pdf_bytes

HR = {"sub": "hr-1"}
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF_TYPE = "application/pdf"
# CA notices take the form and the CV; these tests also send a letter, so all kinds are open.
ALL_KINDS = {"required": ["cv"], "accepted": ["cv", "motivation_letter", "application_form",
                                              "other"]}


def full_profile(*, nationality: str = "BE", email: str = "anna@example.eu") -> dict[str, Any]:
    """A complete candidate profile (enough to submit)."""
    return {
        "first_name": "Anna", "last_name": "Peeters", "nationalities": [nationality],
        "contact": {"email": email},
        "languages": [{"language": "EN", "level": "C1"}, {"language": "FR", "level": "B2"}],
    }


async def call_of_kind(client: httpx.AsyncClient, auth: Any, notice: str,
                       **payload: Any) -> dict[str, Any]:
    """A published call transcribed from a real notice, created by HR of the notice's DG."""
    unit = payload.get("unit") or NOTICES[notice].unit
    hr = auth("hr", **HR, unit=unit.split(".")[0])
    return await published_call(client, hr, notice=notice, **payload)


async def apply(client: httpx.AsyncClient, headers: dict[str, str], call_id: str,
                profile: dict[str, Any] | None = None) -> dict[str, Any]:
    """A draft application through the API; fail the test if refused."""
    response = await client.post(f"/api/v1/calls/{call_id}/applications",
                                 json={"profile": profile or {}}, headers=headers)
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


async def upload(client: httpx.AsyncClient, headers: dict[str, str], application_id: str,
                 data: bytes, *, kind: str = "cv", language: str | None = None,
                 filename: str = "cv.pdf", content_type: str = PDF_TYPE,
                 extra: dict[str, str] | None = None) -> httpx.Response:
    """POST one file to the application's documents, as a browser form would."""
    fields = {"kind": kind, **({"language": language} if language else {}), **(extra or {})}
    return await client.post(f"/api/v1/applications/{application_id}/documents",
                             data=fields, files={"file": (filename, data, content_type)},
                             headers=headers)


async def cv_and_letter(client: httpx.AsyncClient, auth: Any
                        ) -> tuple[httpx.Response, httpx.Response]:
    """A CA candidate's plain PDF CV and DOCX motivation letter, uploaded to a new draft."""
    call = await call_of_kind(client, auth, "ca", documents=ALL_KINDS)
    candidate = auth("candidate", sub="cand-1")
    application = await apply(client, candidate, call["id"])
    cv = await upload(client, candidate, application["id"], pdf_bytes("CV"))
    letter = await upload(client, candidate, application["id"], docx_bytes("Dear panel"),
                          kind="motivation_letter", filename="letter.docx",
                          content_type=DOCX_TYPE)
    return cv, letter


async def document_ids(client: httpx.AsyncClient, headers: dict[str, str],
                       application_id: str) -> list[str]:
    response = await client.get(f"/api/v1/applications/{application_id}/documents",
                                headers=headers)
    assert response.status_code == 200, response.text
    return [item["id"] for item in response.json()["items"]]


async def sne_draft(client: httpx.AsyncClient, auth: Any) -> tuple[dict[str, str], str]:
    """A Belgian Permanent Representation's draft on an SNE call: (its headers, the id)."""
    call = await call_of_kind(client, auth, "sne")
    permrep = auth("permrep", sub="pr-be", country="BE")
    application = await apply(client, permrep, call["id"], full_profile(nationality="BE"))
    return permrep, application["id"]
