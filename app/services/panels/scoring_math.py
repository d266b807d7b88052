"""Pure arithmetic of the grid: a scorecard's weighted total, and score validation."""

from __future__ import annotations

from app.models.scoring import StageGrid, on_step


def weighted_total(grid: StageGrid, scores: dict[str, float]) -> float:
    """0–100: each criterion's score mapped onto 0–1 of its scale, weighted, averaged."""
    weight = sum(c.weight for c in grid.criteria)
    total = sum(c.weight * (scores[c.id] - c.scale_min) / (c.scale_max - c.scale_min)
                for c in grid.criteria)
    return total / weight * 100


def score_errors(grid: StageGrid, scores: dict[str, float], *, complete: bool
                 ) -> list[dict[str, object]]:
    """Problems with ``scores`` as ``{loc, msg}``; every criterion is required when
    ``complete``."""
    criteria = {c.id: c for c in grid.criteria}
    errors: list[dict[str, object]] = []
    for cid, value in scores.items():
        criterion = criteria.get(cid)
        if criterion is None:
            errors.append({"loc": ["body", "scores", cid],
                           "msg": "not a criterion of this stage: " + ", ".join(criteria)})
        elif not criterion.scale_min <= value <= criterion.scale_max:
            errors.append({"loc": ["body", "scores", cid],
                           "msg": f"out of scale {criterion.scale_min:g}–"
                                  f"{criterion.scale_max:g}"})
        elif not on_step(value, criterion.scale_min, criterion.step):
            errors.append({"loc": ["body", "scores", cid],
                           "msg": f"not on the scale's step of {criterion.step:g} from "
                                  f"{criterion.scale_min:g}"})
    if complete:
        errors.extend({"loc": ["body", "scores", cid], "msg": "Field required"}
                      for cid in criteria if cid not in scores)
    return errors
