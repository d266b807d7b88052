"""Applications: what a candidate (or their Permanent Representation) sends to a call."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import ConfigDict, Field

from app.models.calls import CallKind, CallStatus, Deadline
from app.models.common import EXAMPLE_CURSOR, ApiModel, InputModel, ShortText
from app.models.eligibility import EligibilityVerdict
from app.models.profile import (
    STORED,
    Article29Status,
    Clearance,
    Contact,
    Education,
    Experience,
    LanguageSkill,
)
from app.models.reference import CountryCode, Declaration, FunctionGroup
from app.models.stored import ApplicationDoc, ApplicationWithCallDoc

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

    first_name: ShortText | None = Field(
        default=None,
        description="Given name(s), as in the identity document.")
    last_name: ShortText | None = Field(
        default=None,
        description="Surname, as in the identity document.")
    birth_name: ShortText | None = Field(
        default=None,
        description="Surname at birth, where it differs.")
    nationalities: list[CountryCode] | None = Field(
        description="Every nationality held, ISO 3166-1 alpha-2 (e.g. PT); the notices' "
        "citizenship condition is checked against them.",
        default=None, max_length=5)
    date_of_birth: date | None = Field(
        default=None,
        description="Date of birth, YYYY-MM-DD.")
    place_of_birth: ShortText | None = Field(
        default=None,
        description="Place of birth (town, country).")
    contact: Contact | None = Field(
        default=None,
        description="How the service and the recruiting unit reach the candidate.")
    epso_per_id: Annotated[str, Field(pattern=r"^[0-9]{6,10}$")] | None = Field(
        default=None,
        description="The candidate's EPSO personal number (PER ID), for CAST registration.")
    cast_function_groups: list[FunctionGroup] | None = Field(
        description="The EPSO CAST function groups the candidate is registered for (CA calls).",
        default=None, max_length=4)
    languages: list[LanguageSkill] | None = Field(
        description="Languages known, with CEFR levels; replaced whole by a merge patch.",
        default=None, max_length=24)
    education: list[Education] | None = Field(
        description="Degrees and diplomas; replaced whole by a merge patch.",
        default=None, max_length=20)
    experience: list[Experience] | None = Field(
        description="Jobs held, current one included; replaced whole by a merge patch.",
        default=None, max_length=50)
    current_employer_since: date | None = Field(
        default=None,
        description="Since when the candidate works for the current employer (SNE calls "
        "require a minimum time there), where no single job says it.")
    declarations: list[Declaration] | None = Field(
        description="The declarations the notice asks the candidate to make.",
        default=None, max_length=10)
    article29_status: Article29Status | None = Field(
        default=None,
        description="The candidate's status under Article 29 of the Staff Regulations (TA calls: "
        "the order of priority).")
    security_clearance: Clearance | None = Field(
        default=None,
        description="Whether the candidate holds, or is able to obtain, the security clearance "
        "the call requires.")


class ApplicationCreate(InputModel):
    """A new draft; ``profile_code`` may be left out when the call has one profile."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "profile_code": "ad6-policy-officer",
        "profile": {"first_name": "Ana", "last_name": "Ferreira", "nationalities": ["PT"],
                    "contact": {"email": "ana.ferreira@example.org"}}}]})

    profile_code: ProfileCode | None = Field(
        default=None,
        description="The call's profile applied for; may be left out when the call has one.")
    profile: CandidateProfileDraft = Field(
        description="The profile as far as it is written; every field may still be missing.",
        default_factory=CandidateProfileDraft)
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
    """A decision on one application, with the reason kept in its history."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "status": "eligible", "reason": "Meets every eligibility criterion of the notice."}]})

    status: ApplicationStatus = Field(
        description="The decision: the application's new status.")
    reason: Annotated[str, Field(min_length=3, max_length=2000)] = Field(
        description="Why, kept in the status history (staff see it; the candidate does not).")


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

    epso_per_id: str | None = Field(default=None, description="The EPSO personal number (Per-"
                                    "ID) the candidate gave; null when none was given.")
    function_groups: list[FunctionGroup] = Field(
        default=[], description="The function groups (FGI–FGIV) the candidate declares being "
        "registered in EPSO CAST for.")
    verified: bool = Field(default=False, description="True once an EPSO CAST import confirmed "
                           "the registration in the call's function group; until then the CAST "
                           "criterion is `unknown`.")


class CallSummary(ApiModel):
    """What a list of applications shows of each one's call (no request per row)."""

    reference: str = Field(
        description="The call's reference as published in its notice.",
        examples=["EC/2024/CNECT/443651"])
    title: str = Field(
        description="The call's title.")
    kind: CallKind = Field(
        description="`sne`, `ca` or `ta`.")
    status: CallStatus = Field(
        description="The call's status (`published`, `closed`…).")
    deadline: Deadline = Field(
        description="The deadline for applications, with its time zone.")


# A submitted CA application as its candidate reads it: the example of one and of a list.
_APPLICATION_EXAMPLE: dict[str, Any] = {
    "id": "6650f0a9a4e8b31d9c0e4f1a", "call_id": "664e2b7fa4e8b31d9c0e4e02",
    "call": {"reference": "EC/2024/CNECT/443651",
             "title": "Contract Agent FG IV - Technology Specialist, AI Office",
             "kind": "ca", "status": "published",
             "deadline": {"local": "2024-06-14T12:00:00", "zone": "Europe/Brussels",
                          "utc": "2024-06-14T10:00:00Z"}},
    "call_kind": "ca", "profile_code": "technology-specialist", "channel": "candidate",
    "status": "submitted",
    "profile": {"first_name": "Ana", "last_name": "Ferreira", "nationalities": ["PT"],
                "contact": {"email": "ana.ferreira@example.org"},
                "languages": [{"language": "PT", "level": "C2", "mother_tongue": True},
                              {"language": "EN", "level": "C1"}],
                "education": [{"level": "master", "field": "Computer Science",
                               "completed_on": "2015-07-01", "years": 5}]},
    "status_history": [{"at": "2024-05-20T09:20:11Z", "from": "draft",
                        "to": "submitted"}],
    "version": 4, "created_at": "2024-05-20T08:02:45Z",
    "updated_at": "2024-05-20T09:20:11Z", "submitted_at": "2024-05-20T09:20:11Z"}


