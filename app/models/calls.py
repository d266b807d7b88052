"""Calls: SNE vacancy notices, Contract Agent calls for expression of interest, TA vacancies."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    computed_field,
    model_validator,
)

from app.models.call_terms import EligibilityDate, PrivacyStatement, ProvisionalStart
from app.models.common import ApiModel, InputModel, LongText, ShortText
from app.models.criteria import EligibilityCriteria
from app.models.profile import Article29Status
from app.models.reference import (
    CALL_KIND_RULES,
    ApplicationChannel,
    CountryCode,
    EuLanguage,
    FunctionGroup,
)


class CallKind(StrEnum):
    sne = "sne"
    ca = "ca"
    ta = "ta"


class CallStatus(StrEnum):
    draft = "draft"
    published = "published"
    closed = "closed"
    completed = "completed"
    cancelled = "cancelled"


class SecondmentType(StrEnum):
    with_allowances = "with_allowances"
    cost_free = "cost_free"


class DocumentKind(StrEnum):
    cv = "cv"
    motivation_letter = "motivation_letter"
    application_form = "application_form"
    other = "other"


class CvFormat(StrEnum):
    any = "any"
    europass = "europass"


class PriorityRule(StrEnum):
    none = "none"
    article29 = "article29"


def _unit(code: str) -> str:
    upper = code.strip().upper()
    parts = upper.split(".")
    if not all(p and p.replace("-", "").isalnum() for p in parts) or len(parts) > 5:
        raise ValueError("a unit code looks like 'CNECT.A.2' (DG, directorate, unit)")
    return upper


def _zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"{name!r} is not an IANA time zone") from None
    return name


UnitCode = Annotated[str, Field(min_length=2, max_length=40), AfterValidator(_unit)]
ZoneName = Annotated[str, Field(max_length=64), AfterValidator(_zone)]


class Profile(InputModel):
    """One of the parallel profiles of a call."""

    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
    title: ShortText
    description: LongText | None = None


class ContactPerson(InputModel):
    name: ShortText
    unit: ShortText | None = None
    email: Annotated[str, Field(max_length=254)] | None = None


class OpenTo(InputModel):
    """Who may apply (SNE notices tick these boxes)."""

    eu_member_states: bool = True
    efta_countries: list[CountryCode] = Field(default_factory=list, max_length=4)
    third_countries: list[CountryCode] = Field(default_factory=list, max_length=100)
    igos: list[ShortText] = Field(default_factory=list, max_length=50)


class Duration(InputModel):
    initial_months_min: Annotated[int, Field(ge=1, le=120)]
    initial_months_max: Annotated[int, Field(ge=1, le=120)] | None = None
    max_total_months: Annotated[int, Field(ge=1, le=600)] | None = None
    extension_rule: Annotated[str, Field(max_length=1000)] | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        longest = self.initial_months_max
        if longest is not None and longest < self.initial_months_min:
            raise ValueError("initial_months_max must not be below initial_months_min")
        return self


class Sections(InputModel):
    """The notice's free text: we are / we propose / we look for."""

    we_are: LongText | None = None
    we_propose: LongText | None = None
    we_look_for: LongText | None = None
    selection: LongText | None = None
    conditions: LongText | None = None


# A wall-clock time without offset: JSON Schema's "date-time" requires one, so say what it is.
LocalDateTime = Annotated[datetime, WithJsonSchema({
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
    "description": "Local wall time, ISO 8601 without offset.",
    "examples": ["2024-03-27T12:00:00"],
})]


def local_to_utc(local: datetime, zone: str) -> datetime:
    """The instant of a local wall time in ``zone``.

    A wall time that does not exist (the spring-forward gap) raises ``ValueError``. An ambiguous
    one (the autumn fall-back hour, which happens twice) resolves to its FIRST occurrence
    (``fold=0``, still summer time): the earlier instant, so nobody is told they have longer
    than the notice meant.
    """
    tz = ZoneInfo(zone)
    wall = local.replace(tzinfo=None, fold=0)
    instant = wall.replace(tzinfo=tz).astimezone(UTC)
    if instant.astimezone(tz).replace(tzinfo=None) != wall:
        raise ValueError(f"{wall.isoformat()} does not exist in {zone} (clocks skip it)")
    return instant


