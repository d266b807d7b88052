"""The parts every call is made of, whatever its kind: enums, profiles, contact, duration, the
notice's free text, the deadline, the documents asked for, and what a read adds (corrigenda,
history, how to apply). The kind-specific call bodies are in ``app.models.calls``."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    WithJsonSchema,
    model_validator,
)

from app.models.common import InputModel, LongText, ShortText
from app.models.reference import ApplicationChannel, CountryCode, EuLanguage

# Each member's words, from the notices; the create, update and read bodies share them.
MEMBER_WORDS = {
    "kind": "The kind of notice, which decides the call's other members: `sne` (Seconded "
            "National Expert vacancy notice), `ca` (Contract Agent call for expression of "
            "interest), `ta` (Temporary Agent vacancy notice).",
    "reference": "The notice's reference, e.g. 'EC/2024/CNECT/443651' or 'DIGIT/COM/2024/461'; "
                 "unique.",
    "title": "The notice's title.",
    "profiles": "The profiles sought (a call may have parallel profiles); an application names "
                "one.",
    "dg": "'DG': the Directorate-General, as printed ('DG CONNECT').",
    "directorate": "'Directorate', as printed.",
    "unit": "The recruiting unit ('CNECT.A.2'): it manages the call and sees its applications.",
    "contact": "'Contact person' of the notice.",
    "places_of_employment": "'Place of employment': Brussels, Luxembourg, other.",
    "contract_type": "'Staff category' as printed, e.g. 'SNE', 'CA 3b', 'TA 2b/2d'.",
    "duration": "'Initial duration' and the extension rule.",
    "provisional_start": "'Provisional starting date' as the notice says it ('3rd quarter "
                         "2024', 'Autumn 2024'), with the day, month or quarter it names; a "
                         "plain string is parsed.",
    "eligibility_date": "The day criteria are judged at; unset: SNE at the start of the "
                        "secondment, CA/TA at the deadline.",
    "security_clearance_required": "'Must hold a security clearance at EU SECRET level or be "
                                   "in a position to be security cleared'.",
    "number_of_posts": "Posts to fill ('seeking to hire one IT Service Officer': 1).",
    "documents": "The documents the notice asks for (CV, motivation letter, application "
                 "form), and in what form.",
    "tasks": "'Tasks may include...'",
    "duties": "'Duties may also involve...'",
    "required_skills": "'Required skills and characteristics' (judged by the panel).",
    "privacy": "The privacy statement's references (processing operation, controller, DPO, "
               "records).",
    "advantages": "Selection criteria that count as advantages ('would be a strong asset').",
    "sections": "The notice's free text: we are, we propose, we look for, selection, "
                "conditions.",
    "criteria": "The eligibility criteria a machine can check (the rest is for the panel).",
    "deadline": "'Deadline for applications' or 'Latest application date', as printed.",
    "related_references": "References of related notices ('EC/2024/CNECT/443650').",
    "secondment_type": "SNE only: 'Type of secondment', with allowances or cost-free.",
    "open_to": "SNE only: 'This vacancy notice is open to': EU Member States, the EFTA and "
               "third countries ticked, IGOs.",
    "sysper_post_number": "SNE only: 'Post number in sysper'.",
    "function_group": "CA only: the function group ('FG IV'); an EPSO CAST is passed in it.",
    "grade_range": "TA only: 'Grade: grade range (AD5/AD7)', e.g. 'AD5-AD7'.",
    "priority_rule": "TA only: `article29`: 'In accordance with Article 29 of the Staff "
                     "Regulations, applications from Commission officials, officials from "
                     "other Institutions, and laureates of competitions have priority'.",
    "priority_order": "TA only, with Article 29: the order in which candidates are considered.",
}


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

    code: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")] = Field(
        description="Short stable code of the profile; an application names it.")
    title: ShortText = Field(description="The profile as the notice names it, e.g. "
                             "'Technology specialists in AI'.")
    description: LongText | None = Field(default=None, description="The notice's text on the "
                                         "profile ('Under the supervision of the Head of "
                                         "Unit...').")


class ContactPerson(InputModel):
    """The notice's 'Contact person' (or functional mailbox)."""

    name: ShortText = Field(description="The contact person or mailbox, as printed.")
    unit: ShortText | None = Field(default=None, description="Their unit, as printed "
                                   "('CNECT A2').")
    email: Annotated[str, Field(max_length=254)] | None = Field(
        default=None, description="Where candidates may write with questions.")


