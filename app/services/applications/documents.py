"""Documents of an application: upload under the call's rules, list, download, delete, and
pre-fill the draft profile from the Europass CV."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from bson import ObjectId
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from app.errors import Conflict, NotFound, Unprocessable
from app.models.calls import DocumentKind, DocumentRules
from app.models.common import Page, PageParams, object_id
from app.models.documents import DocumentDoc, DocumentRead
from app.models.stored import CallDoc
from app.models.stored_more import DocumentMetaDoc
from app.repositories import documents as documents_repo
from app.services import audit
from app.services.applications.access import (
    call_of,
    readable_application,
    subject_of,
    writable_draft,
)
from app.services.applications.prefill import prefill_from_cv as prefill_from_cv
from app.services.applications.sne_cv import check_europass_cv
from app.services.context import Ctx
from app.services.documents import storage
from app.services.documents.scanning import Scanner
from app.services.documents.sniffing import detect
from app.services.idempotency import run_once

# Enough for CV, letter, form and a few annexes; a cap so one draft cannot fill the store.
MAX_DOCUMENTS = 10
ONE_CV = "This application already has a CV; delete it first to replace it."
RESOURCE = "document"


@dataclass(frozen=True)
class DocumentContent:
    """A document's metadata and its bytes, as a stream of GridFS chunks."""

    document: DocumentDoc
    chunks: AsyncIterator[bytes]


def _rules(call: CallDoc) -> DocumentRules:
    return DocumentRules.model_validate(call.get("documents") or {})


def _kind_refused(rules: DocumentRules, kind: DocumentKind) -> Unprocessable:
    accepted = ", ".join(k.value for k in rules.accepted) or "none"
    detail = f"This call accepts these documents only: {accepted}."
    if rules.accepted == [DocumentKind.cv]:
        detail = "This call accepts no other documents: only the CV is accepted."
    return Unprocessable(detail, errors=[{"loc": ["body", "kind"], "msg": f"one of: {accepted}"}])


def check_kind_and_language(rules: DocumentRules, kind: DocumentKind,
                            language: str | None) -> None:
    """422 when the call does not take this kind, or a CV is not in an accepted language."""
    if kind not in rules.accepted:
        raise _kind_refused(rules, kind)
    if kind is DocumentKind.cv and rules.cv_languages:
        allowed = ", ".join(rules.cv_languages)
        code = (language or "").strip().upper()
        if not code:
            raise Unprocessable(f"Say the CV's language: this call takes CVs in {allowed}.",
                                errors=[{"loc": ["body", "language"], "msg": "Field required"}])
        if code not in rules.cv_languages:
            raise Unprocessable(f"This call takes CVs in {allowed} only.",
                                errors=[{"loc": ["body", "language"], "msg": f"one of: {allowed}"}])


def check_slots(rules: DocumentRules, kind: DocumentKind,
                others: list[DocumentMetaDoc]) -> None:
    """409 when the application already holds what this upload would add a second of."""
    if rules.single_pdf and others:
        raise Conflict(f"{rules.single_pdf_rule()}; delete the stored PDF to replace it.")
    if kind is DocumentKind.cv and any(d["kind"] == DocumentKind.cv.value for d in others):
        raise Conflict(ONE_CV)
    if len(others) >= MAX_DOCUMENTS:
        raise Conflict(f"An application holds at most {MAX_DOCUMENTS} documents.")


def check_stated_language(rules: DocumentRules, document: DocumentDoc) -> None:
    """422 when the CV's own Europass data names a language the call does not take."""
    facts = document.europass
    if document.kind is not DocumentKind.cv or not rules.cv_languages or facts is None:
        return
    stated = (facts.cv_language or "").upper()
    if stated and stated not in rules.cv_languages:
        raise Unprocessable(
            f"The CV's Europass data says it is written in {stated}; this call takes CVs in "
            f"{', '.join(rules.cv_languages)} only.",
            errors=[{"loc": ["body", "file"], "msg": f"CV language {stated}"}])


async def _head(source: UploadFile) -> bytes:
    head = await source.read(8)
    await source.seek(0)
    return head


def _sha256(fileobj: BinaryIO) -> str:
    fileobj.seek(0)
    digest = hashlib.sha256()
    while chunk := fileobj.read(1_048_576):
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest()


async def _documents_of(ctx: Ctx, application_id: ObjectId) -> list[DocumentMetaDoc]:
    # One more than the cap: enough to know the cap is reached, never an unbounded read.
    return await documents_repo.all_for_application(ctx.db, application_id,
                                                    cap=MAX_DOCUMENTS + 1)


