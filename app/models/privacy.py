"""Retention policy, purge runs, legal holds and data-subject requests: what is stored and shown."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from bson import ObjectId
from pydantic import BaseModel, ConfigDict, Field

from app.models.common import ApiModel, InputModel

# "Invited to an interview or selected" (preselected is the invitation: its notice is
# "invited_to_interview"): HR's retention, not this rule.
HR_RETENTION_STATUSES = ("preselected", "interviewed", "selected", "reserve")


class StoredModel(BaseModel):
    """Base of stored documents: ``_id`` is kept as ``id``, ObjectIds allowed."""

    model_config = ConfigDict(arbitrary_types_allowed=True, populate_by_name=True, extra="ignore")

    id: ObjectId = Field(alias="_id")


class RetentionRule(ApiModel):
    """How long one kind of call keeps its candidates' data."""

    call_kind: str = Field(description="sne, ca or ta.", examples=["ca"])
    not_selected_months: int = Field(
        description="Not invited to an interview nor selected: months after the call's closure "
                    "after which everything about the application is deleted.", examples=[12])
    hr_statuses: list[str] = Field(
        description="An application that ever reached one of these statuses is handed over to "
                    "HR (Sysper), then marked transferred, and never purged by this rule.",
        examples=[list(HR_RETENTION_STATUSES)])


class RetentionPolicy(ApiModel):
    """The policy a purge applies; its version is recorded in every run."""

    version: str = Field(description="Label plus a hash of the rules: any change of period "
                                     "gives a new version.", examples=["statement-1/3f9a0c2b71de"])
    rules: list[RetentionRule]

    def rule_for(self, call_kind: str) -> RetentionRule:
        return next(r for r in self.rules if r.call_kind == call_kind)


def build_policy(*, default_months: int, months_by_kind: dict[str, int]) -> RetentionPolicy:
    """The policy from the settings (defaults: the privacy statement's one year)."""
    rules = [RetentionRule(call_kind=kind,
                           not_selected_months=months_by_kind.get(kind, default_months),
                           hr_statuses=list(HR_RETENTION_STATUSES))
             for kind in ("sne", "ca", "ta")]
    digest = hashlib.sha256(json.dumps([r.model_dump() for r in rules],
                                       sort_keys=True).encode()).hexdigest()[:12]
    return RetentionPolicy(version=f"statement-1/{digest}", rules=rules)


class RunStatus(StrEnum):
    running = "running"
    finished = "finished"
    interrupted = "interrupted"


COUNT_FIELDS = ("applications", "files", "bytes", "scorecards", "notifications",
                "idempotency_records", "special_needs", "conflict_declarations",
                "panel_reports", "skipped_held", "skipped_transferred", "skipped_hr_retention")


class RunCallCounts(ApiModel):
    """What one run did (or, dry, would do) to one call's data: counts only."""

    call_id: str = Field(description="The call (its id is not personal data).")
    applications: int = Field(0, description="Applications deleted (or that would be).")
    files: int = Field(0, description="Documents deleted, with their GridFS files and chunks.")
    bytes: int = Field(0, description="Bytes of those files.")
    scorecards: int = Field(0, description="Scorecards and their comments deleted.")
    notifications: int = Field(0, description="Outbox records deleted.")
    idempotency_records: int = Field(0, description="Stored first responses deleted.")
    special_needs: int = Field(0, description="Encrypted special-needs records deleted.")
    conflict_declarations: int = Field(0, description="Conflict declarations deleted.")
    panel_reports: int = Field(0, description="Signed panel reports deleted with the call's "
                                              "last purged application.")
    skipped_held: int = Field(0, description="Applications kept under a legal hold.")
    skipped_transferred: int = Field(0, description="Applications handed over to HR.")
    skipped_hr_retention: int = Field(
        0, description="Interviewed or selected applications awaiting the HR hand-over.")


class RetentionRunDoc(StoredModel):
    started_at: datetime
    finished_at: datetime | None = None
    status: RunStatus
    dry_run: bool
    trigger: str
    policy_version: str
    calls: dict[str, dict[str, int]] = {}


