"""Structured eligibility criteria of a call: what the eligibility engine checks."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, model_validator

from app.models.common import InputModel, ShortText
from app.models.reference import (
    Cefr,
    CountryCode,
    Declaration,
    DegreeLevel,
    EmployerType,
    EuLanguage,
    FunctionGroup,
)

Months = Annotated[int, Field(ge=0, le=600)]


class ExperienceRule(InputModel):
    """Minimum professional experience, optionally counted only after the qualifying degree."""

    min_months: Months = Field(description="'At least three years of professional experience': "
                               "36 (calendar months).")
    ad_level_only: bool = Field(
        default=False, description="Count only functions equivalent to function group AD."
    )
    after_degree: DegreeLevel | None = Field(
        default=None, description="Count only experience after this degree (e.g. 'master')."
    )
    fields: list[ShortText] = Field(
        default_factory=list, max_length=30,
        description="Domains the experience must be relevant to ('relevant professional "
                    "experience ... in the relevant domains'): only a panel judges relevance, "
                    "so such a rule is at best unknown.")


class LanguageRule(InputModel):
    """One language at ``main_level`` or better, and another, different one at ``second_level``."""

    main_level: Cefr = Field(default=Cefr.C1, description="'Thorough knowledge of one of the EU "
                             "languages': C1 or better.")
    second_level: Cefr | None = Field(default=Cefr.B2, description="'Satisfactory knowledge of "
                                      "another EU language': B2 or better (null: not asked).")
    main_languages: list[EuLanguage] = Field(
        default_factory=list, max_length=24,
        description="Restrict the main language to these (empty: any EU language).",
    )

    @model_validator(mode="after")
    def _second_not_above_main(self) -> LanguageRule:
        if self.second_level is not None and self.second_level.rank > self.main_level.rank:
            raise ValueError("the second language cannot require a higher level than the main")
        return self


class EducationRule(InputModel):
    """Minimum education: a degree level or a number of years of university studies."""

    min_level: DegreeLevel | None = Field(default=None, description="The degree asked for "
                                          "('Master's degree': master).")
    min_years: Annotated[int, Field(ge=0, le=12)] | None = Field(
        default=None, description="'A level of education which corresponds to completed "
        "university studies of at least three years': 3.")
    fields: list[ShortText] = Field(
        default_factory=list, max_length=30,
        description="Fields of study that count, as printed ('Engineering/Science' is either). "
                    "Empty: any field.")
    other_fields_relevant: bool = Field(
        default=False, description="'or other domain that is deemed relevant': a degree in "
        "another field is then unknown (a panel judges), not not_met.")

    @model_validator(mode="after")
    def _something_required(self) -> EducationRule:
        if self.min_level is None and self.min_years is None:
            raise ValueError("give min_level, min_years, or both")
        return self


class EligibilityCriteria(InputModel):
    """Every criterion a machine can check; ``None`` means the call does not ask for it."""

    experience: ExperienceRule | None = Field(default=None, description="'Professional "
                                              "experience' asked for.")
    min_months_current_employer: Months | None = Field(
        default=None, description="SNE: 'having worked for at least one full year (12 months) "
        "with your current employer': 12.")
    employer_types: list[EmployerType] = Field(
        default_factory=list, max_length=10, description="SNE: 'Employer: a national, "
        "regional or local administration or an intergovernmental organisation'.")
    employer_types_by_derogation: list[EmployerType] = Field(
        default_factory=list, max_length=10, description="SNE: employers accepted 'by "
        "derogation' (public-sector body, university, research institute): a panel decides.")
    languages: LanguageRule | None = Field(default=None, description="'Linguistic skills'.")
    education: EducationRule | None = Field(default=None, description="'Education' asked for.")
    eu_citizenship: bool = Field(default=False, description="'Be a citizen of a Member State "
                                 "of the European Union'.")
    nationalities: list[CountryCode] = Field(
        default_factory=list, max_length=60,
        description="Accepted nationalities besides (or, without eu_citizenship, instead of) EU.",
    )
    cast_function_group: FunctionGroup | None = Field(
        default=None, description="EPSO CAST registration required in this function group."
    )
    declarations: list[Declaration] = Field(
        default_factory=list, max_length=10, description="What the candidate declares on "
        "honour ('have fulfilled any obligations imposed ... concerning military service', "
        "'meet the character requirements').")
    security_clearance: bool = Field(
        default=False, description="EU SECRET clearance held, or able to be cleared."
    )
