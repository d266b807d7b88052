"""Calls: SNE vacancy notices, Contract Agent calls for expression of interest, TA vacancies.

A call body is a union discriminated by ``kind``: each kind carries the members its notices
have (SNE: the secondment type, the countries it is open to, the Sysper post; CA: the function
group; TA: the grade range and Article 29 priority) and refuses the others. Services store and
read one common shape (``new_call_doc``, ``call_read``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, TypeAlias

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    RootModel,
    ValidationError,
    ValidatorFunctionWrapHandler,
    computed_field,
    model_validator,
)
from pydantic_core import ErrorDetails, InitErrorDetails, PydanticCustomError

from app.models import call_examples as ex
from app.models.call_parts import MEMBER_WORDS as D
from app.models.call_parts import (
    CallKind,
    CallStatus,
    CallStatusChange,
    ClosedReason,
    ContactPerson,
    Corrigendum,
    CvFormat,
    Deadline,
    DeadlineIn,
    DemoInfo,
    DocumentKind,
    DocumentRules,
    Duration,
    HowToApply,
    LocalDateTime,
    OpenTo,
    PriorityRule,
    Profile,
    SecondmentType,
    Sections,
    UnitCode,
    ZoneName,
    local_to_utc,
)
from app.models.call_terms import EligibilityDate, PrivacyStatement, ProvisionalStart
from app.models.common import ApiModel, InputModel, ShortText
from app.models.criteria import EligibilityCriteria
from app.models.profile import Article29Status
from app.models.reference import CALL_KIND_RULES, FunctionGroup
from app.models.stored import CallDoc

__all__ = [
    "KIND_FIELDS", "AnyCallCreate", "AnyCallRead", "CaCallCreate", "CaCallRead", "CallCreate",
    "CallFields", "CallKind", "CallList", "CallRead", "CallStatus", "CallStatusChange",
    "CallUpdate", "ClosedReason", "ContactPerson", "Corrigendum", "CvFormat", "Deadline",
    "DeadlineIn", "DemoInfo", "DocumentKind", "DocumentRules", "Duration", "HowToApply",
    "LocalDateTime", "OpenTo", "PriorityRule", "Profile", "SecondmentType", "Sections",
    "SneCallCreate", "SneCallRead", "TaCallCreate", "TaCallRead", "UnitCode", "ZoneName",
    "call_read", "local_to_utc",
]

Reference = Annotated[str, Field(min_length=3, max_length=80,
                                 pattern=r"^[A-Za-z0-9][A-Za-z0-9/._ -]*$")]
Lines = list[Annotated[str, Field(max_length=1000)]]


def _kind(kind: CallKind) -> Any:
    """A union member's ``kind``: its one value (the discriminator)."""
    return Field(description=D["kind"], examples=[kind.value])


class CallFields(InputModel):
    """What every notice says, whatever its kind."""

    kind: CallKind = Field(description=D["kind"])
    reference: Reference = Field(description=D["reference"])
    title: ShortText = Field(description=D["title"])
    profiles: list[Profile] = Field(min_length=1, max_length=20, description=D["profiles"])
    dg: ShortText = Field(description=D["dg"])
    directorate: ShortText | None = Field(default=None, description=D["directorate"])
    unit: UnitCode = Field(description=D["unit"])
    contact: ContactPerson | None = Field(default=None, description=D["contact"])
    places_of_employment: list[ShortText] = Field(min_length=1, max_length=10,
                                                  description=D["places_of_employment"])
    contract_type: ShortText = Field(description=D["contract_type"])
    duration: Duration | None = Field(default=None, description=D["duration"])
    provisional_start: ProvisionalStart | None = Field(default=None,
                                                       description=D["provisional_start"])
    eligibility_date: EligibilityDate | None = Field(default=None,
                                                     description=D["eligibility_date"])
    documents: DocumentRules = Field(default_factory=DocumentRules, description=D["documents"])
    security_clearance_required: bool = Field(default=False,
                                              description=D["security_clearance_required"])
    number_of_posts: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description=D["number_of_posts"])
    tasks: Lines = Field(default_factory=list, max_length=50, description=D["tasks"])
    duties: Lines = Field(default_factory=list, max_length=50, description=D["duties"])
    required_skills: Lines = Field(default_factory=list, max_length=50,
                                   description=D["required_skills"])
    privacy: PrivacyStatement | None = Field(default=None, description=D["privacy"])
    advantages: Lines = Field(default_factory=list, max_length=50, description=D["advantages"])
    sections: Sections = Field(default_factory=Sections, description=D["sections"])
    criteria: EligibilityCriteria = Field(default_factory=EligibilityCriteria,
                                          description=D["criteria"])
    deadline: DeadlineIn = Field(description=D["deadline"])
    related_references: list[ShortText] = Field(default_factory=list, max_length=10,
                                                description=D["related_references"])


