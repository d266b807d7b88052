"""Retention policy, purge runs, legal holds and data-subject requests: what is stored and shown."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from enum import StrEnum
from typing import Annotated, Any

from bson import ObjectId
from pydantic import ConfigDict, Field

from app.models.common import ApiModel, InputModel, StoredModel
from app.models.privacy_examples import (
    DATA_EXPORT_EXAMPLE,
    LEGAL_HOLD_EXAMPLE,
    PRIVACY_REQUEST_EXAMPLE,
    RETENTION_RUN_EXAMPLE,
)

# "Invited to an interview or selected" (preselected is the invitation: its notice is
# "invited_to_interview"): HR's retention, not this rule.
HR_RETENTION_STATUSES = ("preselected", "interviewed", "selected", "reserve")


class _Stored(StoredModel):
    """A privacy record: its ``_id`` an ObjectId."""

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

    call_id: str = Field(description="The call (its id is not personal data); `*` in "
                                     "`totals`.")
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


class RetentionRunDoc(_Stored):
    started_at: datetime
    finished_at: datetime | None = None
    status: RunStatus
    dry_run: bool
    trigger: str
    policy_version: str
    calls: dict[str, dict[str, int]] = {}


class RetentionRunRead(ApiModel):
    """One purge run: when, under which policy, and counts per call; never personal data."""

    model_config = ConfigDict(json_schema_extra={"examples": [RETENTION_RUN_EXAMPLE]})

    id: str = Field(description="The run's id.")
    started_at: datetime = Field(description="When the run started (UTC).")
    finished_at: datetime | None = Field(None, description="Null while running or if killed.")
    status: RunStatus = Field(description="running, finished, or interrupted (killed; the "
                                          "next run finished its work).")
    dry_run: bool = Field(description="True: nothing was deleted, the counts say what would.")
    trigger: str = Field(description="schedule, api or cli.", examples=["schedule"])
    policy_version: str = Field(description="The retention policy applied (see "
                                            "`RetentionPolicy.version`).",
                                examples=["statement-1/3f9a0c2b71de"])
    calls: list[RunCallCounts] = Field(description="One line per call the run touched, ordered "
                                                   "by call id; empty when nothing was due.")
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
    """Purge runs, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"items": [RETENTION_RUN_EXAMPLE], "next_cursor": None}]})

    items: list[RetentionRunRead] = Field(description="Runs, newest first.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; "
                                                      "null on the last page.")


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


class LegalHoldDoc(_Stored):
    scope: HoldScope
    target_id: ObjectId
    reason: str
    reference: str
    created_by: str
    created_at: datetime
    lifted_at: datetime | None = None
    lifted_by: str | None = None
    # Its application was erased: ``target_id`` is a random id since (the hold stays on record).
    target_erased: bool = False


class LegalHoldRead(ApiModel):
    """A legal hold; active while ``lifted_at`` is null."""

    model_config = ConfigDict(json_schema_extra={"examples": [LEGAL_HOLD_EXAMPLE]})

    id: str = Field(description="The hold's id.")
    scope: HoldScope = Field(description="What is held: a whole call (`call`) or one "
                                         "application (`application`).")
    target_id: str = Field(description="The held call's or application's id.")
    reason: str = Field(description="Why deletion is suspended (complaint, litigation).")
    reference: str = Field(description="The case's reference (court, Ombudsman, EDPS).",
                           examples=["OI/2026/0042"])
    created_by: str = Field(description="The DPO who placed it.")
    created_at: datetime = Field(description="When it was placed (UTC).")
    lifted_at: datetime | None = Field(None, description="When the hold was lifted; null "
                                                         "while it holds.")
    lifted_by: str | None = Field(None, description="The DPO who lifted it; null while it "
                                                    "holds.")

    @classmethod
    def of(cls, doc: LegalHoldDoc) -> LegalHoldRead:
        return cls.model_validate({**doc.model_dump(by_alias=False), "id": str(doc.id),
                                   "target_id": str(doc.target_id)})


