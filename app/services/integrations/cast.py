"""EPSO CAST imports: HR uploads an export (202), the ``cast_imports`` job applies it."""

from __future__ import annotations

import hashlib
import json

from bson import ObjectId
from starlette.datastructures import UploadFile

from app.errors import Forbidden, NotFound, Unprocessable
from app.models.common import object_id
from app.models.integrations_cast import CastImportDoc, CastImportRead, import_read
from app.repositories import cast as repo
from app.security.principal import Role
from app.services import audit
from app.services.context import Ctx
from app.services.integrations.cast_file import COLUMNS

CHUNK = 256 * 1024
_ZIP = b"PK\x03\x04"


def require_hr(ctx: Ctx) -> None:
    """CAST exports are HR's business."""
    if not ctx.actor.has(Role.hr):
        raise Forbidden("Only HR imports EPSO CAST exports.")


def parse_mapping(raw: str | None) -> dict[str, str]:
    """``{"our column": "their header"}``; 422 for anything else."""
    if not raw:
        return {}
    try:
        mapping = json.loads(raw)
    except ValueError:
        mapping = None
    if (not isinstance(mapping, dict) or len(mapping) > len(COLUMNS)
            or not all(isinstance(v, str) and 0 < len(v) <= 100 for v in mapping.values())
            or not set(mapping) <= set(COLUMNS)):
        raise Unprocessable("The mapping must be a JSON object from our column names to the "
                            "file's headers.", errors=[{"loc": ["body", "mapping"],
                                                        "msg": f"keys among {', '.join(COLUMNS)}"}])
    return {str(k): str(v) for k, v in mapping.items()}


async def start_import(ctx: Ctx, *, upload: UploadFile, mapping: str | None) -> CastImportRead:
    """Store the file (streamed to GridFS) and queue its import."""
    require_hr(ctx)
    columns = parse_mapping(mapping)
    import_id, digest, size = ObjectId(), hashlib.sha256(), 0
    filename = (upload.filename or "cast-export")[:200]
    head = await upload.read(4)
    file_format = "xlsx" if head == _ZIP else "csv"
    bucket = repo.bucket(ctx.db)
    gridfs_id = ObjectId()
    # The bytes go to GridFS chunk by chunk: a replica other than this one may apply them.
    async with bucket.open_upload_stream_with_id(gridfs_id, filename) as stream:
        chunk = head
        while chunk:
            digest.update(chunk)
            size += len(chunk)
            await stream.write(chunk)
            chunk = await upload.read(CHUNK)
    doc = CastImportDoc(id=import_id, filename=filename, file_format=file_format,
                        gridfs_id=gridfs_id, sha256=digest.hexdigest(), size=size,
                        mapping=columns, created_by=ctx.actor.sub, created_at=ctx.clock.now())
    await repo.insert_import(ctx.db, doc)
    await audit.record(ctx, action=audit.Action.create, resource="cast_import",
                       resource_id=str(import_id), detail=f"size={size}")
    return import_read(doc)


async def get_import(ctx: Ctx, *, import_id: str) -> CastImportRead:
    """An import's progress, then its report (counts and refused rows: no candidate data but
    the row numbers and columns)."""
    require_hr(ctx)
    doc = await repo.get_import(ctx.db, object_id(import_id, what="import"))
    if doc is None:
        raise NotFound("No such import.")
    return import_read(doc)
