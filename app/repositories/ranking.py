"""The ranking of a stage: one aggregation pipeline over scorecards, declarations, applications.

The database groups every submitted scorecard per application (the members' weighted totals),
averages them, counts abstentions (each member's newest declaration), averages the knock-out
criteria from the raw scores and orders the rows (Article 29 group, then mean). No scorecard
reaches Python: each sorted row arrives with its few member totals, from which the rank with
ties (a running counter), the median, the spread and the flags are read as it streams by.
A scorecard's weighted total is computed once, when it is submitted; the stage's grid is
frozen from then on.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
from collections.abc import AsyncIterator, Mapping
from dataclasses import dataclass, replace
from typing import Any, cast

from bson import ObjectId
from bson.errors import InvalidId
from pymongo.asynchronous.command_cursor import AsyncCommandCursor

from app.db import Db
from app.errors import BadRequest
from app.models.panels import Stage
from app.models.scoring import StageGrid
from app.models.stored_more import RankFiguresDoc, RankingRowDoc
from app.repositories.panel_applications import BEFORE_PANEL

ARTICLE29_PRIORITY = ["commission_official", "other_institution_official",
                      "competition_laureate"]
DIGITS = 6  # totals are compared at this precision, so float noise never splits a tie


@dataclass(frozen=True)
class RankingQuery:
    call_id: ObjectId
    stage: Stage
    grid: StageGrid
    scorers: list[str]
    article29: bool
    waiting_statuses: tuple[str, ...]


@dataclass(frozen=True)
class Position:
    """Where a page ended: the last row's sort values, rank and place in the ranking."""

    application_id: ObjectId | None = None
    group: int = 0  # Article 29: 0 for the priority group, 1 for the others
    mean: float | None = None
    rank: int = 0
    place: int = 0

    @property
    def tie(self) -> tuple[int, float] | None:
        """What equal ranks share: the group and the mean at the compared precision."""
        return None if self.mean is None else (self.group, round(self.mean, DIGITS))


class RankedRow(RankingRowDoc):
    """A row as ``rows`` yields it: the pipeline's, with its figures and its place."""

    r: RankFiguresDoc
    position: Position


def encode_position(position: Position) -> str:
    raw = json.dumps([str(position.application_id), position.group, position.mean,
                      position.rank, position.place]).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_position(cursor: str) -> Position:
    try:
        oid, group, mean, rank, place = json.loads(
            base64.urlsafe_b64decode(cursor.encode() + b"=="))
        return Position(application_id=ObjectId(oid), group=int(group),
                        mean=None if mean is None else float(mean), rank=int(rank),
                        place=int(place))
    except (binascii.Error, InvalidId, ValueError, TypeError, UnicodeDecodeError):
        raise BadRequest("The cursor is not one this service issued.") from None


def _after(position: Position, article29: bool) -> dict[str, Any]:
    """Rows after ``position`` in the ranking's order (group, mean descending, id)."""
    oid = position.application_id
    if position.mean is None:  # among the unscored, last
        within: dict[str, Any] = {"mean": None, "_id": {"$gt": oid}}
    else:
        within = {"$or": [{"mean": {"$lt": position.mean}},
                          {"mean": position.mean, "_id": {"$gt": oid}}, {"mean": None}]}
    if not article29:
        return within
    return {"$or": [{"info.pg": {"$gt": position.group}},
                    {"$and": [{"info.pg": position.group}, within]}]}


def _knockouts(grid: StageGrid) -> list[tuple[str, float]]:
    return [(c.id, c.knockout_min) for c in grid.criteria if c.knockout_min is not None]


