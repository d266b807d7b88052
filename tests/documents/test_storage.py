"""store_upload end to end: real database, GridFS and clamd."""

from __future__ import annotations

import dataclasses
import hashlib
import socket

import pytest
from bson import ObjectId

from app.errors import (
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unprocessable,
    UnsupportedMediaType,
)
from app.models.calls import DocumentKind
from app.models.common import PageParams
from app.models.documents import DOCX, PDF, DocumentDoc, DocumentRead
from app.repositories import documents as documents_repo
from app.services.context import Ctx
from app.services.documents.scanning import ClamdScanner, NullScanner, make_scanner
from app.services.documents.storage import (
    content_disposition,
    download,
    get_document,
    store_upload,
)
from tests.files import EICAR, docx_bytes, europass_pdf, pdf_bytes, upload_file, zip_bomb_bytes

APPLICATION = ObjectId()


async def _store(ctx: Ctx, data: bytes, *, filename: str | None = "cv.pdf",
                 kind: DocumentKind = DocumentKind.cv, language: str | None = "EN",
                 scanner: object | None = None) -> DocumentDoc:
    return await store_upload(
        ctx, source=upload_file(data, filename), application_id=APPLICATION, kind=kind,
        language=language, owner_subject="candidate-1",
        scanner=scanner or make_scanner(ctx.settings),  # type: ignore[arg-type]
    )


async def _nothing_left(ctx: Ctx) -> None:
    db = ctx.db
    assert await db.documents.count_documents({}) == 0
    assert await db["document_files.files"].count_documents({}) == 0
    assert await db["document_files.chunks"].count_documents({}) == 0


async def _read_back(ctx: Ctx, document: DocumentDoc) -> bytes:
    return b"".join([chunk async for chunk in
                     documents_repo.open_content(ctx.db, document.gridfs_id)])


async def test_a_pdf_is_stored_and_reads_back_identical(ctx: Ctx) -> None:
    data = pdf_bytes("Curriculum vitae", pages=3) + b"%" + bytes(700_000)  # several chunks
    document = await _store(ctx, data, filename="../../Mein Lebenslauf.pdf")
    assert document.size == len(data)
    assert document.sha256 == hashlib.sha256(data).hexdigest()
    assert document.content_type == PDF
    assert document.filename == "Mein Lebenslauf.pdf"
    assert (document.scan.scanned, document.scan.engine) == (True, "clamd")
    assert document.europass is None
    assert await _read_back(ctx, document) == data
    stored = await get_document(ctx, document_id=document.id, application_id=APPLICATION)
    assert stored.sha256 == document.sha256 and stored.language == "EN"
    audit = await ctx.db.audit_events.find_one({"resource": "document"})
    assert audit is not None and audit["action"] == "create"


async def test_a_docx_is_stored_with_the_type_from_its_content(ctx: Ctx) -> None:
    data = docx_bytes("Dear members of the panel")
    document = await _store(ctx, data, filename="letter.pdf", kind=DocumentKind.motivation_letter)
    assert document.content_type == DOCX
    assert await _read_back(ctx, document) == data


async def test_a_europass_cv_carries_its_facts(ctx: Ctx) -> None:
    document = await _store(ctx, europass_pdf(nationality="LU", language="de"))
    assert document.europass is not None
    assert document.europass.nationalities == ["LU"]
    assert document.europass.cv_language == "de"
    raw = await ctx.db.documents.find_one({"_id": document.id})
    assert raw is not None and raw["europass"]["nationalities"] == ["LU"]
    read = DocumentRead.of(DocumentDoc.model_validate(raw))
    assert read.europass is not None and read.europass.experience[0].employer == "FPS Economy"


async def test_eicar_is_refused_and_nothing_is_left(ctx: Ctx) -> None:
    with pytest.raises(Unprocessable, match="malware detected: Eicar-Test-Signature"):
        await _store(ctx, EICAR, filename="eicar.com")
    await _nothing_left(ctx)