class LegalHoldList(ApiModel):
    """Legal holds, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"items": [LEGAL_HOLD_EXAMPLE], "next_cursor": None}]})

    items: list[LegalHoldRead] = Field(description="Holds, newest first (lifted ones too "
                                                       "with `active=false`).")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; "
                                                      "null on the last page.")


class ExportDocument(ApiModel):
    """A document the person gave: its facts and where to download it."""

    id: str = Field(description="The document's id.")
    kind: str = Field(description="What it is: `cv`, `motivation_letter`, `application_form` "
                                  "or `other`.", examples=["cv"])
    filename: str = Field(description="The file name as uploaded.", examples=["cv.pdf"])
    content_type: str = Field(description="The file's media type (PDF or DOCX).",
                              examples=["application/pdf"])
    size: int = Field(description="Size of the file, in bytes.")
    sha256: str = Field(description="SHA-256 of the content, hex: proves which file we hold.")
    download: str = Field(description="Path to download it with the same token.",
                          examples=["/api/v1/documents/6751f0c2a1b2c3d4e5f60718/content"])
    uploaded_at: datetime = Field(description="When it was uploaded (UTC).")


class ExportDecision(ApiModel):
    """A step of the application's life (who decided is staff, not the person's data)."""

    at: datetime = Field(description="When the status changed (UTC).")
    from_: str = Field(alias="from", serialization_alias="from",
                       description="The application's status before.", examples=["submitted"])
    to: str = Field(description="The status after.", examples=["eligible"])
    reason: str | None = Field(None, description="The reason recorded with the change; null "
                                                 "when none was given.")


class ExportApplication(ApiModel):
    """One application with everything given and decided about it."""

    id: str = Field(description="The application's id.")
    call_id: str = Field(description="The call applied to.")
    call_kind: str = Field(description="The call's kind: `sne`, `ca` or `ta`.", examples=["ca"])
    profile_code: str = Field(description="The call's profile applied for.",
                              examples=["ai-policy"])
    status: str = Field(description="The application's status now (draft, submitted, "
                                    "eligible, … selected, not_selected, withdrawn).",
                        examples=["submitted"])
    restricted: bool = Field(description="Processing restricted on the person's request.")
    transferred: bool = Field(description="Handed over to HR (Sysper).")
    profile: dict[str, Any] = Field(description="Every field the person gave, as stored.")
    eligibility: dict[str, Any] | None = Field(
        None, description="The eligibility verdict as stored (criteria met, not met or "
                          "unknown); null before submission.")
    decisions: list[ExportDecision] = Field(description="Every status change, oldest first.")
    documents: list[ExportDocument] = Field(description="Every document given.")
    special_needs: str | None = Field(None, description="Decrypted: it is the person's own; "
                                                        "null when none were declared.")
    created_at: datetime = Field(description="When the draft was started (UTC).")
    submitted_at: datetime | None = Field(None, description="When it was submitted (UTC); "
                                                            "null for a draft.")


class DataExport(ApiModel):
    """Everything held about the caller (right of access and portability), streamed."""

    model_config = ConfigDict(json_schema_extra={"examples": [DATA_EXPORT_EXAMPLE]})

    subject: str = Field(description="The caller's id, as in their token.")
    generated_at: datetime = Field(description="When the export was made (UTC).")
    applications: list[ExportApplication] = Field(description="Every application of the "
                                                              "caller's, drafts included, "
                                                              "oldest first.")
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


class PrivacyRequestDoc(_Stored):
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

    model_config = ConfigDict(json_schema_extra={"examples": [PRIVACY_REQUEST_EXAMPLE]})

    id: str = Field(description="The request's id.")
    kind: RequestKind = Field(description="erasure, restriction or objection.")
    application_id: str | None = Field(description="Null once the application is erased.")
    requested_by_dpo: bool = Field(description="The DPO filed it on the person's behalf.")
    status: RequestStatus = Field(description="completed (withdrawn and erased), restricted "
                                              "(kept, unprocessed, erased at retention end) "
                                              "or refused.")
    outcome: str | None = Field(description="What was done when the request was filed, "
                                            "replaced by the DPO's answer once given.")
    created_at: datetime = Field(description="When the request was filed (UTC).")
    answered_at: datetime | None = Field(None, description="When the DPO answered (UTC); null "
                                                           "until then.")
    erase_after: datetime | None = Field(None, description="For a restriction: when the "
                                                           "data goes (retention end, by default "
                                                           "one year after the call's closure); "
                                                           "null while the call is still open "
                                                           "and for other outcomes.")
    erased_at: datetime | None = Field(None, description="When the application's data was "
                                                         "erased (UTC); null while it is kept.")

    @classmethod
    def of(cls, doc: PrivacyRequestDoc) -> PrivacyRequestRead:
        return cls(id=str(doc.id), kind=doc.kind,
                   application_id=str(doc.application_id) if doc.application_id else None,
                   requested_by_dpo=doc.requested_by_dpo, status=doc.status,
                   outcome=doc.outcome, created_at=doc.created_at,
                   answered_at=doc.answered_at, erase_after=doc.erase_after,
                   erased_at=doc.erased_at)


class PrivacyRequestList(ApiModel):
    """Data-subject requests, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"items": [PRIVACY_REQUEST_EXAMPLE], "next_cursor": None}]})

    items: list[PrivacyRequestRead] = Field(description="Requests, newest first: all of them "
                                                        "for the DPO, a candidate's own for a "
                                                        "candidate.")
    next_cursor: str | None = Field(None, description="Pass as `cursor` for the next page; "
                                                      "null on the last page.")
