"""How the engine words its reasons: message templates, the fixed phrases and their codes.

A reason is a ``Message``: a template (the English text with ``{named}`` placeholders, which is
also its message id in ``app/locales/*.po``) and the values of its placeholders. Every template
is declared with ``template()`` (here, or next to the check that uses it), which records it in
``TEMPLATES``: the catalogue test finds every id the engine can emit without a hand-kept list.
``result()`` stores the message and its English rendering (``reason``), so a verdict reads
the same in English as it always did.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from app.models.eligibility import (
    Criterion,
    CriterionResult,
    DateParam,
    Message,
    MessageParam,
    MonthsParam,
    Outcome,
)
from app.models.reference import Declaration, DegreeLevel, EmployerType
from app.services.eligibility.render import render

TEMPLATES: set[str] = set()


def template(text: str) -> str:
    """Declare ``text`` as a message id the engine may emit (the catalogues must have it)."""
    TEMPLATES.add(text)
    return text


def msg(text: str, **params: MessageParam | date) -> Message:
    """A message of a declared template; a ``date`` value becomes a ``DateParam``."""
    assert text in TEMPLATES, text
    return Message(id=text, params={name: _param(value) for name, value in params.items()})


def months(count: int) -> MonthsParam:
    """A length of time written in years and months: ``38`` → 3 years 2 months."""
    return MonthsParam(months=count)


def month_count(count: int) -> MonthsParam:
    """A length of time written in months: ``36`` → 36 months."""
    return MonthsParam(months=count, in_years=False)


# Ways of joining parts, templates too (French puts a space before ';').
SEMICOLON = template("{first}; {second}")
COMMA = template("{first}, {second}")
PARENTHESES = template("{subject} ({notes})")


def joined(parts: Sequence[MessageParam | date], how: str = COMMA) -> MessageParam:
    """``parts`` joined by ``how`` (``COMMA`` or ``SEMICOLON``), as one parameter; "" if none."""
    if not parts:
        return ""
    first = _param(parts[0])
    for part in parts[1:]:
        first = msg(how, first=first, second=part)
    return first


def _param(value: MessageParam | date) -> MessageParam:
    return DateParam(date=value) if isinstance(value, date) else value


_DEGREE_NAMES = {
    DegreeLevel.secondary: template("secondary education diploma"),
    DegreeLevel.post_secondary: template("post-secondary diploma"),
    DegreeLevel.bachelor: template("Bachelor's degree"),
    DegreeLevel.master: template("Master's degree"),
    DegreeLevel.doctorate: template("doctorate"),
}
EMPLOYER_TYPE_NAMES = {
    EmployerType.national_administration: template("national administration"),
    EmployerType.regional_administration: template("regional administration"),
    EmployerType.local_administration: template("local administration"),
    EmployerType.igo: template("international intergovernmental organisation"),
    EmployerType.public_sector_body: template("public-sector body"),
    EmployerType.university: template("university"),
    EmployerType.research_institute: template("research institute"),
    EmployerType.eu_institution: template("EU institution"),
    EmployerType.private_sector: template("private sector"),
    EmployerType.other: template("other employer"),
}
DECLARATION_NAMES = {
    Declaration.military_service: template("military-service obligations met"),
    Declaration.character_references: template("character references"),
    Declaration.physical_fitness: template("physically fit"),
    Declaration.full_rights_as_citizen: template("full rights as a citizen"),
}

# Human judgement: the notice leaves these to people, so the engine says unknown and why.
NEEDS_PANEL = template("needs a panel's judgement of relevance")
NEEDS_DEROGATION = template("needs a derogation")
CAST_NOT_VERIFIED = template("declared, not yet verified against a CAST import")
CLEARANCE_NOT_VETTED = template("able to be cleared: only the security vetting can confirm it")
# Missing or contradictory data.
NO_FIELD = template("the degree's field of study is not given")
NO_DEGREE_DATE = template("the degree's completion date is not given")
NO_FUNCTION_LEVEL = template("the function level of a job is not given")
NO_EMPLOYER_TYPE = template("the type of the current employer is not given")
EMPLOYER_SINCE_CONTRADICTS = template("current_employer_since contradicts the job marked current")
SEVERAL_CURRENT_EMPLOYERS = template("several jobs are current; give current_employer_since")

CODES = {
    NEEDS_PANEL: "needs_panel_judgement",
    NEEDS_DEROGATION: "needs_derogation",
    CAST_NOT_VERIFIED: "cast_not_verified",
    CLEARANCE_NOT_VETTED: "clearance_not_vetted",
    NO_FIELD: "missing_degree_field",
    NO_DEGREE_DATE: "missing_degree_date",
    NO_FUNCTION_LEVEL: "missing_function_level",
    NO_EMPLOYER_TYPE: "missing_employer_type",
    EMPLOYER_SINCE_CONTRADICTS: "employer_since_contradiction",
    SEVERAL_CURRENT_EMPLOYERS: "several_current_employers",
}


def degree_name(level: DegreeLevel) -> Message:
    """``master`` → the words "Master's degree"."""
    return msg(_DEGREE_NAMES[level])


def result(criterion: Criterion, outcome: Outcome, reason: Message,
           evidence: Sequence[Message | str], *, because: str | None = None) -> CriterionResult:
    """One criterion's result; ``because`` (a constant above) gives the reason its code."""
    return CriterionResult(criterion=criterion, outcome=outcome, reason=render(reason),
                           evidence=[render(e) if isinstance(e, Message) else e
                                     for e in evidence],
                           code=CODES.get(because) if because is not None else None,
                           message=reason, evidence_messages=list(evidence))