class SneCallCreate(CallFields):
    """A Seconded National Expert vacancy notice."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.SNE_CREATE]})

    kind: Literal[CallKind.sne] = _kind(CallKind.sne)
    secondment_type: SecondmentType | None = Field(default=None, description=D["secondment_type"])
    open_to: OpenTo = Field(default_factory=OpenTo, description=D["open_to"])
    sysper_post_number: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description=D["sysper_post_number"])


class CaCallCreate(CallFields):
    """A Contract Agent call for expression of interest."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.CA_CREATE]})

    kind: Literal[CallKind.ca] = _kind(CallKind.ca)
    function_group: FunctionGroup | None = Field(default=None, description=D["function_group"])


class TaCallCreate(CallFields):
    """A Temporary Agent vacancy notice."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.TA_CREATE]})

    kind: Literal[CallKind.ta] = _kind(CallKind.ta)
    grade_range: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description=D["grade_range"])
    priority_rule: PriorityRule = Field(default=PriorityRule.none, description=D["priority_rule"])
    priority_order: list[Article29Status] = Field(default_factory=list, max_length=4,
                                                  description=D["priority_order"])


AnyCallCreate: TypeAlias = SneCallCreate | CaCallCreate | TaCallCreate
_TAGS = ", ".join(repr(k.value) for k in CallKind)


def _untagged(errors: list[ErrorDetails], title: str) -> ValidationError:
    """The union's errors with the loc a client sent: the discriminator's tag (which pydantic
    puts first) dropped, and a missing or unknown kind reported at ``kind``."""
    details: list[InitErrorDetails] = []
    for error in errors:
        loc, msg = error["loc"], error["msg"]
        if error["type"].startswith("union_tag_"):
            loc, msg = ("kind",), f"give kind: one of {_TAGS}"
        elif loc and loc[0] in CallKind.__members__:
            loc = loc[1:]
        kind = PydanticCustomError(error["type"], msg.replace("{", "(").replace("}", ")"),
                                   error.get("ctx"))
        details.append(InitErrorDetails(type=kind, loc=loc, input=error.get("input")))
    return ValidationError.from_exception_data(title, details)


class _KindUnion(RootModel[Any]):
    # Without a valid kind, the body is still checked against every kind's members together,
    # so one answer lists all that is wrong (not only the kind).
    any_kind: ClassVar[type[BaseModel] | None] = None

    @model_validator(mode="wrap")
    @classmethod
    def _flat_loc(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
        try:
            return handler(value)
        except ValidationError as exc:
            errors = exc.errors()
            if (cls.any_kind is not None and isinstance(value, dict)
                    and any(e["type"].startswith("union_tag_") for e in errors)):
                try:
                    cls.any_kind.model_validate({k: v for k, v in value.items() if k != "kind"})
                except ValidationError as rest:
                    errors += rest.errors()
            raise _untagged(errors, exc.title) from None


class _AnyKindCreate(SneCallCreate, CaCallCreate, TaCallCreate):
    """Every kind's members at once (never in the document): what a body without a valid kind
    is checked against."""

    kind: Any = None


class CallCreate(_KindUnion):
    """A new call, transcribed from its notice: the members depend on `kind`."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.CA_CREATE, ex.SNE_CREATE]})

    root: Annotated[AnyCallCreate, Field(discriminator="kind")]
    any_kind = _AnyKindCreate


def _own(model: type[CallFields]) -> frozenset[str]:
    return frozenset(model.model_fields) - frozenset(CallFields.model_fields)


# The members one kind has and the others refuse.
KIND_FIELDS: dict[CallKind, frozenset[str]] = {
    CallKind.sne: _own(SneCallCreate), CallKind.ca: _own(CaCallCreate),
    CallKind.ta: _own(TaCallCreate)}


