"""Applications: what a candidate (or their Permanent Representation) sends to a call."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import Field

from app.models.calls import CallKind, CallStatus, Deadline
from app.models.common import ApiModel, InputModel, ShortText
from app.models.eligibility import EligibilityVerdict
from app.models.profile import (
    Article29Status,
    Clearance,
    Contact,
    Education,
    Experience,
    LanguageSkill,
)
from app.models.reference import CountryCode, Declaration, FunctionGroup

ProfileCode = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
SpecialNeeds = Annotated[str, Field(min_length=1, max_length=5000)]


class ApplicationStatus(StrEnum):
    draft = "draft"
    submitted = "submitted"
    eligible = "eligible"
    ineligible = "ineligible"
    preselected = "preselected"
    interviewed = "interviewed"
    selected = "selected"
    reserve = "reserve"
    not_selected = "not_selected"
    withdrawn = "withdrawn"


class Channel(StrEnum):
    candidate = "candidate"
    permrep = "permrep"


class CandidateProfileDraft(InputModel):
    """A profile being written: every field may still be missing; what is given is validated.

    The full ``CandidateProfile`` is enforced on submission.
    """

    first_name: ShortText | None = None
    last_name: ShortText | None = None
    birth_name: ShortText | None = None
    nationalities: list[CountryCode] | None = Field(default=None, max_length=5)
    date_of_birth: date | None = None
    place_of_birth: ShortText | None = None
    contact: Contact | None = None
    epso_per_id: Annotated[str, Field(pattern=r"^[0-9]{6,10}$")] | None = None
    cast_function_groups: list[FunctionGroup] | None = Field(default=None, max_length=4)
    languages: list[LanguageSkill] | None = Field(default=None, max_length=24)
    education: list[Education] | None = Field(default=None, max_length=20)
    experience: list[Experience] | None = Field(default=None, max_length=50)
    current_employer_since: date | None = None
    declarations: list[Declaration] | None = Field(default=None, max_length=10)
    article29_status: Article29Status | None = None
    security_clearance: Clearance | None = None


class ApplicationCreate(InputModel):
    """A new draft; ``profile_code`` may be left out when the call has one profile."""

    profile_code: ProfileCode | None = None
    profile: CandidateProfileDraft = Field(default_factory=CandidateProfileDraft)
    special_needs: SpecialNeeds | None = Field(
        default=None, description="Health-related needs (e.g. access for the interview). "
        "Stored encrypted, apart; visible only to HR of the DG (who organise the "
        "interview logistics) and to the candidate.")


class ApplicationUpdate(InputModel):
    """A change to a draft, sent as a JSON Merge Patch (RFC 7396): members left out stay, `null`
    clears, `profile` (and its `contact`) merge member by member, lists replace."""

    profile_code: ProfileCode | None = None
    profile: CandidateProfileDraft | None = None
    special_needs: SpecialNeeds | None = Field(
        default=None, description="Replaces the stored needs; null erases them.")


class DecisionIn(InputModel):
    status: ApplicationStatus
    reason: Annotated[str, Field(min_length=3, max_length=2000)]


class StatusEntry(ApiModel):
    """A status change as the candidate (or their Permanent Representation) sees it."""

    at: datetime = Field(description="When the status changed.")
    from_: ApplicationStatus = Field(alias="from", serialization_alias="from",
                                     description="The status before.")
    to: ApplicationStatus = Field(description="The status after.")


class StatusChange(StatusEntry):
    """A status change as staff see it: who made it, and why (internal to the institution)."""

    by: str = Field(description="The staff member (or the candidate) who made the change.")
    reason: str | None = Field(default=None, description="The internal reason; never shown "
                               "to the candidate.")


class CastDeclaration(ApiModel):
    """EPSO CAST registration as declared by the candidate (checked against CAST imports later)."""

    epso_per_id: str | None = None
    function_groups: list[FunctionGroup] = []
    verified: bool = False


class CallSummary(ApiModel):
    """What a list of applications shows of each one's call (no request per row)."""

    reference: str = Field(examples=["EC/2024/CNECT/443651"])
    title: str
    kind: CallKind
    status: CallStatus
    deadline: Deadline


class ApplicationRead(ApiModel):
    id: str
    call_id: str
    call: CallSummary | None = Field(
        default=None, description="The call's reference, title, kind, status and deadline "
        "(in lists and when one application is read).")
    call_kind: str
    profile_code: str
    channel: Channel
    permrep_country: str | None = None
    status: ApplicationStatus
    profile: CandidateProfileDraft
    cast_declaration: CastDeclaration | None = None
    eligibility: EligibilityVerdict | None = None
    priority_rank: int | None = Field(
        default=None, description="Article 29 order on a TA call, set on submission: 0 for "
        "Commission officials, then officials of other institutions, competition laureates, "
        "external candidates; an unstated status comes last. 0 on calls without priority.")
    status_history: list[StatusChange | StatusEntry] = Field(
        default=[], description="Each status change, oldest first. Staff see who made it and "
        "why; the candidate and the Permanent Representation see only the statuses and dates.")
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    withdrawn_at: datetime | None = None


class ApplicationList(ApiModel):
    items: list[ApplicationRead]
    next_cursor: str | None = None


class SpecialNeedsRead(ApiModel):
    """The candidate's special needs, decrypted (HR of the DG and the candidate only)."""

    application_id: str
    special_needs: str | None = Field(description="The needs as the candidate wrote them; "
                                      "null when there are none.")
    updated_at: datetime | None = Field(default=None, description="When they were last set.")


class SpecialNeedsUpdate(InputModel):
    """The candidate's rectification of their special needs (any status)."""

    special_needs: SpecialNeeds | None = Field(
        description="Replaces the stored needs; null erases them.",
        examples=["Wheelchair access to the interview room"])


def application_read(doc: dict[str, Any]) -> ApplicationRead:
    """The candidate's view of a stored application: statuses and dates, no staff ids nor
    internal reasons (special needs are never part of any view). Staff: ``staff_read``."""
    history: list[StatusChange | StatusEntry] = [
        StatusEntry.model_validate(entry) for entry in doc.get("status_history") or []]
    return _read(doc, history)


def staff_read(doc: dict[str, Any]) -> ApplicationRead:
    """Staff's view of a stored application: the status history with who and why."""
    history: list[StatusChange | StatusEntry] = [
        StatusChange.model_validate(entry) for entry in doc.get("status_history") or []]
    return _read(doc, history)


def _read(doc: dict[str, Any], history: list[StatusChange | StatusEntry]) -> ApplicationRead:
    read = ApplicationRead.model_validate({
        **doc,
        "id": str(doc["_id"]),
        "call_id": str(doc["call_id"]),
        "profile": doc.get("profile") or {},
        "status_history": [],
    })
    read.status_history = history
    return read
