"""Documents of applications: multipart upload, list, streamed download, delete, CV pre-fill.

The upload form is read by hand rather than with ``File()``/``Form()`` parameters so its limits
are ours: one file, a handful of short text fields (1 KiB each, kept in memory), and the file
part spooled to disk past 1 MiB by Starlette. The body as a whole is capped by the middleware
(``max_upload_bytes`` + 64 KiB) and the file itself by ``store_upload`` (``max_upload_bytes``).

The malware scanner is built once per app by ``create_app`` (``ScannerDep``): clamd when
``ATS_CLAMD_HOST``/``ATS_CLAMD_SOCKET`` is set, otherwise the null scanner (development only;
production settings refuse to start without clamd). ``ClamdScanner`` opens one connection per
upload, so sharing it between requests is safe.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import ValidationError
from starlette.datastructures import UploadFile

from app.deps import CtxDep, IdempotencyKey, IfMatch, ScannerDep
from app.deps import Page as PageDep
from app.errors import ValidationFailed, validation_errors
from app.models.calls import DocumentKind
from app.models.common import InputModel, Page, ProblemResponses, etag
from app.models.documents import DOCX, PDF, DocumentRead
from app.models.europass import PrefillRead
from app.models.reference import EU_LANGUAGES, EuLanguage
from app.openapi_errors import NOT_ANSWERED
from app.services.applications import documents as service
from app.services.documents.storage import content_disposition

router = APIRouter(tags=["documents"], responses=ProblemResponses)

# Text parts are a kind and a language code: 1 KiB is plenty, and they stay in memory.
MAX_TEXT_PART = 1024
FORM_FIELDS = ("file", "kind", "language")


class UploadFields(InputModel):
    """The text parts of the upload form."""

    kind: DocumentKind
    language: EuLanguage | None = None



_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file", "kind"],
            "additionalProperties": False,
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The document: PDF or DOCX, checked from its bytes, "
                                        "scanned for malware; at most 15 MiB by default."},
                "kind": {"type": "string", "enum": [k.value for k in DocumentKind],
                         "description": "What the document is."},
                "language": {"type": "string", "enum": sorted(EU_LANGUAGES),
                             "description": "The document's EU language; required for a CV "
                                            "when the call restricts CV languages (SNE)."},
            },
        }}},
    },
}

_FILE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The stored bytes, as an attachment.",
        "content": {PDF: {"schema": {"type": "string", "format": "binary"}},
                    DOCX: {"schema": {"type": "string", "format": "binary"}}},
        "headers": {
            "Content-Disposition": {"schema": {"type": "string"}},
            "ETag": {"schema": {"type": "string"},
                     "description": 'The content\'s SHA-256: "sha256:<hex>".'},
        },
    },
}


def _bad_form(errors: list[dict[str, Any]]) -> ValidationFailed:
    # The same kind of error as a JSON body that does not match: one code, ``validation``.
    return ValidationFailed("The upload form does not match the schema.", errors=errors)


def _fields(form: Any) -> tuple[UploadFile, UploadFields]:
    unknown = sorted({key for key in form if key not in FORM_FIELDS})
    errors: list[dict[str, Any]] = [{"type": "extra_forbidden", "loc": ["body", key],
                                     "msg": "Extra inputs are not permitted"} for key in unknown]
    upload = form.get("file")
    if not isinstance(upload, UploadFile):
        errors.append({"type": "missing", "loc": ["body", "file"],
                       "msg": "A file part named 'file' is required"})
    text: dict[str, Any] = {}
    for name in ("kind", "language"):
        value = form.get(name)
        if isinstance(value, UploadFile):
            errors.append({"type": "string_type", "loc": ["body", name],
                           "msg": "Expected a text field, not a file"})
        elif value is not None and (name == "kind" or value.strip()):
            text[name] = value
    fields: UploadFields | None = None
    try:
        fields = UploadFields.model_validate(text)
    except ValidationError as exc:
        errors.extend({**e, "loc": ["body", *e["loc"]]}
                      for e in validation_errors(list(exc.errors())))
    if errors or fields is None or not isinstance(upload, UploadFile):
        raise _bad_form(errors)
    return upload, fields


@router.post(
    "/applications/{application_id}/documents",
    summary="Upload a document to a draft application",
    status_code=201,
    response_model=DocumentRead,
    openapi_extra=_UPLOAD_BODY,
    responses={
        201: {"headers": {"Location": {"schema": {"type": "string"},
                                       "description": "Where the content downloads from."}}},
        413: {"description": "The file exceeds the upload limit"},
        415: {"description": "Neither a PDF nor a DOCX"},
        422: {"description": "Refused; the problem's code (last segment of `type`) says why: "
                             "`not-a-pdf`, `encrypted-pdf`, `not-a-docx`, `docx-missing-part`, "
                             "`zip-bomb`, `too-many-entries`, `nested-archive`, "
                             "`macro-enabled-document`, `encrypted-document`, "
                             "`malware-detected`, `empty-file`, or a form or rule refusal"},
        503: {"description": "The malware scanner is unavailable (Retry-After)"},
    },
)
async def upload_application_document(
    application_id: str, request: Request, ctx: CtxDep, scanner: ScannerDep,
    idempotency_key: IdempotencyKey = None,
) -> JSONResponse:
    """A multipart upload (`file`, `kind`, optional `language`) to a draft: the file must be PDF or
    DOCX, is scanned for malware and checked (no encryption, macros or zip bombs) before it is
    stored; a refused file gets a 422 naming why, and nothing is kept.
    """
    async with request.form(max_files=1, max_fields=len(FORM_FIELDS),
                            max_part_size=MAX_TEXT_PART) as form:
        upload, fields = _fields(form)
        return await service.upload_document(
            ctx, application_id=application_id, source=upload, kind=fields.kind,
            language=fields.language, scanner=scanner, idempotency_key=idempotency_key)


@router.get("/applications/{application_id}/documents",
            summary="List the documents of an application",
            response_model=Page[DocumentRead], responses={403: NOT_ANSWERED})
async def list_application_documents(application_id: str, ctx: CtxDep, page: PageDep
                                     ) -> Page[DocumentRead]:
    """The documents uploaded to an application (kind, file name, size, language, scan result),
    paginated.
    """
    return await service.list_documents(ctx, application_id=application_id, page=page)


@router.get("/documents/{document_id}/content", summary="Download a document",
            response_class=StreamingResponse, responses={**_FILE_RESPONSES, 403: NOT_ANSWERED})
async def download_document(document_id: str, ctx: CtxDep) -> StreamingResponse:
    """The file as uploaded, with its media type and file name; only those who may read the
    application may download it.
    """
    content = await service.document_content(ctx, document_id=document_id)
    document = content.document
    return StreamingResponse(content.chunks, media_type=document.content_type, headers={
        "Content-Disposition": content_disposition(document.filename),
        "Content-Length": str(document.size),
        "ETag": f'"sha256:{document.sha256}"',
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    })


@router.delete("/documents/{document_id}", summary="Delete a document of a draft application",
               status_code=204, response_class=Response)
async def delete_document(document_id: str, ctx: CtxDep) -> Response:
    """Removes a document from a draft application and deletes its file."""
    await service.delete_document(ctx, document_id=document_id)
    return Response(status_code=204)


@router.post("/applications/{application_id}/prefill-from-cv",
             summary="Fill the draft profile's empty fields from the Europass CV",
             description=(
                 "Each empty field is filled whole from the CV's Europass data, or not at all; "
                 "`prefill.taken` lists the fields filled and `prefill.skipped` what the CV "
                 "states but could not be taken, as `<field>[<index in the CV>]: <reason>`."),
             response_model=PrefillRead)
async def prefill_application_from_cv(application_id: str, ctx: CtxDep, response: Response,
                                      if_match: IfMatch = None) -> PrefillRead:
    read = await service.prefill_from_cv(ctx, application_id=application_id, if_match=if_match)
    response.headers["ETag"] = etag(read.version)
    return read
