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
    security_clearance: bool | None = None


class ApplicationCreate(InputModel):
    """A new draft; ``profile_code`` may be left out when the call has one profile."""

    profile_code: ProfileCode | None = None
    profile: CandidateProfileDraft = Field(default_factory=CandidateProfileDraft)
    special_needs: SpecialNeeds | None = Field(
        default=None, description="Health-related needs (e.g. access for the interview). "
        "Stored encrypted, apart; visible only to HR.")


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


class StatusChange(ApiModel):
    at: datetime
    by: str
    from_: ApplicationStatus = Field(alias="from", serialization_alias="from")
    to: ApplicationStatus
    reason: str | None = None


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
    status_history: list[StatusChange] = []
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: datetime | None = None
    withdrawn_at: datetime | None = None


class ApplicationList(ApiModel):
    items: list[ApplicationRead]
    next_cursor: str | None = None


class SpecialNeedsRead(ApiModel):
    application_id: str
    special_needs: str | None
    updated_at: datetime | None = None


def application_read(doc: dict[str, Any]) -> ApplicationRead:
    """The API shape of a stored application (special needs are never part of it)."""
    return ApplicationRead.model_validate({
        **doc,
        "id": str(doc["_id"]),
        "call_id": str(doc["call_id"]),
        "profile": doc.get("profile") or {},
    })