class ApplicationRead(ApiModel):
    """An application as its reader may see it (the candidate sees no staff ids or reasons)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_APPLICATION_EXAMPLE]})

    id: str = Field(
        description="The application's id.")
    call_id: str = Field(
        description="The id of the call applied to.")
    call: CallSummary | None = Field(
        default=None, description="The call's reference, title, kind, status and deadline "
        "(in lists and when one application is read).")
    call_kind: CallKind = Field(
        description="The call's kind: `sne`, `ca` or `ta`.")
    profile_code: str = Field(
        description="The call's profile applied for.")
    channel: Channel = Field(
        description="How it came: `candidate` (CA, TA) or `permrep` (SNE, through the Permanent "
        "Representation).")
    permrep_country: str | None = Field(
        default=None,
        description="The Permanent Representation's country (ISO 3166-1 alpha-2) on SNE "
        "applications; null on CA and TA applications.")
    status: ApplicationStatus = Field(
        description="Where the application stands (`draft`, `submitted`, `withdrawn`, "
        "decisions…).")
    profile: CandidateProfileDraft = Field(
        description="The candidate's profile as written so far (complete once submitted).")
    cast_declaration: CastDeclaration | None = Field(
        default=None,
        description="The EPSO CAST registration as the candidate declared it (CA calls).")
    eligibility: EligibilityVerdict | None = Field(
        default=None,
        description="The eligibility verdict stored at submission, worded as `/eligibility` "
        "words it in the language `Accept-Language` asks for (English, French or German, named "
        "in `Content-Language`); null on a draft (read `/eligibility` for a live one).")
    priority_rank: int | None = Field(
        default=None, description="Article 29 order on a TA call, set on submission: 0 for "
        "Commission officials, then officials of other institutions, competition laureates, "
        "external candidates; an unstated status comes last. 0 on calls without priority.")
    status_history: list[StatusChange | StatusEntry] = Field(
        default=[], description="Each status change, oldest first. Staff see who made it and "
        "why; the candidate and the Permanent Representation see only the statuses and dates.")
    version: int = Field(
        description="Incremented by each change; the `ETag` is built from it.")
    created_at: datetime = Field(
        description="When the draft was created.")
    updated_at: datetime = Field(
        description="When it last changed.")
    submitted_at: datetime | None = Field(
        default=None,
        description="When it was submitted; null on a draft.")
    withdrawn_at: datetime | None = Field(
        default=None,
        description="When it was withdrawn; null unless it was.")


class ApplicationList(ApiModel):
    """One page of the applications the caller may see."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "items": [_APPLICATION_EXAMPLE],
        "next_cursor": EXAMPLE_CURSOR}]})

    items: list[ApplicationRead] = Field(
        description="One page of applications, newest first.")
    next_cursor: str | None = Field(
        default=None,
        description="Pass as `cursor` for the next page; null on the last page.")


class SpecialNeedsRead(ApiModel):
    """The candidate's special needs, decrypted (HR of the DG and the candidate only)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{
        "application_id": "6650f0a9a4e8b31d9c0e4f1a",
        "special_needs": "Wheelchair access to the interview room",
        "updated_at": "2024-06-01T09:30:00Z"}]})

    application_id: str = Field(
        description="The application they belong to.")
    special_needs: str | None = Field(description="The needs as the candidate wrote them; "
                                      "null when there are none.")
    updated_at: datetime | None = Field(default=None, description="When they were last set; "
                                        "null when they never were.")


class SpecialNeedsUpdate(InputModel):
    """The candidate's rectification of their special needs (any status)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"special_needs": "Wheelchair access to the interview room"}, {"special_needs": None}]})

    special_needs: SpecialNeeds | None = Field(
        description="Replaces the stored needs; null erases them.",
        examples=["Wheelchair access to the interview room"])


def application_read(doc: ApplicationDoc | ApplicationWithCallDoc) -> ApplicationRead:
    """The candidate's view of a stored application: statuses and dates, no staff ids nor
    internal reasons (special needs are never part of any view). Staff: ``staff_read``."""
    history: list[StatusChange | StatusEntry] = [
        StatusEntry.model_validate(entry) for entry in doc.get("status_history") or []]
    return _read(doc, history)


def staff_read(doc: ApplicationDoc | ApplicationWithCallDoc) -> ApplicationRead:
    """Staff's view of a stored application: the status history with who and why."""
    history: list[StatusChange | StatusEntry] = [
        StatusChange.model_validate(entry) for entry in doc.get("status_history") or []]
    return _read(doc, history)


def _read(doc: ApplicationDoc, history: list[StatusChange | StatusEntry]) -> ApplicationRead:
    read = ApplicationRead.model_validate({
        **doc,
        "id": str(doc["_id"]),
        "call_id": str(doc["call_id"]),
        "profile": doc.get("profile") or {},
        "status_history": [],
    }, context=STORED)  # validated on the way in
    read.status_history = history
    return read