class DeadlineIn(InputModel):
    """The notice's deadline as printed: a local wall time in a zone (Brussels by default), or
    a date only ("Latest application date: 25-07-2024"), which ends at the end of that day:
    the instant is the next day's 00:00 in the zone, and it is exclusive.

    Ambiguous autumn wall times resolve to their first occurrence (``fold=0``); wall times in
    the spring-forward gap are refused.
    """

    local: LocalDateTime | None = Field(
        default=None,
        description="Local wall time without offset, e.g. 2024-03-27T12:00. In the autumn "
                    "fall-back hour the first (summer-time) occurrence is meant; times skipped "
                    "in spring are refused. Give this or `last_day`.")
    last_day: date | None = Field(
        default=None, description="A deadline printed as a date only: applications are "
        "accepted until the end of that day (before the next day's 00:00 in `zone`).")
    zone: ZoneName = "Europe/Brussels"

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"local": "2024-03-27T12:00:00", "zone": "Europe/Brussels"},
        {"last_day": "2024-07-25", "zone": "Europe/Brussels"}]})

    @model_validator(mode="after")
    def _naive(self) -> DeadlineIn:
        if (self.local is None) == (self.last_day is None):
            raise ValueError("give either local (a wall time) or last_day (a date only)")
        if self.local is not None and self.local.tzinfo is not None:
            raise ValueError("give the local wall time without an offset; the zone says where")
        local_to_utc(self.wall_time(), self.zone)
        return self

    def wall_time(self) -> datetime:
        """The local wall time of the (exclusive) deadline instant."""
        if self.last_day is not None:
            return datetime.combine(self.last_day + timedelta(days=1), time(0))
        assert self.local is not None  # the validator guarantees one of the two
        return self.local

    def instant(self) -> datetime:
        """The deadline as an aware UTC instant."""
        return local_to_utc(self.wall_time(), self.zone)


class Deadline(BaseModel):
    local: LocalDateTime = Field(description="Local wall time in `zone`.")
    zone: str
    utc: datetime = Field(description="The instant, in UTC (exclusive: accepted before it).")
    last_day: date | None = Field(
        default=None, description="Set when the notice prints a date only: the last day.")


class DocumentRules(InputModel):
    """Which documents the notice asks for, and in what form."""

    required: list[DocumentKind] = Field(default_factory=lambda: [DocumentKind.cv], max_length=4)
    accepted: list[DocumentKind] = Field(
        default_factory=lambda: list(DocumentKind), max_length=4,
        description="Kinds accepted at all (SNE: the CV only).")
    single_pdf: bool = Field(default=False,
                             description="One PDF holding CV, letter and form, in that order.")
    cv_format: CvFormat = CvFormat.any
    cv_languages: list[EuLanguage] = Field(default_factory=list, max_length=24,
                                           description="Accepted CV languages (empty: any).")
    cv_must_state_nationality: bool = False
    single_pdf_kind: DocumentKind = Field(
        default=DocumentKind.cv,
        description="With `single_pdf`: the kind the one PDF is uploaded as (it holds every "
                    "required document, in the order of `required`).")

    def single_pdf_rule(self) -> str:
        """The call's own single-PDF rule, in words (from ``required``, in its order)."""
        names = [_DOCUMENT_NAMES[k] for k in self.required] or ["your documents"]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"This call takes one PDF holding {listed}, in that order"


_DOCUMENT_NAMES = {DocumentKind.cv: "CV", DocumentKind.motivation_letter: "motivation letter",
                   DocumentKind.application_form: "application form",
                   DocumentKind.other: "other documents"}


