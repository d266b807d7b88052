"""Countries and languages are real codes: ISO 3166 / ISO 639 (pycountry) plus the EU's
conventions ("EL (Greek)" in the notices' list of "the 24 official languages of the EU")."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter, ValidationError

from app.models.profile import LanguageSkill
from app.models.reference import CountryCode

COUNTRY: TypeAdapter[str] = TypeAdapter(CountryCode)


@pytest.mark.parametrize(("given", "stored"), [
    pytest.param("PT", "PT", id="iso"),
    pytest.param("pt", "PT", id="lower-case"),
    pytest.param("EL", "GR", id="eu-greece-is-gr"),
    pytest.param("UK", "GB", id="eu-united-kingdom-is-gb"),
    pytest.param("NO", "NO", id="efta"),
])
def test_country_codes_normalise(given: str, stored: str) -> None:
    assert COUNTRY.validate_python(given) == stored


@pytest.mark.parametrize("given", ["XX", "ZZ", "GRC", "G", "É1"])
def test_unknown_country_codes_are_refused(given: str) -> None:
    with pytest.raises(ValidationError):
        COUNTRY.validate_python(given)


def test_greek_stays_el_as_a_language() -> None:
    assert LanguageSkill.model_validate({"language": "el", "level": "C1"}).language == "EL"
