"""Selection panels: members, conflict declarations, scoring grids, scorecards, signed reports."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}
OPT_STR = {"bsonType": ["string", "null"]}
INT = {"bsonType": ["int", "long"]}
NUM = {"bsonType": ["int", "long", "double"]}
OID = {"bsonType": "objectId"}
STAGE = {"enum": ["preselection", "interview"]}
STAGES = {"bsonType": "array", "items": STAGE}


async def up(db: Db) -> None:
    await ensure_collection(db, "panels", obj(
        ["call_id", "members", "version", "created_at", "updated_at"],
        {"call_id": OID, "version": INT, "created_at": DATE, "updated_at": DATE,
         "consolidation_open": STAGES,
         "members": {"bsonType": "array", "items": obj(
             ["sub", "name", "role"],
             {"sub": STR, "name": STR,
              "role": {"enum": ["chair", "member", "secretary", "observer"]}})}},
    ))
    await db.panels.create_index("call_id", unique=True)
    await db.panels.create_index("members.sub")

    await ensure_collection(db, "conflict_declarations", obj(
        ["call_id", "application_id", "member_sub", "kind", "reason", "at"],
        {"call_id": OID, "application_id": OID, "member_sub": STR,
         "kind": {"enum": ["no_conflict", "conflict"]}, "reason": STR,
         "supersedes": {"bsonType": ["objectId", "null"]}, "at": DATE},
    ))
    await db.conflict_declarations.create_index(
        [("application_id", 1), ("member_sub", 1), ("_id", -1)])
    await db.conflict_declarations.create_index([("call_id", 1), ("_id", -1)])

    await ensure_collection(db, "scoring_grids", obj(
        ["call_id", "stages", "version", "updated_at"],
        {"call_id": OID, "version": INT, "updated_at": DATE, "frozen_stages": STAGES,
         "derived": {"bsonType": "bool"},
         "stages": {"bsonType": "array", "items": obj(
             ["stage", "criteria", "pass_threshold"],
             {"stage": STAGE, "pass_threshold": NUM, "spread_threshold": NUM,
              "criteria": {"bsonType": "array", "items": obj(
                  ["id", "label", "weight", "scale_min", "scale_max", "step"],
                  {"id": STR, "label": STR, "description": OPT_STR, "weight": NUM,
                   "scale_min": NUM, "scale_max": NUM, "step": NUM,
                   "knockout_min": {"bsonType": ["int", "long", "double", "null"]}})}})}},
    ))
    await db.scoring_grids.create_index("call_id", unique=True)

    await ensure_collection(db, "scorecards", obj(
        ["call_id", "application_id", "stage", "member_sub", "scores", "status", "created_at",
         "updated_at"],
        {"call_id": OID, "application_id": OID, "stage": STAGE, "member_sub": STR,
         "scores": {"bsonType": "object"}, "comment": OPT_STR,
         "status": {"enum": ["draft", "submitted"]},
         "weighted_total": {"bsonType": ["double", "int", "long", "null"]},
         "created_at": DATE, "updated_at": DATE, "submitted_at": OPT_DATE},
    ))
    await db.scorecards.create_index(
        [("application_id", 1), ("stage", 1), ("member_sub", 1)], unique=True)
    # The ranking pipeline's $match.
    await db.scorecards.create_index([("call_id", 1), ("stage", 1), ("status", 1)])

    await ensure_collection(db, "panel_reports", obj(
        ["call_id", "stage", "signed_by", "signed_at", "csv", "pdf"],
        {"call_id": OID, "stage": STAGE, "signed_by": STR, "signed_at": DATE, "csv": STR,
         "pdf": {"bsonType": "binData"},
         "subjects": {"bsonType": "array", "items": {"bsonType": "array"}}},
    ))
    await db.panel_reports.create_index([("call_id", 1), ("stage", 1)], unique=True)