class RetentionRunRead(ApiModel):
    """One purge run: when, under which policy, and counts per call; never personal data."""

    id: str
    started_at: datetime
    finished_at: datetime | None = Field(None, description="Null while running or if killed.")
    status: RunStatus = Field(description="running, finished, or interrupted (killed; the "
                                          "next run finished its work).")
    dry_run: bool = Field(description="True: nothing was deleted, the counts say what would.")
    trigger: str = Field(description="schedule, api or cli.", examples=["schedule"])
    policy_version: str
    calls: list[RunCallCounts]
    totals: RunCallCounts = Field(description="The sum over calls (call_id is '*').")

    @classmethod
    def of(cls, doc: RetentionRunDoc) -> RetentionRunRead:
        calls = [RunCallCounts(call_id=cid, **counts) for cid, counts in sorted(doc.calls.items())]
        totals: dict[str, Any] = {f: sum(c.get(f, 0) for c in doc.calls.values())
                                  for f in COUNT_FIELDS}
        return cls(id=str(doc.id), started_at=doc.started_at, finished_at=doc.finished_at,
                   status=doc.status, dry_run=doc.dry_run, trigger=doc.trigger,
                   policy_version=doc.policy_version, calls=calls,
                   totals=RunCallCounts(call_id="*", **totals))


class RetentionRunList(ApiModel):
    items: list[RetentionRunRead]
    next_cursor: str | None = None


Reason = Annotated[str, Field(min_length=3, max_length=2000)]
Reference = Annotated[str, Field(min_length=1, max_length=200)]


class HoldScope(StrEnum):
    call = "call"
    application = "application"


class LegalHoldCreate(InputModel):
    """Suspend deletion of a call's or one application's data (complaint, litigation)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [{"scope": "call", "target_id": "6751f0c2a1b2c3d4e5f60718",
                      "reason": "Complaint to the European Ombudsman about this selection.",
                      "reference": "OI/2026/0042"}]})

    scope: HoldScope = Field(description="What is held: a whole call or one application.")
    target_id: Annotated[str, Field(min_length=1, max_length=64,
                                    description="The call's or the application's id.")]
    reason: Reason = Field(description="Why deletion is suspended.")
    reference: Reference = Field(description="The case's reference (court, Ombudsman, EDPS).")


class LegalHoldDoc(StoredModel):
    scope: HoldScope
    target_id: ObjectId
    reason: str
    reference: str
    created_by: str
    created_at: datetime
    lifted_at: datetime | None = None
    lifted_by: str | None = None


class LegalHoldRead(ApiModel):
    """A legal hold; active while ``lifted_at`` is null."""

    id: str
    scope: HoldScope
    target_id: str = Field(description="The held call's or application's id.")
    reason: str
    reference: str
    created_by: str = Field(description="The DPO who placed it.")
    created_at: datetime
    lifted_at: datetime | None = Field(None, description="When the hold was lifted.")
    lifted_by: str | None = None

    @classmethod
    def of(cls, doc: LegalHoldDoc) -> LegalHoldRead:
        return cls.model_validate({**doc.model_dump(by_alias=False), "id": str(doc.id),
                                   "target_id": str(doc.target_id)})


class LegalHoldList(ApiModel):
    items: list[LegalHoldRead]
    next_cursor: str | None = None


class ExportDocument(ApiModel):
    """A document the person gave: its facts and where to download it."""

    id: str
    kind: str = Field(examples=["cv"])
    filename: str = Field(examples=["cv.pdf"])
    content_type: str = Field(examples=["application/pdf"])
    size: int = Field(description="Bytes.")
    sha256: str = Field(description="SHA-256 of the content, hex: proves which file we hold.")
    download: str = Field(description="Path to download it with the same token.",
                          examples=["/api/v1/documents/6751f0c2a1b2c3d4e5f60718/content"])
    uploaded_at: datetime


class ExportDecision(ApiModel):
    """A step of the application's life (who decided is staff, not the person's data)."""

    at: datetime
    from_: str = Field(alias="from", serialization_alias="from")
    to: str
    reason: str | None = None


class ExportApplication(ApiModel):
    """One application with everything given and decided about it."""

    id: str
    call_id: str
    call_kind: str
    profile_code: str
    status: str
    restricted: bool = Field(description="Processing restricted on the person's request.")
    transferred: bool = Field(description="Handed over to HR (Sysper).")
    profile: dict[str, Any] = Field(description="Every field the person gave, as stored.")
    eligibility: dict[str, Any] | None = None
    decisions: list[ExportDecision]
    documents: list[ExportDocument]
    special_needs: str | None = Field(None, description="Decrypted: it is the person's own.")
    created_at: datetime
    submitted_at: datetime | None = None


class DataExport(ApiModel):
    """Everything held about the caller (right of access and portability), streamed."""

    subject: str = Field(description="The caller's id, as in their token.")
    generated_at: datetime
    applications: list[ExportApplication]
    audit_trail: list[dict[str, Any]] = Field(
        description="Every audit event about the caller or by the caller (pseudonymised as "
                    "stored).")


class RequestKind(StrEnum):
    erasure = "erasure"
    restriction = "restriction"
    objection = "objection"


class RequestStatus(StrEnum):
    completed = "completed"
    restricted = "restricted"
    refused = "refused"


class PrivacyRequestCreate(InputModel):
    """A data subject's request about one application (the candidate's own, or the DPO's on
    their behalf)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [{"kind": "erasure", "application_id": "6751f0c2a1b2c3d4e5f60718",
                      "reason": "I no longer wish to apply."}]})

    kind: RequestKind = Field(description="erasure, restriction or objection.")
    application_id: Annotated[str, Field(min_length=1, max_length=64,
                                         description="The application concerned.")]
    reason: Annotated[str, Field(max_length=2000)] | None = Field(
        None, description="Optional: why (not needed for erasure).")