async def _remove(ctx: Ctx, document: DocumentDoc, *, subject: str, detail: str) -> None:
    await documents_repo.delete_file(ctx.db, document.gridfs_id)
    await documents_repo.delete_for_document(ctx.db, document.id)
    await audit.record(ctx, action=audit.Action.delete, resource=RESOURCE,
                       resource_id=str(document.id), subject=subject, detail=detail)


async def upload_document(
    ctx: Ctx, *, application_id: str, source: UploadFile, kind: DocumentKind,
    language: str | None, scanner: Scanner, idempotency_key: str | None = None,
) -> JSONResponse:
    """Attach a file to the caller's draft under the call's document rules (201 + Location)."""
    application = await writable_draft(ctx, application_id=application_id)
    rules = _rules(await call_of(ctx, application))
    check_kind_and_language(rules, kind, language)
    subject = subject_of(application)

    async def produce() -> tuple[int, Any, dict[str, str]]:
        check_slots(rules, kind, await _documents_of(ctx, application["_id"]))
        if rules.single_pdf and detect(await _head(source)) != "pdf":
            raise Unprocessable(f"{rules.single_pdf_rule()}: upload it as a PDF.",
                                errors=[{"loc": ["body", "file"], "msg": "a PDF is required"}])
        stored = await storage.store_upload(
            ctx, source=source, application_id=application["_id"], kind=kind,
            language=language, owner_subject=subject, scanner=scanner)
        # Two uploads racing past check_slots: the later writer sees the other and withdraws
        # (at worst both withdraw and the client retries; never two CVs or two TA PDFs).
        others = [d for d in await _documents_of(ctx, application["_id"]) if d["_id"] != stored.id]
        try:
            check_slots(rules, kind, others)
            check_stated_language(rules, stored)
            check_europass_cv(call_kind=application["call_kind"], rules=rules, document=stored)
        except (Conflict, Unprocessable) as refusal:
            await _remove(ctx, stored, subject=subject, detail=f"withdrawn: {refusal.code}")
            raise
        read = DocumentRead.of(stored)
        return 201, read.model_dump(mode="json"), {
            "Location": f"/api/v1/documents/{read.id}/content"}

    if idempotency_key is None:
        return await run_once(ctx, key=None, scope="", body=None, produce=produce)
    # The fingerprint covers the bytes, so a retried upload replays and a different file is 422.
    fingerprint = {"kind": kind.value, "language": language, "filename": source.filename,
                   "sha256": await asyncio.to_thread(_sha256, source.file)}
    return await run_once(ctx, key=idempotency_key, scope=f"documents.upload:{application_id}",
                          body=fingerprint, produce=produce,
                          application_of=lambda _body: application_id)


async def list_documents(ctx: Ctx, *, application_id: str,
                         page: PageParams) -> Page[DocumentRead]:
    """A page of the application's documents, for whoever may read the application."""
    application = await readable_application(ctx, application_id=application_id)
    found = await documents_repo.list_for_application(ctx.db, application["_id"], page)
    items = [DocumentRead.of(DocumentDoc.model_validate(d)) for d in found.docs]
    next_cursor = found.next_cursor
    await audit.record(ctx, action=audit.Action.list, resource="application_documents",
                       resource_id=application_id, subject=subject_of(application),
                       detail=f"count={len(items)}")
    return Page[DocumentRead](items=items, next_cursor=next_cursor)


async def _document(ctx: Ctx, document_id: str) -> DocumentDoc:
    raw = await documents_repo.get_document(ctx.db, object_id(document_id, what="document"))
    if raw is None:
        raise NotFound("No such document.")
    return DocumentDoc.model_validate(raw)


async def document_content(ctx: Ctx, *, document_id: str) -> DocumentContent:
    """The file, for whoever may read its application (404 otherwise); the download is audited."""
    document = await _document(ctx, document_id)
    try:
        application = await readable_application(
            ctx, application_id=str(document.application_id))
    except NotFound:
        raise NotFound("No such document.") from None
    chunks = await storage.download(ctx, document=document,
                                    owner_subject=subject_of(application))
    return DocumentContent(document=document, chunks=chunks)


async def delete_document(ctx: Ctx, *, document_id: str) -> None:
    """Remove a document (metadata and bytes) from the caller's draft."""
    document = await _document(ctx, document_id)
    try:
        application = await writable_draft(ctx, application_id=str(document.application_id))
    except NotFound:
        raise NotFound("No such document.") from None
    await _remove(ctx, document, subject=subject_of(application), detail=document.kind.value)
