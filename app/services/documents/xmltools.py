"""Small, namespace-blind helpers for reading Europass XML, and the code lists it needs."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from app.models.reference import Cefr, DegreeLevel

Element = Any  # an ElementTree element (defusedxml returns the standard library's)


def local(tag: object) -> str:
    """``{namespace}Name`` → ``Name`` (Europass mixes default, hr, oa and eures prefixes)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def children(element: Element | None, name: str) -> Iterator[Element]:
    if element is None:
        return
    for child in element:
        if local(child.tag) == name:
            yield child


def find(element: Element | None, *path: str) -> Element | None:
    """The first element down ``path`` (local names), or None."""
    for name in path:
        element = next(children(element, name), None)
        if element is None:
            return None
    return element


def find_all(element: Element | None, *path: str) -> list[Element]:
    """Every element at the end of ``path`` (local names)."""
    current = [element] if element is not None else []
    for name in path:
        current = [child for parent in current for child in children(parent, name)]
    return current


def text(element: Element | None, *path: str) -> str | None:
    """The stripped text of the element down ``path``; None when absent or blank."""
    found = find(element, *path) if path else element
    if found is None:
        return None
    value = "".join(found.itertext()).strip()
    return value or None


def attribute(element: Element | None, name: str) -> str | None:
    """An attribute by local name (``xml:lang`` and ``lang`` alike)."""
    if element is None:
        return None
    for key, value in element.attrib.items():
        if local(key) == name and str(value).strip():
            return str(value).strip()
    return None


_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def partial_date(year: str | None, month: str | None = None, day: str | None = None, *,
                 end: bool = False) -> date | None:
    """A date stated to the year, month or day; ``end`` picks the last day of the period."""
    try:
        y = int(year) if year else None
        m = int(month.lstrip("-")) if month and month.strip("-") else None
        d = int(day.lstrip("-")) if day and day.strip("-") else None
        if y is None:
            return None
        if m is None:
            return date(y, 12, 31) if end else date(y, 1, 1)
        if d is None:
            return date(y, m, calendar.monthrange(y, m)[1] if end else 1)
        return date(y, m, d)
    except ValueError:
        return None


def iso_date(value: str | None, *, end: bool = False) -> date | None:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD[T...]`` → a date (see ``partial_date``)."""
    match = _DATE.match(value or "")
    if match is None:
        return None
    return partial_date(match.group(1), match.group(2), match.group(3), end=end)


# ISO 639-2 (bibliographic and terminology) and 639-1 codes of the 24 official EU languages.
_ISO639_2 = {
    "bul": "BG", "ces": "CS", "cze": "CS", "dan": "DA", "deu": "DE", "ger": "DE",
    "ell": "EL", "gre": "EL", "eng": "EN", "spa": "ES", "est": "ET", "fin": "FI",
    "fra": "FR", "fre": "FR", "gle": "GA", "hrv": "HR", "hun": "HU", "ita": "IT",
    "lit": "LT", "lav": "LV", "mlt": "MT", "nld": "NL", "dut": "NL", "pol": "PL",
    "por": "PT", "ron": "RO", "rum": "RO", "slk": "SK", "slo": "SK", "slv": "SL",
    "swe": "SV",
}
_ISO639_1_ALIASES = {"gr": "EL", "cz": "CS", "se": "SV", "dk": "DA"}


def language_code(value: str | None) -> str | None:
    """A language code as Europass writes it (ISO 639-1 or 639-2) → ``EN``-style, or None."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    if len(code) == 3:
        return _ISO639_2.get(code)
    if len(code) == 2:
        return _ISO639_1_ALIASES.get(code, code.upper())
    return None


def cefr(value: str | None) -> Cefr | None:
    if not value:
        return None
    try:
        return Cefr(value.strip().upper())
    except ValueError:
        return None


def overall_level(levels: list[Cefr]) -> Cefr | None:
    """One level for a language from its five self-assessed skills: the lowest.

    The lowest, not the most common: "thorough knowledge" (C1) must hold for every skill, and
    the candidate may always state a better level on the form; we never overstate it.
    """
    return min(levels, key=lambda level: level.rank) if levels else None


_DOCTORATE = re.compile(r"\b(ph\.?\s?d|d\.?phil|doctor\w*|doktor\w*|doctorat\w*|dottorato)\b",
                        re.IGNORECASE)
_MASTER = re.compile(r"\b(master\w*|magist\w*|ma[iî]trise|laurea magistrale|mba|ll\.?m|"
                     r"m\.?sc|m\.?eng|m\.?phil|m\.a\.?)(?=\W|$)", re.IGNORECASE)
_MASTER_SHORT = re.compile(r"\bMA\b")
_BACHELOR = re.compile(r"\b(bachelor\w*|licen[cs]\w*|laurea|baccalaur\w*|b\.?sc|b\.?eng|ll\.?b|"
                       r"b\.a\.?)(?=\W|$)", re.IGNORECASE)
_BACHELOR_SHORT = re.compile(r"\bBA\b")


def degree_level(name: str | None, code: str | None = None) -> DegreeLevel | None:
    """The level of a degree: from its EQF/ISCED code (6, 7, 8) or, failing that, its name."""
    by_code = {"6": DegreeLevel.bachelor, "7": DegreeLevel.master, "8": DegreeLevel.doctorate}
    if code and code.strip() in by_code:
        return by_code[code.strip()]
    if not name:
        return None
    if _DOCTORATE.search(name):
        return DegreeLevel.doctorate
    if _MASTER.search(name) or _MASTER_SHORT.search(name):
        return DegreeLevel.master
    if _BACHELOR.search(name) or _BACHELOR_SHORT.search(name):
        return DegreeLevel.bachelor
    return None
