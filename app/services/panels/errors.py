"""The panels' errors, each with a stable machine code (rendered as problem+json)."""

from __future__ import annotations

from app.errors import Conflict, Forbidden, NotFound, Unprocessable


class NoPanel(NotFound):
    code = "no-panel"


class ChairOnly(Forbidden):
    code, title = "chair-only", "Panel chair only"


class DeclarationRequired(Forbidden):
    code, title = "declaration-required", "Conflict declaration required"


class Conflicted(Forbidden):
    code, title = "conflict-of-interest", "Conflict of interest declared"


class NotAScorer(Forbidden):
    code, title = "not-a-scorer", "Only the chair and members score"


class ScoringStarted(Conflict):
    code, title = "scoring-started", "Scoring has started"


class GridFrozen(Conflict):
    code, title = "grid-frozen", "The stage's grid is frozen"


class StageSignedOff(Conflict):
    code, title = "stage-signed-off", "The stage is signed off"


class ScorecardSubmitted(Conflict):
    code, title = "scorecard-submitted", "The scorecard is submitted"


class NotInStage(Conflict):
    code, title = "not-in-stage", "The application is not at this stage"


class InvalidScores(Unprocessable):
    code, title = "invalid-scores", "Invalid scores"
