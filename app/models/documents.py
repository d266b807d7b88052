"""Documents attached to an application: stored metadata and what the API shows of it."""

from __future__ import annotations

from datetime import datetime
from typing import Literal, cast

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field

from app.models.calls import DocumentKind
from app.models.common import ApiModel, Id
from app.models.europass import CvFacts
from app.models.stored_more import DocumentMetaDoc

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ContentType = Literal[
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
]


class ScanRecord(BaseModel):
    """Whether a malware scanner saw the file before it was accepted."""

    scanned: bool
    engine: Literal["clamd"] | None = None
    at: datetime


class DocumentDoc(BaseModel):
    """A ``documents`` record; the bytes live in GridFS (bucket ``document_files``). Not a
    ``StoredModel``: its stored form is typed (``DocumentMetaDoc``), its Europass facts JSON."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True)

    id: ObjectId = Field(alias="_id")
    application_id: ObjectId
    kind: DocumentKind
    language: str | None = None
    filename: str
    content_type: ContentType
    size: int
    sha256: str
    gridfs_id: ObjectId
    scan: ScanRecord
    europass: CvFacts | None = None
    uploaded_by: str
    uploaded_at: datetime
    version: int = 1

    def to_mongo(self) -> DocumentMetaDoc:
        """The stored form (dates of the Europass facts as ISO strings)."""
        body = self.model_dump(by_alias=True, exclude={"europass"})
        body["europass"] = self.europass.model_dump(mode="json") if self.europass else None
        # The dump has exactly the model's fields: tests/documents_api holds the two equal.
        return cast(DocumentMetaDoc, body)


class DocumentRead(ApiModel):
    """A document as the API shows it (the content is downloaded separately)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6650f1c2a4e8b31d9c0e4f21", "application_id": "6650f0a9a4e8b31d9c0e4f1a",
        "kind": "cv", "language": "EN", "filename": "CV_Ana_Ferreira_Europass.pdf",
        "content_type": "application/pdf", "size": 184320,
        "sha256": "9f2b5c0e3d1a7b84c6e5f0a1d2c3b4a59687f0e1d2c3b4a5968778695a4b3c2d",
        "scanned": True, "europass": None, "uploaded_at": "2024-05-20T09:14:03Z",
        "version": 1}]})

    id: Id = Field(
        description="The document's id.")
    application_id: Id = Field(
        description="The application it belongs to.")
    kind: DocumentKind = Field(
        description="What it is: `cv`, `motivation_letter`, `application_form` or `other`.")
    language: str | None = Field(default=None, description="The document's language, an EU "
                                 "language code (EN); null when the upload did not say.")
    filename: str = Field(
        description="The file name as uploaded.")
    content_type: ContentType = Field(
        description="The file's media type: PDF or DOCX.")
    size: int = Field(
        description="Size in bytes.")
    sha256: str = Field(description="SHA-256 of the content, hex.")
    scanned: bool = Field(description="Whether a malware scanner checked the file.")
    europass: CvFacts | None = Field(
        default=None, description="Facts read from the embedded Europass XML, if any.")
    uploaded_at: datetime = Field(
        description="When it was uploaded.")
    version: int = Field(
        description="Incremented by each change.")

    @classmethod
    def of(cls, doc: DocumentDoc) -> DocumentRead:
        return cls(
            id=str(doc.id), application_id=str(doc.application_id), kind=doc.kind,
            language=doc.language, filename=doc.filename, content_type=doc.content_type,
            size=doc.size, sha256=doc.sha256, scanned=doc.scan.scanned, europass=doc.europass,
            uploaded_at=doc.uploaded_at, version=doc.version,
        )
