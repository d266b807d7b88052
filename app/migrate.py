"""The migration runner: dated scripts in ``app/migrations/``, each applied once, in order."""

from __future__ import annotations

import importlib.util
import logging
import os
import socket
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from pymongo.errors import CollectionInvalid

from app.db import Db
from app.repositories import leases

log = logging.getLogger("app.migrate")
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
LOCK = "migrations"


def discover(directory: Path = MIGRATIONS_DIR) -> list[Path]:
    """Migration scripts, oldest first (their names start with the date)."""
    return sorted(p for p in directory.glob("[0-9]*.py"))


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(f"migration_{path.stem.replace('-', '_')}", path)
    if spec is None or spec.loader is None:
        raise RuntimeError(f"cannot load migration {path.name}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


async def pending(db: Db, *, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Names of the migrations not applied yet, oldest first."""
    done = {d["_id"] async for d in db.migrations.find({}, {"_id": 1})}
    return [path.stem for path in discover(directory) if path.stem not in done]


async def migrate(db: Db, *, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply pending migrations under a lock; return the names applied now."""
    owner = f"{socket.gethostname()}:{os.getpid()}"
    now = datetime.now(UTC)
    if not await leases.acquire(db, name=LOCK, owner=owner, now=now, ttl=timedelta(minutes=10)):
        raise RuntimeError("another process is applying migrations; try again shortly")
    applied_now: list[str] = []
    try:
        done = {d["_id"] async for d in db.migrations.find({}, {"_id": 1})}
        for path in discover(directory):
            if path.stem in done:
                continue
            up: Callable[[Db], Awaitable[None]] = _load(path).up
            log.info("applying migration", extra={"migration": path.stem})
            await up(db)
            await db.migrations.insert_one({"_id": path.stem, "applied_at": datetime.now(UTC)})
            applied_now.append(path.stem)
    finally:
        await leases.release(db, name=LOCK, owner=owner, now=datetime.now(UTC))
    return applied_now


async def ensure_collection(db: Db, name: str, schema: dict[str, Any]) -> None:
    """Create ``name`` with a JSON-schema validator, or replace the validator if it exists."""
    validator = {"$jsonSchema": schema}
    try:
        await db.create_collection(name, validator=validator, validationLevel="strict")
    except CollectionInvalid:
        await db.command("collMod", name, validator=validator, validationLevel="strict")


def obj(required: list[str], properties: dict[str, Any], **extra: Any) -> dict[str, Any]:
    """A ``bsonType: object`` schema (a small helper for migration scripts)."""
    return {"bsonType": "object", "required": required, "properties": properties, **extra}
