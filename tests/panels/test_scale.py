"""A scoring criterion's scale is checked without crashing on extreme steps."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from app.models.scoring import ScoringCriterion


def test_a_step_too_small_to_count_is_refused_not_a_crash() -> None:
    # Found by schemathesis: (max - min) / 5e-324 is infinite, and round(inf) raised
    # OverflowError, a 500 instead of a 422.
    with pytest.raises(ValidationError, match="whole number of steps"):
        ScoringCriterion(id="motivation", label="Motivation", weight=1, scale_min=0,
                         scale_max=5, step=5e-324)
