"""What is stored: the shapes of application and call documents, for mypy only.

These are ``TypedDict``s, not Pydantic models: they cost nothing at run time (a read is the
driver's dict, never re-validated), and mypy checks every key a service reads or writes against
them. They follow what the code writes (``services/applications/create.py``,
``services/calls/store.py``...) and the collections' JSON-schema validators (``migrations/``),
which are the stored contract: a key that may be absent is ``NotRequired``, one that may be
null is ``X | None``. A member kept as a Pydantic model's JSON and only ever read back through
that model is ``ModelJson``; members that rules read key by key have their own shape here.
"""

# No ``from __future__ import annotations``: TypedDict reads NotRequired from evaluated
# annotations only (``__required_keys__``, which tests/shapes.py checks documents against).
from datetime import datetime
from typing import Any, NotRequired, TypeAlias, TypedDict

from bson import ObjectId

# A Pydantic model's ``model_dump(mode="json")``, read back only through that model.
ModelJson: TypeAlias = dict[str, Any]


# --- applications ----------------------------------------------------------------------------
# The profile is ``CandidateProfileDraft.model_dump(mode="json", exclude_none=True)`` (or the
# full ``CandidateProfile``'s on submission): JSON types (dates are ISO strings), and a member
# never given, or null, is absent.

class ContactDoc(TypedDict):
    email: str
    phone: NotRequired[str]
    address: NotRequired[str]


class LanguageSkillDoc(TypedDict):
    language: str
    level: str
    mother_tongue: bool


class EducationDoc(TypedDict):
    level: str
    field: NotRequired[str]
    years: NotRequired[int]
    institution: NotRequired[str]
    completed_on: NotRequired[str]


class ExperienceDoc(TypedDict):
    employer: str
    employer_type: NotRequired[str]
    country: NotRequired[str]
    position: NotRequired[str]
    function_level: NotRequired[str]
    start: str
    end: NotRequired[str]  # absent while the job goes on
    part_time_percent: int


class ProfileDoc(TypedDict, total=False):
    """Every member may be missing from a draft (and from a projection of a profile)."""

    first_name: str
    last_name: str
    birth_name: str
    nationalities: list[str]
    date_of_birth: str
    place_of_birth: str
    contact: ContactDoc
    epso_per_id: str
    cast_function_groups: list[str]
    languages: list[LanguageSkillDoc]
    education: list[EducationDoc]
    experience: list[ExperienceDoc]
    current_employer_since: str
    declarations: list[str]
    article29_status: str
    security_clearance: str


# One entry of ``status_history`` ("from" is a keyword: the functional syntax).
StatusEntryDoc = TypedDict("StatusEntryDoc", {
    "at": datetime,
    "by": str,
    "from": str,
    "to": str,
    "reason": NotRequired[str | None],  # the validator allows it absent; the code writes null
})


class CastDeclarationDoc(TypedDict):
    """The EPSO CAST registration a CA candidate declares (``create.cast_declaration``)."""

    epso_per_id: str | None
    function_groups: list[str]
    verified: bool


class CastVerificationDoc(TypedDict):
    """``CastVerification`` as an import stored it on the application."""

    import_id: str
    rule: str
    per_id: str
    passed: list[str]
    failed: list[str]
    verified_at: datetime


class EligibilityDoc(TypedDict):
    """``EligibilityVerdict.model_dump(mode="json")`` as stored at submission."""

    eligible: bool
    outcome: str
    as_of: str
    as_of_basis: str | None
    as_of_reason: str | None
    as_of_message: NotRequired[ModelJson]  # left out when there is none
    summary: NotRequired[str]  # set when a verdict is read, not when stored
    results: list[ModelJson]


class PurgingDoc(TypedDict):
    """The claim a purge or an erasure puts on an application (``privacy/erase.claim``)."""

    run_id: ObjectId  # the retention run's, or the erasure request's
    at: datetime
    reason: str
    counts: dict[str, int]
    document_ids: list[ObjectId]
    subjects: list[str]
    erased_ref: str