class CallUpdate(InputModel):
    """A partial change (``exclude_unset``); on a published call it is a corrigendum.

    ``kind`` and ``reference`` may change on a draft only. Members marked "SNE only", "CA
    only", "TA only" are refused on a call of another kind.
    """

    kind: CallKind | None = Field(default=None, description=D["kind"])
    reference: Reference | None = Field(default=None, description=D["reference"])
    title: ShortText | None = Field(default=None, description=D["title"])
    profiles: list[Profile] | None = Field(default=None, min_length=1, max_length=20,
                                           description=D["profiles"])
    dg: ShortText | None = Field(default=None, description=D["dg"])
    directorate: ShortText | None = Field(default=None, description=D["directorate"])
    unit: UnitCode | None = Field(default=None, description=D["unit"])
    contact: ContactPerson | None = Field(default=None, description=D["contact"])
    places_of_employment: list[ShortText] | None = Field(
        default=None, min_length=1, max_length=10, description=D["places_of_employment"])
    contract_type: ShortText | None = Field(default=None, description=D["contract_type"])
    function_group: FunctionGroup | None = Field(default=None, description=D["function_group"])
    grade_range: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description=D["grade_range"])
    duration: Duration | None = Field(default=None, description=D["duration"])
    provisional_start: ProvisionalStart | None = Field(default=None,
                                                       description=D["provisional_start"])
    eligibility_date: EligibilityDate | None = Field(default=None,
                                                     description=D["eligibility_date"])
    secondment_type: SecondmentType | None = Field(default=None, description=D["secondment_type"])
    open_to: OpenTo | None = Field(default=None, description=D["open_to"])
    documents: DocumentRules | None = Field(default=None, description=D["documents"])
    priority_rule: PriorityRule | None = Field(default=None, description=D["priority_rule"])
    priority_order: list[Article29Status] | None = Field(default=None, max_length=4,
                                                         description=D["priority_order"])
    security_clearance_required: bool | None = Field(
        default=None, description=D["security_clearance_required"])
    sysper_post_number: Annotated[str, Field(max_length=40)] | None = Field(
        default=None, description=D["sysper_post_number"])
    number_of_posts: Annotated[int, Field(ge=1, le=1000)] | None = Field(
        default=None, description=D["number_of_posts"])
    tasks: Lines | None = Field(default=None, max_length=50, description=D["tasks"])
    duties: Lines | None = Field(default=None, max_length=50, description=D["duties"])
    required_skills: Lines | None = Field(default=None, max_length=50,
                                          description=D["required_skills"])
    privacy: PrivacyStatement | None = Field(default=None, description=D["privacy"])
    advantages: Lines | None = Field(default=None, description=D["advantages"])
    sections: Sections | None = Field(default=None, description=D["sections"])
    criteria: EligibilityCriteria | None = Field(default=None, description=D["criteria"])
    deadline: DeadlineIn | None = Field(default=None, description=D["deadline"])
    related_references: list[ShortText] | None = Field(default=None,
                                                       description=D["related_references"])
    corrigendum_reason: Annotated[str, Field(min_length=3, max_length=1000)] | None = Field(
        default=None, description="Required when the call is published: why it changes.")


