"""EPSO CAST imports: the stored export rows, the import's progress and report."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal, cast

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel, StoredModel
from app.models.stored import ApplicationDoc, CastVerificationDoc

ImportState = Literal["queued", "validating", "applying", "completed", "rejected"]
CastResult = Literal["passed", "failed"]
MatchRule = Literal["per_id", "email"]


class Rejection(StoredModel):
    row: int
    column: str | None = None
    reason: str


class ImportCounts(StoredModel):
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    applications_verified: int = 0


class CastImportDoc(StoredModel):
    """A ``cast_imports`` record."""

    id: ObjectId = Field(alias="_id")
    state: ImportState = "queued"
    filename: str
    file_format: Literal["csv", "xlsx"]
    gridfs_id: ObjectId | None
    sha256: str
    size: int
    mapping: dict[str, str] = Field(default_factory=dict)
    checkpoint_row: int = 0
    counts: ImportCounts = Field(default_factory=ImportCounts)
    rejections: list[Rejection] = Field(default_factory=list)
    file_error: Rejection | None = None
    claimed_until: datetime | None = None
    created_by: str
    created_at: datetime
    started_at: datetime | None = None
    finished_at: datetime | None = None


class CastRecord(StoredModel):
    """One candidate of an EPSO CAST export, as we keep it (``cast_records``, by Per-ID)."""

    per_id: str  # the EPSO Per-ID; one record per Per-ID and function group
    last_name: str
    first_name: str
    email: str
    nationality: str | None = None
    function_group: str
    profile: str | None = None
    result: CastResult
    result_date: date | None = None
    registration_date: date | None = None
    languages: list[str] = Field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.per_id}:{self.function_group}"

    def stored(self) -> dict[str, Any]:
        """Dates as datetimes (BSON has no date-only type)."""
        body = self.model_dump()
        for name in ("result_date", "registration_date"):
            value = body[name]
            body[name] = datetime(value.year, value.month, value.day) if value else None
        return body


class CastRecordDoc(CastRecord):
    id: str = Field(alias="_id")
    row_hash: str
    last_import_id: ObjectId
    last_row: int
    last_change: Literal["created", "updated"]


class CastVerification(BaseModel):
    """What an import established about a CA applicant's CAST registration (the evidence)."""

    import_id: str
    rule: MatchRule
    per_id: str
    passed: list[str] = Field(description="Function groups passed, per the import.")
    failed: list[str] = Field(description="Function groups failed, per the import.")
    verified_at: datetime

    def stored(self) -> CastVerificationDoc:
        """As the application keeps it (``cast_verification``)."""
        return cast(CastVerificationDoc, self.model_dump())

    @classmethod
    def of(cls, application: ApplicationDoc) -> CastVerification | None:
        """The verification recorded on an application, while it still fits its declaration
        (a Per-ID changed since is verified afresh by the next import)."""
        found = application.get("cast_verification")
        if not found:
            return None
        verification = cls.model_validate(found)
        declaration = application.get("cast_declaration")
        declared = declaration.get("epso_per_id") if declaration else None
        if verification.rule == "per_id" and declared != verification.per_id:
            return None
        return verification


class RejectionRead(ApiModel):
    """A row of the CAST export (or the whole file) that was refused, and why."""

    row: int = Field(description="Row number in the file (the header is row 1).")
    column: str | None = Field(description="Our column name when one cell is at fault; null "
                                           "when the whole row (or file) is.")
    reason: str = Field(description="Why the row (or the file) was refused.")


class ImportReport(ApiModel):
    """What an EPSO CAST import did, in counts."""

    read: int = Field(description="Data rows read so far.")
    created: int = Field(description="Candidates new to our CAST records.")
    updated: int = Field(description="Candidates whose data changed.")
    unchanged: int = Field(description="Candidates already known exactly so.")
    rejected: int = Field(description="Rows refused (see `rejections`).")
    applications_verified: int = Field(description="CA applications marked CAST-verified.")
    rejections: list[RejectionRead] = Field(description="The first 1,000 refused rows.")


class CastImportRead(ApiModel):
    """An import's progress and, once done, its report."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "id": "6750f1c2a1b2c3d4e5f60718", "state": "completed", "filename": "cast-fg4.csv",
        "sha256": "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
        "file_error": None, "created_at": "2026-12-01T10:00:00Z",
        "finished_at": "2026-12-01T10:00:09Z",
        "report": {"read": 2, "created": 1, "updated": 0, "unchanged": 0, "rejected": 1,
                   "applications_verified": 1, "rejections": [
                       {"row": 3, "column": "email", "reason": "not an e-mail address"}]}}]})

    id: str = Field(description="Import id.")
    state: ImportState = Field(description="queued → validating → applying → completed; "
                                           "`rejected`: the file was refused whole.")
    filename: str = Field(description="The uploaded file's name.")
    sha256: str = Field(description="SHA-256 of the uploaded bytes, hex.")
    file_error: RejectionRead | None = Field(description="Why the whole file was refused; null "
                                                         "unless the state is `rejected`.")
    created_at: datetime = Field(description="When it was uploaded.")
    finished_at: datetime | None = Field(description="When it completed or was rejected; null "
                                                     "while it runs.")
    report: ImportReport = Field(description="Counts so far (final once completed).")


def import_read(doc: CastImportDoc) -> CastImportRead:
    c = doc.counts
    return CastImportRead(
        id=str(doc.id), state=doc.state, filename=doc.filename, sha256=doc.sha256,
        file_error=RejectionRead(**doc.file_error.model_dump()) if doc.file_error else None,
        created_at=doc.created_at, finished_at=doc.finished_at,
        report=ImportReport(read=c.read, created=c.created, updated=c.updated,
                            unchanged=c.unchanged, rejected=c.rejected,
                            applications_verified=c.applications_verified,
                            rejections=[RejectionRead(**r.model_dump())
                                        for r in doc.rejections]))
