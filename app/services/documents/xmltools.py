"""Small, namespace-blind helpers for reading Europass XML, and the code lists it needs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from app.models.europass import PartialDate
from app.models.reference import Cefr, DegreeLevel, iso_language

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


def normalise(value: str | None) -> str | None:
    """Runs of whitespace (editors wrap and indent long values) become one space."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def text(element: Element | None, *path: str) -> str | None:
    """The whitespace-normalised text of the element down ``path``; None when absent or blank."""
    found = find(element, *path) if path else element
    if found is None:
        return None
    return normalise("".join(found.itertext()))


def first_text(element: Element | None, *paths: tuple[str, ...]) -> str | None:
    """The text of the first of ``paths`` that has some."""
    for path in paths:
        value = text(element, *path)
        if value:
            return value
    return None


def attribute(element: Element | None, name: str) -> str | None:
    """An attribute by local name (``xml:lang`` and ``lang`` alike), normalised."""
    if element is None:
        return None
    for key, value in element.attrib.items():
        if local(key) == name:
            found = normalise(str(value))
            if found:
                return found
    return None


def is_true(value: str | None) -> bool:
    return (value or "").strip().lower() in ("true", "1")


def partial_date(value: str | None) -> PartialDate | None:
    """A BR-COM-06 date (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``, ``YYYY-MM-DDThh:mm:ss``)."""
    if not value:
        return None
    try:
        return PartialDate.model_validate(value)
    except ValidationError:
        return None


def v3_partial_date(year: str | None, month: str | None, day: str | None) -> PartialDate | None:
    """v3's XSD parts: ``year="2010" month="--03" day="---15"``."""
    try:
        return PartialDate(
            year=int(year or ""),
            month=int(month.strip().lstrip("-")) if month and month.strip("- ") else None,
            day=int(day.strip().lstrip("-")) if day and day.strip("- ") else None)
    except (ValueError, ValidationError):
        return None


# Country codes misused as language codes by some writers; none is an ISO 639-1 code.
_LANGUAGE_ALIASES = {"gr": "EL", "cz": "CS", "dk": "DA"}


def language_code(value: str | None) -> str | None:
    """A language as a CV writes it (ISO 639-1/2/3, ``en-GB``, any case) → ``EN``-style."""
    if not value:
        return None
    code = value.strip().lower().replace("_", "-").split("-")[0]
    return _LANGUAGE_ALIASES.get(code) or iso_language(code)


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


@dataclass(frozen=True)
class LevelCode:
    """An education level code: its list (EQF or ISCED 2011) and its number."""

    scheme: str
    number: int

    def __str__(self) -> str:
        return f"{self.scheme} {self.number}"


_LEVEL = re.compile(r"^(eqf|isced)?[\s_:-]*(?:level[\s_:-]*)?([0-8])$")


def level_code(value: str | None, *, list_name: str | None = None,
               list_uri: str | None = None) -> LevelCode | None:
    """``6``, ``EQF-5``, ``eqf5``, ``ISCED 7`` or a URI ending ``/eqf/5``; the list comes
    from the code, else ``listName``/``listURI``, else EQF (its 5–8 are ISCED 2011's)."""
    if not value:
        return None
    code = value.strip().lower()
    context = " ".join(filter(None, (list_name, list_uri))).lower()
    if "/" in code:
        context += " " + code
        code = code.rstrip("/").rsplit("/", 1)[-1]
    match = _LEVEL.match(code)
    if match is None:
        return None
    scheme = match.group(1) or ("isced" if "isced" in context else "eqf")
    return LevelCode(scheme.upper(), int(match.group(2)))


# EQF 3–4 and ISCED 3 are upper secondary; EQF 5 and ISCED 4–5 lie between it and a bachelor.
_EQF = {3: DegreeLevel.secondary, 4: DegreeLevel.secondary, 5: DegreeLevel.post_secondary,
        6: DegreeLevel.bachelor, 7: DegreeLevel.master, 8: DegreeLevel.doctorate}
_ISCED = {3: DegreeLevel.secondary, 4: DegreeLevel.post_secondary,
          5: DegreeLevel.post_secondary, 6: DegreeLevel.bachelor, 7: DegreeLevel.master,
          8: DegreeLevel.doctorate}


def degree_of_code(code: LevelCode) -> DegreeLevel | None:
    """The profile's level for a code; None below upper secondary (the profile has none)."""
    return (_ISCED if code.scheme == "ISCED" else _EQF).get(code.number)


_DOCTORATE = re.compile(r"\b(ph\.?\s?d|d\.?phil|doctor\w*|doktor\w*|doctorat\w*|dottorato)\b",
                        re.IGNORECASE)
_MASTER = re.compile(r"\b(master\w*|magist\w*|ma[iî]trise|laurea magistrale|mba|ll\.?m|"
                     r"m\.?sc|m\.?eng|m\.?phil|m\.a\.?)(?=\W|$)", re.IGNORECASE)
_MASTER_SHORT = re.compile(r"\bMA\b")
_BACHELOR = re.compile(r"\b(bachelor\w*|licen[cs]\w*|laurea|baccalaur\w*|b\.?sc|b\.?eng|ll\.?b|"
                       r"b\.a\.?)(?=\W|$)", re.IGNORECASE)
_BACHELOR_SHORT = re.compile(r"\bBA\b")


def degree_level(name: str | None, code: str | None = None) -> DegreeLevel | None:
    """The level of a degree: from its EQF/ISCED code or, failing that, its name."""
    parsed = level_code(code)
    if parsed is not None and (by_code := degree_of_code(parsed)) is not None:
        return by_code
    if not name:
        return None
    if _DOCTORATE.search(name):
        return DegreeLevel.doctorate
    if _MASTER.search(name) or _MASTER_SHORT.search(name):
        return DegreeLevel.master
    if _BACHELOR.search(name) or _BACHELOR_SHORT.search(name):
        return DegreeLevel.bachelor
    return None