class OpenTo(InputModel):
    """Who may apply (SNE notices tick these boxes)."""

    eu_member_states: bool = Field(default=True, description="'This vacancy notice is open to: "
                                   "EU Member States'.")
    efta_countries: list[CountryCode] = Field(
        default_factory=list, max_length=4, description="'The following EFTA countries' "
        "ticked (ISO 3166 alpha-2).")
    third_countries: list[CountryCode] = Field(
        default_factory=list, max_length=100, description="'The following third countries' "
        "ticked (ISO 3166 alpha-2).")
    igos: list[ShortText] = Field(default_factory=list, max_length=50, description="'The "
                                  "following intergovernmental organisations' ticked.")


class Duration(InputModel):
    """'Initial duration' of the secondment or contract, and how it may be extended."""

    initial_months_min: Annotated[int, Field(ge=1, le=120)] = Field(
        description="Initial duration in months ('1 year': 12; 'of 1 to 3 years': 12).")
    initial_months_max: Annotated[int, Field(ge=1, le=120)] | None = Field(
        default=None, description="Upper bound of a ranged initial duration ('of 1 to 3 "
        "years': 36).")
    max_total_months: Annotated[int, Field(ge=1, le=600)] | None = Field(
        default=None, description="Longest total with extensions ('up to 6 years in total': "
        "72).")
    extension_rule: Annotated[str, Field(max_length=1000)] | None = Field(
        default=None, description="The extension rule as printed.")

    @model_validator(mode="after")
    def _ordered(self) -> Duration:
        longest = self.initial_months_max
        if longest is not None and longest < self.initial_months_min:
            raise ValueError("initial_months_max must not be below initial_months_min")
        return self


class Sections(InputModel):
    """The notice's free text: we are / we propose / we look for."""

    we_are: LongText | None = Field(default=None, description="'We are': the service.")
    we_propose: LongText | None = Field(default=None, description="'We propose': the job.")
    we_look_for: LongText | None = Field(default=None, description="'We look for': the "
                                         "profile sought.")
    selection: LongText | None = Field(default=None, description="How candidates are "
                                       "selected and how to apply, as printed.")
    conditions: LongText | None = Field(default=None, description="'Conditions of the "
                                        "secondment' or of employment, as printed.")


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
    zone: ZoneName = Field(default="Europe/Brussels", description="IANA time zone of the "
                           "printed time ('Brussels time').")

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
    """The deadline as printed and as an instant."""

    local: LocalDateTime = Field(description="Local wall time in `zone`.")
    zone: str = Field(description="IANA time zone of the printed time.")
    utc: datetime = Field(description="The instant, in UTC (exclusive: accepted before it).")
    last_day: date | None = Field(
        default=None, description="Set when the notice prints a date only: the last day.")


class DocumentRules(InputModel):
    """Which documents the notice asks for, and in what form."""

    required: list[DocumentKind] = Field(
        default_factory=lambda: [DocumentKind.cv], max_length=4,
        description="Kinds to upload before submitting, in the notice's order.")
    accepted: list[DocumentKind] = Field(
        default_factory=lambda: list(DocumentKind), max_length=4,
        description="Kinds accepted at all (SNE: the CV only).")
    single_pdf: bool = Field(default=False,
                             description="One PDF holding CV, letter and form, in that order.")
    cv_format: CvFormat = Field(default=CvFormat.any, description="`europass`: 'Europass CV' "
                                "only (SNE).")
    cv_languages: list[EuLanguage] = Field(default_factory=list, max_length=24,
                                           description="Accepted CV languages (empty: any).")
    cv_must_state_nationality: bool = Field(default=False, description="'The CV must state "
                                            "your nationality' (SNE).")
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


class Corrigendum(BaseModel):
    """One correction of a published call."""

    version: int = Field(description="The call's version the corrigendum made.")
    at: datetime = Field(description="When it was published.")
    by: str | None = Field(default=None, description="Who made it (staff views only).")
    reason: str = Field(description="Why the call changed, as given by the unit.")
    fields: list[str] = Field(description="The call's members it changed.")


class CallStatusChange(BaseModel):
    """One step of the lifecycle, as recorded in the call's ``history``."""

    model_config = ConfigDict(populate_by_name=True)

    at: datetime = Field(description="When the status changed.")
    by: str = Field(description="Who changed it (a staff member or `system:...`).")
    from_status: CallStatus = Field(alias="from", description="The status before.")
    to: CallStatus = Field(description="The status after.")
    reason: str | None = Field(default=None, description="Why, when a reason was given.")


class ClosedReason(StrEnum):
    deadline = "deadline"
    manual = "manual"


class DemoInfo(BaseModel):
    """Set on demo calls whose real deadline has passed and was moved into the future."""

    original_deadline: Deadline = Field(description="The deadline the notice printed.")
    note: str = Field(description="What was changed, in words.")


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