class CallFields(InputModel):
    """Everything a notice says; shared by create and (partially) update."""

    title: ShortText
    profiles: list[Profile] = Field(min_length=1, max_length=20)
    dg: ShortText
    directorate: ShortText | None = None
    unit: UnitCode
    contact: ContactPerson | None = None
    places_of_employment: list[ShortText] = Field(min_length=1, max_length=10)
    contract_type: ShortText = Field(description="e.g. 'SNE', 'CA 3b', 'TA 2b/2d'.")
    function_group: FunctionGroup | None = None
    grade_range: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description="e.g. 'AD5-AD7'.")
    duration: Duration | None = None
    provisional_start: ProvisionalStart | None = Field(
        default=None, description="As the notice says it ('3rd quarter 2024', 'Autumn 2024'), "
        "with the day, month or quarter it names; a plain string is parsed.")
    eligibility_date: EligibilityDate | None = Field(
        default=None, description="The day criteria are judged at; unset: SNE at the start of "
        "the secondment, CA/TA at the deadline.")
    secondment_type: SecondmentType | None = None
    open_to: OpenTo = Field(default_factory=OpenTo)
    documents: DocumentRules = Field(default_factory=DocumentRules)
    priority_rule: PriorityRule = PriorityRule.none
    priority_order: list[Article29Status] = Field(
        default_factory=list, max_length=4,
        description="Article 29: the order in which candidates are considered (TA).")
    security_clearance_required: bool = False
    sysper_post_number: Annotated[str, Field(max_length=40)] | None = None
    number_of_posts: Annotated[int, Field(ge=1, le=1000)] | None = None
    tasks: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=50, description="'Tasks may include...'")
    duties: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=50, description="'Duties may also involve...'")
    required_skills: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=50,
        description="'Required skills and characteristics' (judged by the panel).")
    privacy: PrivacyStatement | None = None
    advantages: list[Annotated[str, Field(max_length=1000)]] = Field(
        default_factory=list, max_length=50)
    sections: Sections = Field(default_factory=Sections)
    criteria: EligibilityCriteria = Field(default_factory=EligibilityCriteria)
    deadline: DeadlineIn
    related_references: list[ShortText] = Field(default_factory=list, max_length=10)


class CallCreate(CallFields):
    kind: CallKind
    reference: Annotated[str, Field(min_length=3, max_length=80,
                                    pattern=r"^[A-Za-z0-9][A-Za-z0-9/._ -]*$")]


class CallUpdate(InputModel):
    """A partial change (``exclude_unset``); on a published call it is a corrigendum.

    ``kind`` and ``reference`` may change on a draft only.
    """

    kind: CallKind | None = None
    reference: Annotated[str, Field(min_length=3, max_length=80,
                                    pattern=r"^[A-Za-z0-9][A-Za-z0-9/._ -]*$")] | None = None

    title: ShortText | None = None
    profiles: list[Profile] | None = Field(default=None, min_length=1, max_length=20)
    dg: ShortText | None = None
    directorate: ShortText | None = None
    unit: UnitCode | None = None
    contact: ContactPerson | None = None
    places_of_employment: list[ShortText] | None = Field(default=None, min_length=1,
                                                         max_length=10)
    contract_type: ShortText | None = None
    function_group: FunctionGroup | None = None
    grade_range: Annotated[str, Field(max_length=40)] | None = None
    duration: Duration | None = None
    provisional_start: ProvisionalStart | None = None
    eligibility_date: EligibilityDate | None = None
    secondment_type: SecondmentType | None = None
    open_to: OpenTo | None = None
    documents: DocumentRules | None = None
    priority_rule: PriorityRule | None = None
    priority_order: list[Article29Status] | None = Field(default=None, max_length=4)
    security_clearance_required: bool | None = None
    sysper_post_number: Annotated[str, Field(max_length=40)] | None = None
    number_of_posts: Annotated[int, Field(ge=1, le=1000)] | None = None
    tasks: list[Annotated[str, Field(max_length=1000)]] | None = Field(default=None,
                                                                       max_length=50)
    duties: list[Annotated[str, Field(max_length=1000)]] | None = Field(default=None,
                                                                        max_length=50)
    required_skills: list[Annotated[str, Field(max_length=1000)]] | None = Field(
        default=None, max_length=50)
    privacy: PrivacyStatement | None = None
    advantages: list[Annotated[str, Field(max_length=1000)]] | None = None
    sections: Sections | None = None
    criteria: EligibilityCriteria | None = None
    deadline: DeadlineIn | None = None
    related_references: list[ShortText] | None = None
    corrigendum_reason: Annotated[str, Field(min_length=3, max_length=1000)] | None = Field(
        default=None, description="Required when the call is published: why it changes.")


