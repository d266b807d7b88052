"""Agreement: alpha and ICC(2,k) against independent computations of the hand table."""

from __future__ import annotations

import httpx
import pytest
from scipy.stats import f as f_dist

from app.services.panels.agreement import alpha_interval, icc2k
from tests.applications.factories import hr
from tests.panels.helpers import CHAIR, MEMBER_A, Setup, panel
from tests.panels.panel_table import INTERVIEW, PRESELECTION, totals
from tests.panels.scenario import score_interviews

# Shrout & Fleiss (1979), Table 2: six targets rated by four judges; ICC(2,1) = .29,
# ICC(2,4) = .62 as published.
SHROUT_FLEISS = [[9.0, 2.0, 5.0, 8.0], [6.0, 1.0, 3.0, 2.0], [8.0, 4.0, 6.0, 8.0],
                 [7.0, 1.0, 2.0, 6.0], [10.0, 5.0, 6.0, 9.0], [6.0, 2.0, 4.0, 7.0]]


def alpha_by_coincidences(matrix: list[list[float | None]]) -> float:
    """Krippendorff's alpha (interval) from its definition: observed over expected
    disagreement among pairable values, each unit's pairs weighted by 1 / (m_u − 1)."""
    units = [[v for v in column if v is not None] for column in zip(*matrix, strict=True)]
    units = [u for u in units if len(u) >= 2]
    n = sum(len(u) for u in units)
    observed = sum(sum((a - b) ** 2 for i, a in enumerate(u) for j, b in enumerate(u) if i != j)
                   / (len(u) - 1) for u in units) / n
    values = [v for u in units for v in u]
    expected = sum((a - b) ** 2 for i, a in enumerate(values) for j, b in enumerate(values)
                   if i != j) / (n * (n - 1))
    return 1 - observed / expected


def icc_a_k_mcgraw_wong(ratings: list[list[float]]) -> tuple[float, float, float]:
    """ICC(A,k) = ICC(2,k) and its 95 % interval, McGraw & Wong (1996) Table 7, written out
    with plain loops (a different derivation from the service's)."""
    n, k = len(ratings), len(ratings[0])
    grand = sum(map(sum, ratings)) / (n * k)
    row_means = [sum(r) / k for r in ratings]
    col_means = [sum(r[j] for r in ratings) / n for j in range(k)]
    msr = k * sum((m - grand) ** 2 for m in row_means) / (n - 1)
    msc = n * sum((m - grand) ** 2 for m in col_means) / (k - 1)
    sse = sum((ratings[i][j] - row_means[i] - col_means[j] + grand) ** 2
              for i in range(n) for j in range(k))
    mse = sse / ((n - 1) * (k - 1))
    icc_ak = (msr - mse) / (msr + (msc - mse) / n)
    icc_a1 = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    a = k * icc_a1 / (n * (1 - icc_a1))
    b = 1 + k * icc_a1 * (n - 1) / (n * (1 - icc_a1))
    v = (a * msc + b * mse) ** 2 / ((a * msc) ** 2 / (k - 1) + (b * mse) ** 2
                                    / ((n - 1) * (k - 1)))
    fu, fl = f_dist.ppf(0.975, n - 1, v), f_dist.ppf(0.975, v, n - 1)
    low = n * (msr - fu * mse) / (fu * (msc - mse) + n * msr)
    high = n * (fl * msr - mse) / (msc - mse + n * fl * msr)
    return icc_ak, low, high


def test_icc_matches_shrout_and_fleiss() -> None:
    result = icc2k(SHROUT_FLEISS)
    assert result is not None
    assert round(result[0], 2) == 0.62
    expected = icc_a_k_mcgraw_wong(SHROUT_FLEISS)
    assert result[0] == pytest.approx(expected[0])
    assert result[1] == (pytest.approx(expected[1]), pytest.approx(expected[2]))


def test_alpha_handles_missing_and_undefined() -> None:
    assert alpha_interval([[1.0, 2.0], [1.0, None]]) is None  # one pairable unit, no variation
    matrix: list[list[float | None]] = [[1, 2, 3, None], [1, 2, 4, 4], [2, 2, 3, 5]]
    assert alpha_interval(matrix) == pytest.approx(alpha_by_coincidences(matrix))


async def test_agreement_of_both_stages(client: httpx.AsyncClient, auth,
                                        panel_setup: Setup) -> None:
    s = panel_setup
    path = f"/api/v1/calls/{s.call_id}/ranking/agreement"
    pre = (await client.get(path, params={"stage": "preselection"}, headers=hr(auth))).json()
    hand = totals(PRESELECTION, weights=(1, 3))
    assert pre["applications"] == 20 and pre["scorers"] == 3
    assert pre["krippendorff_alpha"] == pytest.approx(alpha_by_coincidences(hand))
    # Member B's abstention leaves a hole: no ICC, and the note says why.
    assert pre["icc2k"] is None and "abstentions" in pre["note"]

    await score_interviews(client, auth, s)
    interview = (await client.get(path, params={"stage": "interview"},
                                  headers=panel(auth, CHAIR))).json()
    hand = totals(INTERVIEW, weights=(1, 1))
    assert interview["applications"] == 10
    assert interview["krippendorff_alpha"] == pytest.approx(alpha_by_coincidences(hand))
    icc, low, high = icc_a_k_mcgraw_wong([list(r) for r in zip(*hand, strict=True)])  # type: ignore[arg-type]
    assert interview["icc2k"] == pytest.approx(icc)
    assert interview["icc2k_ci95"] == [pytest.approx(low), pytest.approx(high)]
    assert (await client.get(path, params={"stage": "interview"},
                             headers=panel(auth, MEMBER_A))).status_code == 403
