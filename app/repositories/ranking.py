"""The ranking of a stage: one aggregation pipeline over scorecards, declarations, applications.

Everything per application is computed by the database: each member's weighted total from the
raw scores (the grid enters the pipeline as constants), mean, median, spread, standard
deviation, knock-outs, abstentions, pass/fail, and the rank with ties ($rank over one sort
key). Python only pages through the result.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from bson import ObjectId
from bson.errors import InvalidId

from app.db import Db, Document
from app.errors import BadRequest
from app.models.panels import Stage
from app.models.scoring import StageGrid
from app.repositories.panel_applications import BEFORE_PANEL

ARTICLE29_PRIORITY = ["commission_official", "other_institution_official",
                      "competition_laureate"]
UNSCORED_KEY = 1_000_000.0
DIGITS = 6  # totals are compared at this precision, so float noise never splits a tie


@dataclass(frozen=True)
class RankingQuery:
    call_id: ObjectId
    stage: Stage
    grid: StageGrid
    scorers: list[str]
    article29: bool
    waiting_statuses: tuple[str, ...]


def encode_position(key: float, application_id: ObjectId) -> str:
    raw = json.dumps([key, str(application_id)]).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def decode_position(cursor: str) -> tuple[float, ObjectId]:
    try:
        key, oid = json.loads(base64.urlsafe_b64decode(cursor.encode() + b"=="))
        return float(key), ObjectId(oid)
    except (binascii.Error, InvalidId, ValueError, TypeError, UnicodeDecodeError):
        raise BadRequest("The cursor is not one this service issued.") from None


def weighted_total_expr(grid: StageGrid) -> dict[str, Any]:
    """The same arithmetic as ``scoring_math.weighted_total``, in the same order."""
    weight = sum(c.weight for c in grid.criteria)
    terms = [{"$divide": [{"$multiply": [c.weight, {"$subtract": [f"$scores.{c.id}",
                                                                   c.scale_min]}]},
                          c.scale_max - c.scale_min]} for c in grid.criteria]
    return {"$multiply": [{"$divide": [{"$add": terms}, weight]}, 100]}


def _knockouts(grid: StageGrid) -> list[tuple[str, float]]:
    return [(c.id, c.knockout_min) for c in grid.criteria if c.knockout_min is not None]


def _median(sorted_field: str, n: str) -> dict[str, Any]:
    half = {"$toInt": {"$floor": {"$divide": [n, 2]}}}
    upper = {"$arrayElemAt": [sorted_field, half]}
    lower = {"$arrayElemAt": [sorted_field, {"$subtract": [half, 1]}]}
    return {"$cond": [{"$eq": [n, 0]}, None,
                      {"$cond": [{"$eq": [{"$mod": [n, 2]}, 1]}, upper,
                                 {"$divide": [{"$add": [lower, upper]}, 2]}]}]}


def pipeline(q: RankingQuery, *, after: tuple[float, ObjectId] | None = None,
             limit: int | None = None) -> list[dict[str, Any]]:
    """The whole ranking of a stage, optionally from a cursor position and limited."""
    grid, knockouts = q.grid, _knockouts(q.grid)
    priority: Any = ({"$cond": [{"$in": ["$profile.article29_status", ARTICLE29_PRIORITY]},
                                0, 1]} if q.article29 else {"$literal": 0})
    missing_t = {"$eq": [{"$type": "$t"}, "missing"]}
    group: dict[str, Any] = {
        "_id": "$a",
        "cards": {"$push": {"$cond": [missing_t, None, {"m": "$m", "t": "$t"}]}},
        "n": {"$sum": {"$cond": [missing_t, 0, 1]}},
        "mean": {"$avg": "$t"}, "mx": {"$max": "$t"}, "mn": {"$min": "$t"},
        "sd": {"$stdDevPop": "$t"}, "abst": {"$sum": {"$ifNull": ["$abst", 0]}},
        "st": {"$max": "$st"}, "waiting": {"$max": "$waiting"}, "pg": {"$max": "$pg"},
        "fn": {"$max": "$fn"}, "ln": {"$max": "$ln"}, "ck": {"$max": "$ck"},
        **{f"ko_{cid}": {"$avg": f"$k.{cid}"} for cid, _ in knockouts},
    }
    ko_failed = {"$filter": {"input": [
        {"$cond": [{"$and": [{"$gt": ["$n", 0]}, {"$lt": [f"$ko_{cid}", minimum]}]}, cid, None]}
        for cid, minimum in knockouts], "cond": {"$ne": ["$$this", None]}}}
    stages: list[dict[str, Any]] = [
        {"$match": {"call_id": q.call_id, "stage": q.stage.value, "status": "submitted",
                    "member_sub": {"$in": q.scorers}}},
        {"$project": {"_id": 0, "a": "$application_id", "m": "$member_sub",
                      "t": weighted_total_expr(grid),
                      **({"k": {cid: f"$scores.{cid}" for cid, _ in knockouts}}
                         if knockouts else {})}},
        {"$unionWith": {"coll": "conflict_declarations", "pipeline": [
            {"$match": {"call_id": q.call_id, "member_sub": {"$in": q.scorers}}},
            {"$sort": {"_id": -1}},
            {"$group": {"_id": {"a": "$application_id", "m": "$member_sub"},
                        "kind": {"$first": "$kind"}}},
            {"$match": {"kind": "conflict"}},
            {"$project": {"_id": 0, "a": "$_id.a", "abst": {"$literal": 1}}},
        ]}},
        {"$unionWith": {"coll": "applications", "pipeline": [
            {"$match": {"call_id": q.call_id, **BEFORE_PANEL}},
            {"$project": {"_id": 0, "a": "$_id", "st": "$status", "pg": priority,
                          "waiting": {"$in": ["$status", list(q.waiting_statuses)]},
                          "fn": "$profile.first_name", "ln": "$profile.last_name",
                          "ck": "$candidate_key"}},
        ]}},
        {"$group": group},
        {"$match": {"st": {"$ne": None},
                    # scored at this stage, or still waiting for it
                    "$or": [{"n": {"$gt": 0}}, {"waiting": True}]}},
        {"$set": {"cards": {"$filter": {"input": "$cards", "cond": {"$ne": ["$$this", None]}}},
                  "score": {"$cond": [{"$gt": ["$n", 0]}, {"$round": ["$mean", DIGITS]},
                                      None]},
                  "ko_failed": ko_failed}},
        {"$set": {"sorted": {"$sortArray": {"input": {"$map": {"input": "$cards",
                                                                "in": "$$this.t"}},
                                            "sortBy": 1}},
                  "spread": {"$cond": [{"$gt": ["$n", 0]}, {"$subtract": ["$mx", "$mn"]},
                                       None]},
                  "key": {"$cond": [{"$gt": ["$n", 0]},
                                    {"$add": [{"$multiply": ["$pg", 1000]},
                                              {"$subtract": [100, "$score"]}]},
                                    UNSCORED_KEY]}}},
        {"$set": {"median": _median("$sorted", "$n"),
                  "discuss": {"$and": [{"$gt": ["$n", 1]},
                                       {"$gt": [{"$round": ["$spread", DIGITS]},
                                                grid.spread_threshold]}]},
                  "passed": {"$and": [{"$gt": ["$n", 0]},
                                      {"$gte": ["$score", grid.pass_threshold]},
                                      {"$eq": [{"$size": "$ko_failed"}, 0]}]}}},
        {"$setWindowFields": {"sortBy": {"key": 1}, "output": {"rank": {"$rank": {}}}}},
        {"$set": {"rank": {"$cond": [{"$gt": ["$n", 0]}, "$rank", None]}}},
        {"$sort": {"key": 1, "_id": 1}},
    ]
    if after is not None:
        key, last = after
        stages.append({"$match": {"$or": [{"key": {"$gt": key}},
                                          {"key": key, "_id": {"$gt": last}}]}})
    stages.append({"$project": {"sorted": 0, "mx": 0, "mn": 0,
                                **{f"ko_{cid}": 0 for cid, _ in knockouts}}})
    if limit is not None:
        stages.append({"$limit": limit})
    return stages


async def rows(db: Db, q: RankingQuery, *, after: tuple[float, ObjectId] | None = None,
               limit: int | None = None) -> AsyncIterator[Document]:
    """The ranking's rows, best first (one server-side pipeline, streamed)."""
    cursor = await db["scorecards"].aggregate(pipeline(q, after=after, limit=limit))
    async for row in cursor:
        yield row


async def read_scorecards_once(db: Db, *, call_id: ObjectId, stage: Stage) -> int:
    """Read every submitted scorecard of a stage (the benchmark's baseline)."""
    count = 0
    async for _ in db["scorecards"].find({"call_id": call_id, "stage": stage.value,
                                          "status": "submitted"}):
        count += 1
    return count
