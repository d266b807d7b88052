"""Does the panel agree? Krippendorff's alpha (missing scores allowed) and ICC(2,k).

Both are computed on the members' weighted totals as the ranking pipeline produced them.
"""

from __future__ import annotations

import math

from app.models.panels import Stage
from app.models.ranking import Agreement
from app.repositories import ranking as ranking_repo
from app.services import audit
from app.services.context import Ctx
from app.services.panels.ranking import consolidating_call, stage_context

# numpy, scipy and krippendorff are imported where they are used: they are a third of the
# service's memory and most of its start-up time, for a figure staff ask for now and then.

CAUTION = 0.667  # Krippendorff's own line: below it, draw only tentative conclusions
GOOD = 0.8


def alpha_interval(reliability: list[list[float | None]]) -> float | None:
    """Krippendorff's alpha, interval metric; rows are members, columns applications."""
    import krippendorff
    import numpy as np

    data = np.array([[np.nan if v is None else v for v in row] for row in reliability],
                    dtype=float)
    if data.size == 0 or np.count_nonzero(np.sum(~np.isnan(data), axis=0) >= 2) == 0:
        return None
    pairable = data[:, np.sum(~np.isnan(data), axis=0) >= 2]
    if np.nanmax(pairable) == np.nanmin(pairable):
        return None  # no variation at all: agreement is undefined, not perfect
    value = float(krippendorff.alpha(reliability_data=data, level_of_measurement="interval"))
    return None if math.isnan(value) else value


def icc2k(scores: list[list[float]], *, confidence: float = 0.95
          ) -> tuple[float, tuple[float, float]] | None:
    """ICC(2,k) with its confidence interval (Shrout & Fleiss 1979; the interval by the F
    distribution with Satterthwaite's degrees of freedom, as McGraw & Wong 1996).

    ``scores`` is applications × members, complete. ``None`` when it cannot be computed.
    """
    import numpy as np
    from scipy.stats import f as f_dist

    ratings = np.array(scores, dtype=float)
    n, k = ratings.shape
    if n < 2 or k < 2:
        return None
    grand = ratings.mean()
    ss_rows = k * float(((ratings.mean(axis=1) - grand) ** 2).sum())
    ss_cols = n * float(((ratings.mean(axis=0) - grand) ** 2).sum())
    ss_err = float(((ratings - grand) ** 2).sum()) - ss_rows - ss_cols
    msr, msc = ss_rows / (n - 1), ss_cols / (k - 1)
    mse = ss_err / ((n - 1) * (k - 1))
    if mse <= 1e-12 or msr <= 0:
        return None
    single = (msr - mse) / (msr + (k - 1) * mse + k * (msc - mse) / n)
    average = (msr - mse) / (msr + (msc - mse) / n)
    fj = msc / mse
    numerator = (n - 1) * (k - 1) * (k * single * fj + n * (1 + (k - 1) * single)
                                     - k * single) ** 2
    denominator = (n - 1) * k**2 * single**2 * fj**2 + (n * (1 + (k - 1) * single)
                                                        - k * single) ** 2
    v = numerator / denominator
    tail = 1 - (1 - confidence) / 2
    f_upper, f_lower = f_dist.ppf(tail, n - 1, v), f_dist.ppf(tail, v, n - 1)
    low = n * (msr - f_upper * mse) / (f_upper * (k * msc + (k * n - k - n) * mse) + n * msr)
    high = n * (f_lower * msr - mse) / (k * msc + (k * n - k - n) * mse + n * f_lower * msr)
    return average, (low * k / (1 + low * (k - 1)), high * k / (1 + high * (k - 1)))


def _note(alpha: float | None, icc_complete: bool) -> str:
    if alpha is None:
        return "Not enough scores (or no variation at all) to measure agreement."
    if alpha < CAUTION:
        verdict = (f"alpha {alpha:.2f} is below {CAUTION}: the members disagree too much for "
                   "the ranking to be taken at face value; discuss the flagged applications.")
    elif alpha < GOOD:
        verdict = f"alpha {alpha:.2f}: moderate agreement; conclusions are tentative."
    else:
        verdict = f"alpha {alpha:.2f}: the members agree well."
    if not icc_complete:
        verdict += " ICC(2,k) needs every member to score every application (abstentions " \
                   "or missing scores prevent it)."
    return verdict


async def get_agreement(ctx: Ctx, *, call_id: str, stage: Stage) -> Agreement:
    """Agreement statistics of a stage (recruiting unit, HR, panel chair)."""
    call = await consolidating_call(ctx, call_id)
    sc = await stage_context(ctx, call, stage)
    scorers = sc.panel.scorer_subs
    columns: list[dict[str, float]] = []
    async for row in ranking_repo.rows(ctx.db, sc.query):
        if row["r"]["n"]:
            columns.append(ranking_repo.member_totals(row))
    reliability = [[col.get(sub) for col in columns] for sub in scorers]
    alpha = alpha_interval(reliability)
    complete = bool(columns) and all(len(col) == len(scorers) for col in columns)
    icc = icc2k([[col[s] for s in scorers] for col in columns]) if complete else None
    await audit.record(ctx, action=audit.Action.read, resource="panel_agreement",
                       resource_id=call_id, detail=stage.value)
    return Agreement(stage=stage, applications=len(columns), scorers=len(scorers),
                     krippendorff_alpha=alpha, icc2k=icc[0] if icc else None,
                     icc2k_ci95=icc[1] if icc else None, note=_note(alpha, complete))