async def test_an_oversized_file_is_refused_and_nothing_is_left(ctx: Ctx) -> None:
    small = dataclasses.replace(ctx, settings=ctx.settings.model_copy(
        update={"max_upload_bytes": 600_000}))
    with pytest.raises(PayloadTooLarge):
        await _store(small, pdf_bytes() + bytes(700_000))
    await _nothing_left(ctx)


async def test_a_zip_bomb_is_refused_and_nothing_is_left(ctx: Ctx) -> None:
    with pytest.raises(Unprocessable, match="DOCX"):
        await _store(ctx, zip_bomb_bytes(), filename="cv.docx")
    await _nothing_left(ctx)


async def test_neither_pdf_nor_docx_is_refused(ctx: Ctx) -> None:
    with pytest.raises(UnsupportedMediaType, match="PDF or DOCX"):
        await _store(ctx, b"<html>" + bytes(300_000), filename="cv.pdf")
    with pytest.raises(Unprocessable, match="empty"):
        await _store(ctx, b"")
    await _nothing_left(ctx)


async def test_clamd_down_is_a_503_and_nothing_is_left(ctx: Ctx) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    with pytest.raises(ServiceUnavailable) as raised:
        await _store(ctx, pdf_bytes() + bytes(600_000),
                     scanner=ClamdScanner(host="127.0.0.1", port=port, timeout=2.0))
    assert raised.value.headers["Retry-After"]
    await _nothing_left(ctx)


async def test_without_clamd_in_development_the_file_is_recorded_unscanned(ctx: Ctx) -> None:
    document = await _store(ctx, pdf_bytes(), scanner=NullScanner())
    assert (document.scan.scanned, document.scan.engine) == (False, None)


async def test_a_language_outside_the_eu_list_is_refused(ctx: Ctx) -> None:
    with pytest.raises(Unprocessable, match="official EU languages"):
        await _store(ctx, pdf_bytes(), language="xx")
    await _nothing_left(ctx)


async def test_list_download_and_purge(ctx: Ctx) -> None:
    one = pdf_bytes("one")
    first = await _store(ctx, one)
    second = await _store(ctx, docx_bytes("two"), filename="two.docx")
    other = await store_upload(ctx, source=upload_file(pdf_bytes("other")),
                               application_id=ObjectId(), kind=DocumentKind.other,
                               language=None, owner_subject="someone-else",
                               scanner=make_scanner(ctx.settings))
    page = await documents_repo.list_for_application(ctx.db, APPLICATION, PageParams(limit=1))
    assert [d["_id"] for d in page.docs] == [second.id]
    assert page.next_cursor is not None
    page = await documents_repo.list_for_application(
        ctx.db, APPLICATION, PageParams(limit=10, cursor=page.next_cursor))
    assert [d["_id"] for d in page.docs] == [first.id]
    assert page.next_cursor is None

    stream = await download(ctx, document=first, owner_subject="candidate-1")
    assert b"".join([chunk async for chunk in stream]) == one
    with pytest.raises(NotFound):
        await get_document(ctx, document_id=other.id, application_id=APPLICATION)

    assert await documents_repo.delete_for_application(ctx.db, APPLICATION) == 2
    assert await ctx.db.documents.count_documents({}) == 1
    assert await ctx.db["document_files.files"].count_documents({}) == 1
    assert await documents_repo.file_exists(ctx.db, other.gridfs_id)
    with pytest.raises(NotFound):
        await download(ctx, document=first, owner_subject="candidate-1")


def test_content_disposition_is_an_attachment_with_a_safe_name() -> None:
    header = content_disposition('Životopis "final".pdf')
    assert header.startswith('attachment; filename="_ivotopis _final_.pdf"')
    assert "filename*=UTF-8''%C5%BDivotopis%20%22final%22.pdf" in header
