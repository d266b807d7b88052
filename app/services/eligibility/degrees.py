"""Which declared degrees count on the reference date, and whether their field is relevant."""

from __future__ import annotations

from datetime import date

from app.models.eligibility import Message, Outcome
from app.models.profile import Education
from app.services.eligibility.wording import NEEDS_PANEL, NO_DEGREE_DATE, NO_FIELD, msg, template

_NOT_LISTED = template("not a listed field")
_TOO_LATE = template("completed after {date}: does not count")


def _normal(text: str) -> str:
    return " ".join(text.lower().replace("&", "and").split())


def field_names(fields: list[str]) -> set[str]:
    """The listed fields, normalised; 'Engineering/Science' names both fields and itself."""
    names: set[str] = set()
    for printed in fields:
        names.add(_normal(printed))
        names.update(_normal(part) for part in printed.split("/") if part.strip())
    return names


def field_verdict(degree: Education, fields: list[str],
                  others_relevant: bool) -> tuple[Outcome, Message | None]:
    """met: a listed field (or none listed); unknown: no field given, or another field the
    notice leaves to a panel ("or other domain that is deemed relevant"); else not_met.

    Only an exact (case- and spacing-insensitive) match is met: "History of Science" is not
    "Science", and a wrong met is worse than an honest unknown.
    """
    if not fields:
        return Outcome.met, None
    if degree.field is None:
        return Outcome.unknown, msg(NO_FIELD)
    if _normal(degree.field) in field_names(fields):
        return Outcome.met, None
    if others_relevant:
        return Outcome.unknown, msg(NEEDS_PANEL)
    return Outcome.not_met, msg(_NOT_LISTED)


def date_verdict(degree: Education, as_of: date) -> tuple[Outcome, Message | None]:
    """A degree counts once completed on or before ``as_of``; an undated one may count."""
    if degree.completed_on is None:
        return Outcome.unknown, msg(NO_DEGREE_DATE)
    if degree.completed_on > as_of:
        return Outcome.not_met, msg(_TOO_LATE, date=as_of)
    return Outcome.met, None
