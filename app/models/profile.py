"""The candidate's profile on an application: personal data, read only through
``repositories/applications.py`` (the one place personal data is read)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    EmailStr,
    Field,
    PlainValidator,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from app.models.common import InputModel, ShortText
from app.models.reference import (
    Cefr,
    CountryCode,
    Declaration,
    DegreeLevel,
    EmployerType,
    FunctionGroup,
    LanguageCode,
)


class FunctionLevel(StrEnum):
    """The level of a job, compared with the EU function groups."""

    ad = "AD"  # administrative, legal, scientific, technical, advisory or supervisory
    ast = "AST"
    other = "other"


class Article29Status(StrEnum):
    """Priority under Article 29 of the Staff Regulations (TA vacancies)."""

    commission_official = "commission_official"
    other_institution_official = "other_institution_official"
    competition_laureate = "competition_laureate"
    external = "external"


class SecurityClearance(StrEnum):
    """The TA notice: "hold a security clearance at EU SECRET level or be in a position to be
    security cleared" — two different statements."""

    held = "held"  # holds EU SECRET clearance (or higher)
    able_to_be_cleared = "able_to_be_cleared"
    none = "none"


def _legacy_clearance(value: object) -> object:
    # Profiles stored before 2026-12 held one bool for "holds it, or can be cleared": read true
    # as the weaker claim, so an old profile is never taken to hold a clearance.
    if value is True:
        return SecurityClearance.able_to_be_cleared.value
    if value is False:
        return SecurityClearance.none.value
    return value


Clearance = Annotated[SecurityClearance, BeforeValidator(_legacy_clearance)]


class LanguageSkill(InputModel):
    """A language the candidate knows, at a level of the Common European Framework of
    Reference (the notices: "thorough" is C1 or better, "satisfactory" B2 or better)."""

    language: LanguageCode = Field(description=(
        "ISO 639, in the EU's style: the upper-case 639-1 code where one exists (EN, EL), "
        "else the upper-case 639-3 code (YUE). Any language; eligibility counts the EU's 24."))
    level: Cefr = Field(description="CEFR level; a mother tongue is C2.")
    mother_tongue: bool = Field(default=False, description="The candidate's mother tongue.")


class Education(InputModel):
    """A completed degree or diploma ("a level of education which corresponds to completed
    university studies", in the notices' words)."""

    level: DegreeLevel = Field(
        description="The degree's level: `secondary` to `doctorate`.")
    field: ShortText | None = Field(
        default=None, description="The degree's field of study, e.g. 'Computer Science'.")
    years: Annotated[int, Field(ge=0, le=12)] | None = Field(
        default=None, description="Years of study of this degree.")
    institution: ShortText | None = Field(
        default=None,
        description="The university or school that awarded it.")
    completed_on: date | None = Field(default=None, description="Date of the diploma, "
                                      "YYYY-MM-DD.")


class Experience(InputModel):
    """A job held, current one included; its months (pro rata when part time) count towards
    the professional experience the notices require."""

    employer: ShortText = Field(
        description="The employer's name.")
    employer_type: EmployerType | None = Field(
        default=None, description="Not given: criteria on the employer's type stay unknown.")
    country: CountryCode | None = Field(
        default=None,
        description="Where the job is or was, ISO 3166-1 alpha-2.")
    position: ShortText | None = Field(
        default=None,
        description="The job's title.")
    function_level: FunctionLevel | None = Field(
        default=None, description="Not given: AD-level criteria stay unknown for this job.")
    start: date = Field(
        description="First day of the job, YYYY-MM-DD.")
    end: date | None = Field(default=None, description="Last day of the job, YYYY-MM-DD; null "
                             "while the job goes on.")
    part_time_percent: Annotated[int, Field(ge=1, le=100)] = Field(
        default=100,
        description="Share of full time worked, 1–100 (100 when left out).")

    @model_validator(mode="after")
    def _ordered(self) -> Experience:
        if self.end is not None and self.end < self.start:
            raise ValueError("end must not be before start")
        return self


_EMAIL: TypeAdapter[str] = TypeAdapter(EmailStr)
STORED = {"stored": True}  # validation context: data read back from the database


def _email(value: Any, info: ValidationInfo) -> str:
    """An e-mail address checked (and normalised) on the way in; read back from the database,
    where only checked addresses are written, it is taken as stored: checking it again was a
    twentieth of the CPU of reading an application."""
    if isinstance(info.context, dict) and info.context.get("stored") and isinstance(value, str):
        return value
    try:
        return _EMAIL.validate_python(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        raise PydanticCustomError(error["type"], error["msg"], error.get("ctx")) from None


Email = Annotated[str, PlainValidator(_email), WithJsonSchema({"type": "string",
                                                              "format": "email"})]


class Contact(InputModel):
    """How the candidate is reached."""

    email: Email = Field(
        description="The e-mail address notifications are sent to.")
    phone: Annotated[str, Field(max_length=40)] | None = Field(
        default=None,
        description="A phone number, international format preferred.")
    address: Annotated[str, Field(max_length=500)] | None = Field(
        default=None,
        description="Postal address.")


class CandidateProfile(InputModel):
    """What the candidate (or their Permanent Representation) states about them."""

    first_name: ShortText
    last_name: ShortText
    birth_name: ShortText | None = None
    nationalities: list[CountryCode] = Field(min_length=1, max_length=5)
    date_of_birth: date | None = None
    place_of_birth: ShortText | None = None
    contact: Contact
    epso_per_id: Annotated[str, Field(pattern=r"^[0-9]{6,10}$")] | None = None
    cast_function_groups: list[FunctionGroup] = Field(
        default_factory=list, max_length=4,
        description="Function groups in which the candidate is registered in EPSO CAST.")
    languages: list[LanguageSkill] = Field(default_factory=list, max_length=24)
    education: list[Education] = Field(default_factory=list, max_length=20)
    experience: list[Experience] = Field(default_factory=list, max_length=50)
    current_employer_since: date | None = None
    declarations: list[Declaration] = Field(default_factory=list, max_length=10)
    article29_status: Article29Status | None = Field(
        default=None, description="Priority under Article 29 of the Staff Regulations (TA): "
        "Commission official, official of another institution, competition laureate, external.")
    security_clearance: Clearance | None = Field(
        default=None, description="EU SECRET clearance held, or able to be cleared (TA).")