class PrivacyRequestAnswer(InputModel):
    """The DPO's answer to a request."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, json_schema_extra={
        "examples": [{"outcome": "Restricted until the end of the retention period.",
                      "refuse": False}]})

    outcome: Annotated[str, Field(min_length=3, max_length=2000,
                                  description="The answer sent to the person.")]
    refuse: bool = Field(False, description="Refuse the request: a restriction is lifted.")


class PrivacyRequestDoc(StoredModel):
    kind: RequestKind
    application_id: ObjectId | None = None
    subject_ref: str | None = None
    requested_by_dpo: bool = False
    status: RequestStatus
    outcome: str | None = None
    reason: str | None = None
    created_at: datetime
    answered_at: datetime | None = None
    erase_after: datetime | None = None
    erased_at: datetime | None = None


class PrivacyRequestRead(ApiModel):
    """A request's status, outcome and dates. Once the data is erased, the request no longer
    names the application or the person."""

    id: str
    kind: RequestKind
    application_id: str | None = Field(description="Null once the application is erased.")
    requested_by_dpo: bool = Field(description="The DPO filed it on the person's behalf.")
    status: RequestStatus = Field(description="completed (withdrawn and erased), restricted "
                                              "(kept, unprocessed, erased at retention end) "
                                              "or refused.")
    outcome: str | None = Field(description="What was done, or the DPO's answer.")
    created_at: datetime
    answered_at: datetime | None = None
    erase_after: datetime | None = Field(None, description="For a restriction: when the "
                                                           "data goes (retention end).")
    erased_at: datetime | None = None

    @classmethod
    def of(cls, doc: PrivacyRequestDoc) -> PrivacyRequestRead:
        return cls(id=str(doc.id), kind=doc.kind,
                   application_id=str(doc.application_id) if doc.application_id else None,
                   requested_by_dpo=doc.requested_by_dpo, status=doc.status,
                   outcome=doc.outcome, created_at=doc.created_at,
                   answered_at=doc.answered_at, erase_after=doc.erase_after,
                   erased_at=doc.erased_at)


class PrivacyRequestList(ApiModel):
    items: list[PrivacyRequestRead]
    next_cursor: str | None = None