class Corrigendum(BaseModel):
    version: int
    at: datetime
    by: str | None = Field(default=None, description="Who made it (staff views only).")
    reason: str
    fields: list[str]


class CallStatusChange(BaseModel):
    """One step of the lifecycle, as recorded in the call's ``history``."""

    model_config = ConfigDict(populate_by_name=True)

    at: datetime
    by: str
    from_status: CallStatus = Field(alias="from")
    to: CallStatus
    reason: str | None = None


class ClosedReason(StrEnum):
    deadline = "deadline"
    manual = "manual"


class DemoInfo(BaseModel):
    """Set on demo calls whose real deadline has passed and was moved into the future."""

    original_deadline: Deadline
    note: str


class HowToApply(BaseModel):
    """Who may apply to a call, through which channel, and with which documents."""

    channel: ApplicationChannel = Field(description="`permrep`: only through the Permanent "
                                        "Representation of the candidate's country (SNE); "
                                        "`candidate`: the candidate applies themselves.")
    who_applies: str = Field(description="The rule in words (see `open_to` for the countries).")
    cast_registration_required: bool = Field(description="EPSO CAST registration needed.")
    documents_required: list[DocumentKind] = Field(description="Kinds to upload before "
                                                   "submitting.")
    documents_accepted: list[DocumentKind] = Field(description="Kinds accepted at all.")
    single_pdf: bool = Field(description="One PDF holding CV, letter and form, in that order.")
    europass_cv_required: bool = Field(description="Only a Europass CV is accepted.")
    cv_languages: list[str] = Field(description="Accepted CV languages (empty: any).")


class CallRead(ApiModel):
    id: str
    kind: CallKind
    reference: str
    status: CallStatus
    title: str
    profiles: list[Profile]
    dg: str
    directorate: str | None = None
    unit: str
    contact: ContactPerson | None = None
    places_of_employment: list[str]
    contract_type: str
    function_group: FunctionGroup | None = None
    grade_range: str | None = None
    duration: Duration | None = None
    provisional_start: ProvisionalStart | None = None
    start_date: date | None = Field(
        default=None, description="The actual start, once HR sets it (SNE: the criteria are "
        "then judged at it).")
    eligibility_date: EligibilityDate | None = None
    secondment_type: SecondmentType | None = None
    open_to: OpenTo
    documents: DocumentRules
    priority_rule: PriorityRule
    priority_order: list[Article29Status] = []
    security_clearance_required: bool
    sysper_post_number: str | None = None
    number_of_posts: int | None = None
    tasks: list[str] = []
    duties: list[str] = []
    required_skills: list[str] = []
    privacy: PrivacyStatement | None = None
    advantages: list[str]
    sections: Sections
    criteria: EligibilityCriteria
    deadline: Deadline
    related_references: list[str] = []
    version: int
    created_at: datetime
    updated_at: datetime
    published_at: datetime | None = None
    closed_at: datetime | None = None
    completed_at: datetime | None = None
    cancelled_at: datetime | None = None
    closed_reason: ClosedReason | None = None
    corrigenda: list[Corrigendum] = []
    history: list[CallStatusChange] = Field(
        default_factory=list, description="Status changes (staff views only; empty in public).")
    demo: DemoInfo | None = None

    @computed_field(description="Who may apply, through which channel, with which documents.")
    def how_to_apply(self) -> HowToApply:
        rule = CALL_KIND_RULES[self.kind.value]
        return HowToApply(
            channel=rule.channel, who_applies=rule.who_applies,
            cast_registration_required=rule.cast_registration_required,
            documents_required=list(self.documents.required),
            documents_accepted=list(self.documents.accepted),
            single_pdf=self.documents.single_pdf,
            europass_cv_required=(rule.europass_cv_required
                                  or self.documents.cv_format is CvFormat.europass),
            cv_languages=list(self.documents.cv_languages))


class CallList(ApiModel):
    items: list[CallRead]
    next_cursor: str | None = None


def call_read(doc: dict[str, Any]) -> CallRead:
    """The API shape of a stored call document."""
    return CallRead.model_validate({**doc, "id": str(doc["_id"])})