class CallReadFields(ApiModel):
    """A call as staff (and, for a published one, anyone) read it, whatever its kind."""

    id: str = Field(description="The call's id.")
    kind: CallKind = Field(description=D["kind"])
    reference: str = Field(description=D["reference"])
    status: CallStatus = Field(description="Where the call is in its life: draft → published "
                               "→ closed → completed, or cancelled.")
    title: str = Field(description=D["title"])
    profiles: list[Profile] = Field(description=D["profiles"])
    dg: str = Field(description=D["dg"])
    directorate: str | None = Field(default=None, description=D["directorate"])
    unit: str = Field(description=D["unit"])
    contact: ContactPerson | None = Field(default=None, description=D["contact"])
    places_of_employment: list[str] = Field(description=D["places_of_employment"])
    contract_type: str = Field(description=D["contract_type"])
    duration: Duration | None = Field(default=None, description=D["duration"])
    provisional_start: ProvisionalStart | None = Field(default=None,
                                                       description=D["provisional_start"])
    start_date: date | None = Field(
        default=None, description="The actual start, once HR sets it (SNE: the criteria are "
        "then judged at it).")
    eligibility_date: EligibilityDate | None = Field(default=None,
                                                     description=D["eligibility_date"])
    documents: DocumentRules = Field(description=D["documents"])
    security_clearance_required: bool = Field(description=D["security_clearance_required"])
    number_of_posts: int | None = Field(default=None, description=D["number_of_posts"])
    tasks: list[str] = Field(default=[], description=D["tasks"])
    duties: list[str] = Field(default=[], description=D["duties"])
    required_skills: list[str] = Field(default=[], description=D["required_skills"])
    privacy: PrivacyStatement | None = Field(default=None, description=D["privacy"])
    advantages: list[str] = Field(description=D["advantages"])
    sections: Sections = Field(description=D["sections"])
    criteria: EligibilityCriteria = Field(description=D["criteria"])
    deadline: Deadline = Field(description="The deadline as printed and as a UTC instant.")
    related_references: list[str] = Field(default=[], description=D["related_references"])
    version: int = Field(description="Bumped by every change; the ETag is `\"v<version>\"`.")
    created_at: datetime = Field(description="When the draft was created.")
    updated_at: datetime = Field(description="When it last changed.")
    published_at: datetime | None = Field(default=None, description="When it was published.")
    closed_at: datetime | None = Field(default=None, description="When it closed.")
    completed_at: datetime | None = Field(default=None, description="When its selection "
                                          "was marked over.")
    cancelled_at: datetime | None = Field(default=None, description="When it was cancelled.")
    closed_reason: ClosedReason | None = Field(default=None, description="`deadline`: closed "
                                               "by the deadline; `manual`: closed early.")
    corrigenda: list[Corrigendum] = Field(default=[], description="Corrections since "
                                          "publication, oldest first.")
    history: list[CallStatusChange] = Field(
        default_factory=list, description="Status changes (staff views only; empty in public).")
    demo: DemoInfo | None = Field(default=None, description="Demo data only: the notice's "
                                  "original deadline, moved ahead.")

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


class SneCallRead(CallReadFields):
    """A Seconded National Expert vacancy notice."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.SNE_READ]})

    kind: Literal[CallKind.sne] = _kind(CallKind.sne)
    secondment_type: SecondmentType | None = Field(default=None, description=D["secondment_type"])
    open_to: OpenTo = Field(default_factory=OpenTo, description=D["open_to"])
    sysper_post_number: str | None = Field(default=None, description=D["sysper_post_number"])


class CaCallRead(CallReadFields):
    """A Contract Agent call for expression of interest."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.CA_READ]})

    kind: Literal[CallKind.ca] = _kind(CallKind.ca)
    function_group: FunctionGroup | None = Field(default=None, description=D["function_group"])


class TaCallRead(CallReadFields):
    """A Temporary Agent vacancy notice."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.TA_READ]})

    kind: Literal[CallKind.ta] = _kind(CallKind.ta)
    grade_range: str | None = Field(default=None, description=D["grade_range"])
    priority_rule: PriorityRule = Field(default=PriorityRule.none, description=D["priority_rule"])
    priority_order: list[Article29Status] = Field(default=[], description=D["priority_order"])


AnyCallRead: TypeAlias = SneCallRead | CaCallRead | TaCallRead


class CallRead(_KindUnion):
    """A call: the members depend on `kind`."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.CA_READ, ex.SNE_READ,
                                                              ex.TA_READ]})

    root: Annotated[AnyCallRead, Field(discriminator="kind")]


class CallList(ApiModel):
    """A page of calls, newest first."""

    model_config = ConfigDict(json_schema_extra={"examples": [ex.CALL_LIST]})

    items: list[CallRead] = Field(description="The calls of this page.")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next "
                                    "page; null on the last one.")


def call_read(doc: CallDoc) -> AnyCallRead:
    """The API shape of a stored call document (its kind's member; other kinds' leftovers in
    an older document are not shown)."""
    return CallRead.model_validate({**doc, "id": str(doc["_id"])}).root


def published_read(doc: CallDoc) -> AnyCallRead:
    """A call as published (the public, a panel member): who changed what, and when, is the
    managing staff's business."""
    read = call_read(doc)
    read.history = []
    for corrigendum in read.corrigenda:
        corrigendum.by = None
    return read