class ApplicationDoc(TypedDict):
    """A stored application: what ``create_application`` writes, then the keys a later step of
    its life adds (``NotRequired``)."""

    _id: ObjectId
    call_id: ObjectId
    call_kind: str
    profile_code: str
    channel: str
    candidate_key: str
    owner_sub: str | None
    permrep_country: str | None
    permrep_sub: str | None
    status: str
    left_draft: bool  # submitted or withdrawn: never a draft again (staff's listing keys on it)
    profile: ProfileDoc
    cast_declaration: CastDeclarationDoc | None
    eligibility: EligibilityDoc | None
    status_history: list[StatusEntryDoc]
    version: int
    created_at: datetime
    updated_at: datetime
    submitted_at: NotRequired[datetime | None]
    withdrawn_at: NotRequired[datetime | None]
    decided_at: NotRequired[datetime | None]
    priority_rank: NotRequired[int]  # set on submission
    cast_verification: NotRequired[CastVerificationDoc]
    restricted_at: NotRequired[datetime]  # unset when the restriction is lifted
    transferred_at: NotRequired[datetime | None]
    purging: NotRequired[PurgingDoc | None]


class ApplicationChangeDoc(TypedDict, total=False):
    """What a change of an application sets (its ``$set``), each member typed as in
    ``ApplicationDoc`` (tests/applications/test_stored_shapes.py holds them equal)."""

    profile_code: str
    candidate_key: str
    status: str
    left_draft: bool
    profile: ProfileDoc
    cast_declaration: CastDeclarationDoc | None
    eligibility: EligibilityDoc | None
    priority_rank: int
    updated_at: datetime
    submitted_at: datetime | None
    withdrawn_at: datetime | None
    decided_at: datetime | None


class SpecialNeedsDoc(TypedDict):
    """An application's special needs, sealed apart (``special_needs``)."""

    _id: ObjectId
    application_id: ObjectId
    kid: NotRequired[str]  # the key's id; a record sealed before key ids existed has none
    nonce: bytes
    ciphertext: bytes
    created_at: datetime
    updated_at: NotRequired[datetime]


# Projections of applications: what a query reads of them, and nothing more.

class SubjectDoc(TypedDict):
    """Who an application is about (the audit trail's subject); every projection below has it."""

    _id: ObjectId
    candidate_key: str


class ApplicationStatusDoc(TypedDict):
    """What a status change reads of an application (``panel_applications.statuses``); every
    ``ApplicationDoc`` is one."""

    _id: ObjectId
    call_id: ObjectId
    status: str
    version: int
    candidate_key: str
    channel: str
    permrep_country: str | None


class EmployerDoc(TypedDict, total=False):
    """A job as a conflict of interest is judged on it (a projection of ``ExperienceDoc``)."""

    employer: str
    start: str
    end: str


class ConflictProfileDoc(TypedDict, total=False):
    first_name: str
    last_name: str
    birth_name: str
    experience: list[EmployerDoc]


class ConflictViewDoc(TypedDict):
    """Names and employers of an application: a panel member's view before a declaration."""

    _id: ObjectId
    call_id: ObjectId
    status: str
    candidate_key: str
    profile: NotRequired[ConflictProfileDoc]  # a projection may leave an empty one out


class PurgeViewDoc(TypedDict):
    """What a retention run reads of an application it may purge (never the profile)."""

    _id: ObjectId
    call_id: ObjectId
    candidate_key: str
    owner_sub: str | None
    purging: NotRequired[PurgingDoc | None]


class ClaimedDoc(TypedDict):
    """An application a purge or an erasure holds: what finishing it reads."""

    _id: ObjectId
    call_id: ObjectId
    purging: PurgingDoc


