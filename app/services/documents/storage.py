"""The single-pass upload: read, count, sniff, hash, scan and store each chunk once."""

from __future__ import annotations

import asyncio
import hashlib
import logging
from collections.abc import AsyncIterator
from typing import BinaryIO
from urllib.parse import quote

from bson import ObjectId
from pymongo.errors import PyMongoError
from starlette.datastructures import UploadFile

from app.errors import (
    NotFound,
    PayloadTooLarge,
    ServiceUnavailable,
    Unprocessable,
    UnsupportedMediaType,
)
from app.models.calls import DocumentKind
from app.models.documents import DOCX, PDF, DocumentDoc, ScanRecord
from app.models.europass import CvFacts
from app.models.reference import EU_LANGUAGES
from app.repositories import documents as documents_repo
from app.repositories.documents import ChunkedUpload
from app.services.audit import Action, record
from app.services.context import Ctx
from app.services.documents.archive import FileRefused
from app.services.documents.europass import extract_cv_facts
from app.services.documents.scanning import Scanner, ScannerUnavailable, ScanVerdict
from app.services.documents.sniffing import (
    check_pdf,
    detect,
    inspect_docx,
    sanitise_filename,
)

log = logging.getLogger("app.documents")
CHUNK = 256 * 1024
_HEAD = 8
RETRY_AFTER_SECONDS = "30"
RESOURCE = "document"


def _language(language: str | None) -> str | None:
    if language is None or not language.strip():
        return None
    code = language.strip().upper()
    if code not in EU_LANGUAGES:
        raise Unprocessable(f"{language!r} is not one of the 24 official EU languages.")
    return code


def _scanner_down(exc: ScannerUnavailable) -> ServiceUnavailable:
    log.error("malware scanner unavailable", extra={"reason": str(exc)[:200]})
    return ServiceUnavailable(
        "The malware scanner is unavailable, so the file was not accepted; try again shortly.",
        headers={"Retry-After": RETRY_AFTER_SECONDS},
    )


def _open(fileobj: BinaryIO, detected: str, max_uncompressed: int, max_entries: int) -> None:
    """Open what is about to be accepted (blocking: runs in a thread)."""
    if detected == "zip":
        inspect_docx(fileobj, max_uncompressed=max_uncompressed, max_entries=max_entries)
    else:
        check_pdf(fileobj)


def _facts(fileobj: BinaryIO, language: str | None) -> CvFacts | None:
    fileobj.seek(0)
    return extract_cv_facts(fileobj, preferred_language=language)


async def _receive(ctx: Ctx, source: UploadFile, grid_in: ChunkedUpload, scanner: Scanner
                   ) -> tuple[str | None, int, str, ScanVerdict]:
    """Read the upload once; return (detected type, size, sha256, scan verdict).

    Bytes go to GridFS only while they look like a PDF or a zip; the scan sees everything, so
    malware is reported even in a file that is neither (the verdict takes precedence).
    """
    limit = ctx.settings.max_upload_bytes
    digest = hashlib.sha256()
    size = 0
    held: list[bytes] = []  # chunks read before the first bytes say what the file is
    decided = False
    detected: str | None = None
    async with scanner.session() as scan:
        while chunk := await source.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"The file exceeds the limit of {limit} bytes.",
                                      limit=limit)
            digest.update(chunk)
            await scan.feed(chunk)
            if decided:
                if detected is not None:
                    await grid_in.write(chunk)
                continue
            held.append(chunk)
            if size >= _HEAD:
                decided, detected = True, detect(b"".join(held)[:_HEAD])
                await _flush(grid_in, held, keep=detected is not None)
        verdict = await scan.finish()
    if not decided:
        detected = detect(b"".join(held))
        await _flush(grid_in, held, keep=detected is not None)
    return detected, size, digest.hexdigest(), verdict


async def _discard(grid_in: ChunkedUpload) -> None:
    """Remove a partial GridFS file; never hide the error that made us discard it."""
    try:
        await grid_in.abort()
    except PyMongoError:
        log.exception("could not remove a partial upload",
                      extra={"gridfs_id": str(grid_in.file_id)})


async def _flush(grid_in: ChunkedUpload, held: list[bytes], *, keep: bool) -> None:
    if keep:
        for chunk in held:
            await grid_in.write(chunk)
    held.clear()