def pipeline(q: RankingQuery, *, after: Position | None = None, limit: int | None = None
             ) -> list[dict[str, Any]]:
    """The whole ranking of a stage, optionally from a cursor position and limited.

    Scorecards, the newest conflict declaration per member, and the applications before the
    panel are unioned and grouped per application; accumulators that skip missing values keep
    each kind of document to its own fields.
    """
    knockouts = _knockouts(q.grid)
    priority = {"$cond": [{"$in": ["$profile.article29_status", ARTICLE29_PRIORITY]}, 0, 1]}
    stages: list[dict[str, Any]] = [
        {"$match": {"call_id": q.call_id, "stage": q.stage.value, "status": "submitted",
                    "member_sub": {"$in": q.scorers}}},
        {"$unionWith": {"coll": "conflict_declarations", "pipeline": [
            {"$match": {"call_id": q.call_id, "member_sub": {"$in": q.scorers}}},
            {"$sort": {"_id": -1}},
            {"$group": {"_id": {"a": "$application_id", "m": "$member_sub"},
                        "kind": {"$first": "$kind"}}},
            {"$match": {"kind": "conflict"}},
            {"$project": {"_id": 0, "application_id": "$_id.a", "abst": {"$literal": 1}}},
        ]}},
        {"$unionWith": {"coll": "applications", "pipeline": [
            {"$match": {"call_id": q.call_id, **BEFORE_PANEL}},
            {"$project": {"_id": 0, "application_id": "$_id", "info": {
                "st": "$status", "fn": "$profile.first_name", "ln": "$profile.last_name",
                "ck": "$candidate_key", **({"pg": priority} if q.article29 else {})}}},
        ]}},
        {"$group": {"_id": "$application_id",
                    "ts": {"$push": "$weighted_total"}, "ms": {"$push": "$member_sub"},
                    "mean": {"$avg": "$weighted_total"}, "abst": {"$sum": "$abst"},
                    "info": {"$mergeObjects": "$info"},
                    **{f"ko_{cid}": {"$avg": f"$scores.{cid}"} for cid, _ in knockouts}}},
        # Before the panel, and scored at this stage or still waiting for it.
        {"$match": {"info.st": {"$exists": True},
                    "$or": [{"ts.0": {"$exists": True}},
                            {"info.st": {"$in": list(q.waiting_statuses)}}]}},
        # The Article 29 priority group first, then the mean, best first (unscored, null, last);
        # ties in application-id order, so cursor pages never skip or repeat a row.
        {"$sort": {**({"info.pg": 1} if q.article29 else {}), "mean": -1, "_id": 1}},
    ]
    if after is not None and after.application_id is not None:
        stages.append({"$match": _after(after, q.article29)})
    if limit is not None:
        stages.append({"$limit": limit})
    return stages


def member_totals(row: RankingRowDoc) -> dict[str, float]:
    """Each scorer's weighted total in a ranking row."""
    return {str(m): float(t) for m, t in zip(row["ms"], row["ts"], strict=True)}


def _median(ordered: list[float]) -> float | None:
    n = len(ordered)
    if not n:
        return None
    return ordered[n // 2] if n % 2 else (ordered[n // 2 - 1] + ordered[n // 2]) / 2


def knockout_mean(row: RankingRowDoc, criterion_id: str) -> float | None:
    """The mean of a knock-out criterion in a row (``ko_<id>``: a key its type cannot name)."""
    means: Mapping[str, object] = row
    mean = means.get(f"ko_{criterion_id}")
    return None if mean is None else float(cast(float, mean))


def figures(row: RankingRowDoc, grid: StageGrid, rank: int) -> RankFiguresDoc:
    """What a row's few member totals say, beside what the pipeline computed.

    The pipeline groups, averages, counts abstentions, averages knock-out criteria and sorts;
    the median, spread, standard deviation and the flags that follow from them are read off
    the row's member totals (at most one per panel member) as each row streams by. On the
    embedded database every pipeline expression is interpreted per row, and these would double
    the ranking's cost (bench/ranking.py).
    """
    totals = sorted(float(t) for t in row["ts"])
    n = len(totals)
    score = None if row["mean"] is None else round(float(row["mean"]), DIGITS)
    spread = max(totals) - min(totals) if n else None
    ko_failed = [cid for cid, minimum in _knockouts(grid)
                 if n and (ko_mean := knockout_mean(row, cid)) is not None and ko_mean < minimum]
    return {
        "n": n, "score": score, "spread": spread, "ko_failed": ko_failed,
        "median": _median(totals),
        "sd": math.sqrt(sum((t - sum(totals) / n) ** 2 for t in totals) / n) if n else None,
        "discuss": n > 1 and spread is not None and round(spread, DIGITS) > grid.spread_threshold,
        "passed": score is not None and score >= grid.pass_threshold and not ko_failed,
        "rank": rank if n else None,
    }


async def rows(db: Db, q: RankingQuery, *, after: Position | None = None,
               limit: int | None = None) -> AsyncIterator[RankedRow]:
    """The ranking's rows, best first, each with its figures and rank (``row["r"]``).

    The rank with ties is counted as the sorted rows stream by: equal means (to 6 decimals,
    within the same Article 29 group) share the rank, the next takes its place number
    (1, 1, 3). A page resumes the count from its cursor.
    """
    position = after or Position()
    # The pipeline's rows, typed (the one cast; "r" and "position" are set before a row leaves).
    cursor = cast("AsyncCommandCursor[RankedRow]", await db["scorecards"].aggregate(
        pipeline(q, after=after, limit=limit)))
    async for row in cursor:
        place = position.place + 1
        here = Position(application_id=row["_id"], group=int(row["info"].get("pg") or 0),
                        mean=row.get("mean"), place=place)
        tied = here.tie is not None and here.tie == position.tie
        position = replace(here, rank=position.rank if tied else place)
        row["r"] = figures(row, q.grid, position.rank)
        row["position"] = position
        yield row


async def read_scorecards_once(db: Db, *, call_id: ObjectId, stage: Stage) -> int:
    """Read every submitted scorecard of a stage (the benchmark's baseline)."""
    count = 0
    async for _ in db["scorecards"].find({"call_id": call_id, "stage": stage.value,
                                          "status": "submitted"}):
        count += 1
    return count