class CastCheckDoc(TypedDict):
    """What an EPSO CAST import re-checks of a CA application (``cast.ca_applications_after``)."""

    _id: ObjectId
    call_id: ObjectId
    status: str
    profile: ProfileDoc
    cast_declaration: CastDeclarationDoc | None
    eligibility: EligibilityDoc | None
    cast_verification: NotRequired[CastVerificationDoc]


# --- calls -----------------------------------------------------------------------------------

class DeadlineDoc(TypedDict):
    local: str  # wall time in ``zone``, ISO without offset
    zone: str
    utc: datetime
    last_day: NotRequired[str]  # a notice that prints a date only


class CallProfileDoc(TypedDict):
    code: str
    title: str
    description: str | None


class DocumentRulesDoc(TypedDict, total=False):
    """``DocumentRules``' JSON; each member has a default there, and a call stored before a
    member existed lacks it."""

    required: list[str]
    accepted: list[str]
    single_pdf: bool
    cv_format: str
    cv_languages: list[str]
    cv_must_state_nationality: bool
    single_pdf_kind: str


class CorrigendumDoc(TypedDict):
    version: int
    at: datetime
    by: str | None
    reason: str
    fields: list[str]


CallHistoryDoc = TypedDict("CallHistoryDoc", {
    "at": datetime,
    "by": str,
    "from": str,
    "to": str,
    "reason": NotRequired[str | None],
})


class DemoDoc(TypedDict):
    original_deadline: DeadlineDoc
    note: str


class CallSummaryDoc(TypedDict):
    """What an application shows of its call (``calls.summary``); a projection, so a member a
    call lacks is absent here too."""

    _id: ObjectId
    reference: NotRequired[str]
    title: NotRequired[str]
    kind: NotRequired[str]
    deadline: NotRequired[DeadlineDoc]
    status: NotRequired[str]


# An application as a read shows it, its call joined (it needs CallSummaryDoc, hence here).
class ApplicationWithCallDoc(ApplicationDoc):
    """An application with its call's summary joined, as a read shows it (never stored)."""

    call: CallSummaryDoc | None


class CallDoc(TypedDict):
    """A stored call: the create payload's JSON (every member of ``CallFields``, null when not
    given; ``store.new_call_doc``), then the lifecycle's members."""

    _id: ObjectId
    kind: str
    reference: str
    title: str
    profiles: list[CallProfileDoc]
    dg: str
    directorate: str | None
    unit: str
    contact: ModelJson | None
    places_of_employment: list[str]
    contract_type: str
    duration: ModelJson | None
    provisional_start: ModelJson | None
    eligibility_date: str | None
    documents: DocumentRulesDoc
    security_clearance_required: bool
    number_of_posts: int | None
    tasks: list[str]
    duties: list[str]
    required_skills: list[str]
    privacy: ModelJson | None
    advantages: list[str]
    sections: ModelJson
    criteria: ModelJson
    deadline: DeadlineDoc
    related_references: list[str]
    # One kind's own members (``KIND_FIELDS``); a draft that changes kind drops the old ones.
    secondment_type: NotRequired[str | None]  # sne
    open_to: NotRequired[ModelJson]  # sne
    sysper_post_number: NotRequired[str | None]  # sne
    function_group: NotRequired[str | None]  # ca
    grade_range: NotRequired[str | None]  # ta
    priority_rule: NotRequired[str]  # ta
    priority_order: NotRequired[list[str]]  # ta
    status: str
    version: int
    created_at: datetime
    updated_at: datetime
    created_by: str
    published_at: datetime | None
    closed_at: datetime | None
    closed_reason: str | None
    completed_at: datetime | None
    cancelled_at: datetime | None
    corrigenda: list[CorrigendumDoc]
    history: list[CallHistoryDoc]
    demo: NotRequired[DemoDoc]  # demo calls whose real deadline had passed
    start_date: NotRequired[str | None]  # set by HR once known