async def store_upload(ctx: Ctx, *, source: UploadFile, application_id: ObjectId,
                       kind: DocumentKind, language: str | None, owner_subject: str,
                       scanner: Scanner) -> DocumentDoc:
    """Check, scan and store one uploaded file; on any refusal nothing is left behind.

    413 over ``max_upload_bytes``; 422 (each with its problem code) for malware, an empty
    file, a PDF or DOCX that does not open, a zip bomb, macros or encryption; 415 for anything
    but PDF or DOCX; 503 (Retry-After) when clamd cannot
    give a verdict. Access checks are the caller's: this stores for ``application_id``.
    """
    settings = ctx.settings
    language_code = _language(language)
    document_id = ObjectId()
    gridfs_id = documents_repo.new_file_id(ctx.clock.now())
    grid_in = documents_repo.open_upload(
        ctx.db, file_id=gridfs_id, filename=str(document_id),
        metadata={"application_id": application_id, "document_id": document_id},
        uploaded_at=ctx.clock.now(),
    )
    europass: CvFacts | None = None
    try:
        try:
            detected, size, sha256, verdict = await _receive(ctx, source, grid_in, scanner)
        except ScannerUnavailable as exc:
            raise _scanner_down(exc) from exc
        if not verdict.clean:
            log.warning("malware refused", extra={"application_id": str(application_id),
                                                  "signature": verdict.signature})
            raise FileRefused("malware-detected", f"malware detected: {verdict.signature}",
                              signature=verdict.signature)
        if size == 0:
            raise FileRefused("empty-file", "The file is empty.")
        if detected is None:
            raise UnsupportedMediaType("Only PDF or DOCX files are accepted.")
        await asyncio.to_thread(_open, source.file, detected, settings.docx_max_uncompressed_bytes,
                                settings.docx_max_entries)
        if detected == "pdf" and kind is DocumentKind.cv:
            europass = await asyncio.to_thread(_facts, source.file, language_code)
        await grid_in.close()
    except BaseException:
        await _discard(grid_in)
        raise

    content_type = PDF if detected == "pdf" else DOCX
    default_name = f"{kind.value}.{'pdf' if detected == 'pdf' else 'docx'}"
    document = DocumentDoc(
        id=document_id, application_id=application_id, kind=kind, language=language_code,
        filename=sanitise_filename(source.filename, default=default_name),
        content_type=content_type, size=size, sha256=sha256, gridfs_id=gridfs_id,
        scan=ScanRecord(scanned=verdict.scanned, engine="clamd" if verdict.scanned else None,
                        at=ctx.clock.now()),
        europass=europass, uploaded_by=ctx.actor.sub, uploaded_at=ctx.clock.now(), version=1,
    )
    try:
        await documents_repo.insert(ctx.db, document.to_mongo())
        await record(ctx, action=Action.create, resource=RESOURCE, resource_id=str(document_id),
                     subject=owner_subject, detail=f"kind={kind.value} size={size}")
    except BaseException:
        try:
            await documents_repo.delete_file(ctx.db, gridfs_id)
            await documents_repo.delete_for_document(ctx.db, document_id)
        except PyMongoError:  # the orphan sweep (job clean_orphan_files) removes it later
            log.exception("could not remove an unrecorded upload",
                          extra={"gridfs_id": str(gridfs_id)})
        raise
    log.info("document stored", extra={"document_id": str(document_id),
                                       "application_id": str(application_id), "size": size})
    return document


async def get_document(ctx: Ctx, *, document_id: ObjectId,
                       application_id: ObjectId | None = None) -> DocumentDoc:
    """A document's metadata (404 if absent or not of ``application_id``). No audit: the
    caller audits the read it makes of it."""
    raw = await documents_repo.get_document(ctx.db, document_id)
    if raw is None or (application_id is not None and raw["application_id"] != application_id):
        raise NotFound("No such document.")
    return DocumentDoc.model_validate(raw)


async def download(ctx: Ctx, *, document: DocumentDoc, owner_subject: str
                   ) -> AsyncIterator[bytes]:
    """Audit the download, then return the content as a stream of chunks.

    The caller sends it with ``Content-Type: document.content_type`` and
    ``Content-Disposition: attachment`` (see ``content_disposition``).
    """
    if not await documents_repo.file_exists(ctx.db, document.gridfs_id):
        raise NotFound("The document's content is no longer stored.")
    await record(ctx, action=Action.download, resource=RESOURCE, resource_id=str(document.id),
                 subject=owner_subject)
    return documents_repo.open_content(ctx.db, document.gridfs_id)


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback name and the UTF-8 name (RFC 6266 / 8187)."""
    fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                       for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
