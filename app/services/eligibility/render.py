"""A verdict's message in words: the template in the reader's language, its values filled in.

English is the engine's own wording, byte for byte (ISO dates, "3 years 2 months", plain
numbers): it is what ``reason`` stores. French and German take the template from the
catalogue and format dates, numbers and lengths of time for the locale with babel.
"""

from __future__ import annotations

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.units import format_unit

from app.i18n import DEFAULT, translate
from app.models.eligibility import DateParam, Message, MessageParam, MonthsParam
from app.services.eligibility.durations import format_months, format_requirement


def render(message: Message, language: str = DEFAULT) -> str:
    """``message`` in ``language``; English where the catalogue has no translation."""
    template = translate(message.id, language)
    values = {name: _value(value, language) for name, value in message.params.items()}
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # A translation whose placeholders went wrong (a test guards against it) must not
        # cost the reader the verdict: fall back to the English template.
        return message.id.format(**values)


def _value(value: MessageParam, language: str) -> str:
    if isinstance(value, Message):
        return render(value, language)
    if isinstance(value, DateParam):
        if language == DEFAULT:
            return value.date.isoformat()
        written = format_date(value.date, format="long", locale=language)
        if language == "fr" and value.date.day == 1:
            # French writes the first of the month as an ordinal (CLDR does not): "1er juin".
            written = "1er" + written.removeprefix("1")
        return written
    if isinstance(value, MonthsParam):
        return _months(value, language)
    if isinstance(value, int):
        return str(value) if language == DEFAULT else format_decimal(value, locale=language)
    return value


def _months(value: MonthsParam, language: str) -> str:
    if language == DEFAULT:
        return format_months(value.months) if value.in_years else format_requirement(value.months)
    if not value.in_years:
        return format_unit(value.months, "duration-month", length="long", locale=language)
    years, months = divmod(value.months, 12)
    return (f"{format_unit(years, 'duration-year', length='long', locale=language)} "
            f"{format_unit(months, 'duration-month', length='long', locale=language)}")

