"""Languages are any ISO 639 language, in the EU's style; eligibility counts only the EU's 24."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from app.models.criteria import LanguageRule
from app.models.eligibility import Outcome
from app.models.profile import LanguageSkill
from app.models.reference import Cefr
from app.services.eligibility import evaluate
from tests.eligibility.factories import criteria, profile


@pytest.mark.parametrize(("written", "stored"), [
    ("en", "EN"), ("EN", "EN"), ("eng", "EN"), ("el", "EL"), ("ell", "EL"), ("gre", "EL"),
    ("fre", "FR"), ("ara", "AR"), ("ar", "AR"), ("yue", "YUE"), ("tlh", "TLH"),
])
def test_any_iso_639_language_is_written_in_the_eu_style(written: str, stored: str) -> None:
    assert LanguageSkill(language=written, level=Cefr.B2).language == stored


@pytest.mark.parametrize("written", ["xx", "GR", "und", "mul", "english", "e1", ""])
def test_an_unknown_language_code_is_refused(written: str) -> None:
    with pytest.raises(ValidationError):
        LanguageSkill(language=written, level=Cefr.B2)


def test_a_mother_tongue_is_flagged() -> None:
    skill = LanguageSkill(language="ara", level=Cefr.C2, mother_tongue=True)
    assert (skill.language, skill.level, skill.mother_tongue) == ("AR", Cefr.C2, True)
    assert LanguageSkill(language="EN", level=Cefr.B1).mother_tongue is False


def test_eligibility_counts_only_the_eu_languages() -> None:
    """Arabic at C2 is the candidate's, but no EU language: EN C1 alone does not meet C1 + B2."""
    verdict = evaluate(
        criteria=criteria(languages=LanguageRule(main_level=Cefr.C1, second_level=Cefr.B2)),
        profile=profile(languages=[
            LanguageSkill(language="ara", level=Cefr.C2, mother_tongue=True),
            LanguageSkill(language="EN", level=Cefr.C1)]),
        as_of=date(2024, 6, 1))
    [result] = verdict.results
    assert result.outcome is Outcome.not_met
    evidence = " ".join(result.evidence)
    assert "AR C2" not in evidence  # not counted at its level...
    assert "AR: not an official EU language, not counted" in evidence  # ...and the verdict says so
