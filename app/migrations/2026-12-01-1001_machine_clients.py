"""Machine clients (OAuth2 client credentials) and the client assertions already used."""

from app.db import Db
from app.migrate import ensure_collection, obj

DATE = {"bsonType": "date"}
OPT_DATE = {"bsonType": ["date", "null"]}
STR = {"bsonType": "string"}


async def up(db: Db) -> None:
    await ensure_collection(db, "clients", obj(
        ["name", "country", "jwks", "status", "created_at", "updated_at", "version"],
        {"name": STR, "country": {"bsonType": "string", "pattern": "^[A-Z]{2}$"},
         "jwks": {"bsonType": "array", "maxItems": 5, "items": {"bsonType": "object"}},
         "secret_hash": {"bsonType": ["string", "null"]},
         "status": {"enum": ["active", "revoked"]}, "created_at": DATE, "updated_at": DATE,
         "revoked_at": OPT_DATE, "last_issued_at": OPT_DATE,
         "version": {"bsonType": ["int", "long"]}},
    ))
    await ensure_collection(db, "client_assertions", obj(
        ["client_id", "expires_at"], {"client_id": STR, "expires_at": DATE}))
    # A used assertion id is remembered until the assertion expires (RFC 7523 §3, item 7).
    await db.client_assertions.create_index("expires_at", expireAfterSeconds=0)
    # GET /applications?submitted_by=me: what one client (or candidate) sent.
    await db.applications.create_index([("permrep_sub", 1), ("_id", -1)])
