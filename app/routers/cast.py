"""EPSO CAST imports: HR uploads an export; the import runs in the background."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from starlette.datastructures import UploadFile

from app.deps import CtxDep
from app.errors import Unprocessable
from app.models.common import Problem
from app.models.integrations_cast import CastImportRead
from app.services.integrations import cast as service

router = APIRouter(prefix="/integrations/cast/imports", tags=["integrations"])

Responses = dict[int | str, dict[str, Any]]
_403: Responses = {403: {"model": Problem, "description": "Not HR"}}


_IMPORT_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"multipart/form-data": {"schema": {
            "type": "object",
            "required": ["file"],
            "additionalProperties": False,
            "properties": {
                "file": {"type": "string", "format": "binary",
                         "description": "The export: CSV (UTF-8) or XLSX."},
                "mapping": {"type": "string", "maxLength": 4000,
                            "description": "JSON: our column → the file's header, e.g. "
                                           '`{"epso_per_id": "Per ID", "email": "E-mail"}`.'},
            },
        }}},
    },
}


def _bad_form(msg: str, field: str) -> Unprocessable:
    return Unprocessable("The import form does not match the schema.",
                         errors=[{"loc": ["body", field], "msg": msg}])


@router.post(
    "", summary="Import an EPSO CAST export", status_code=202, response_model=CastImportRead,
    description="Upload a CSV (UTF-8) or XLSX export in the format the README defines; a "
                "`mapping` maps our column names to the file's headers when they differ. The "
                "answer is 202 with the import's URL (`Location`); the import is validated "
                "whole, then applied in the background. A bad file gets a report, never a "
                "half-import.",
    openapi_extra=_IMPORT_BODY,
    responses={**_403, 202: {"headers": {"Location": {"schema": {"type": "string"}}}},
               413: {"model": Problem, "description": "The file exceeds the upload limit"},
               422: {"model": Problem, "description": "A malformed form or mapping"}},
)
async def start_cast_import(request: Request, ctx: CtxDep) -> JSONResponse:
    async with request.form(max_files=1, max_fields=2, max_part_size=8192) as form:
        unknown = sorted(k for k in form if k not in ("file", "mapping"))
        if unknown:
            raise _bad_form("Extra inputs are not permitted", unknown[0])
        upload, mapping = form.get("file"), form.get("mapping")
        if not isinstance(upload, UploadFile):
            raise _bad_form("A file part named 'file' is required", "file")
        if mapping is not None and not isinstance(mapping, str):
            raise _bad_form("Expected a text field, not a file", "mapping")
        read = await service.start_import(ctx, upload=upload, mapping=mapping)
    return JSONResponse(read.model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/api/v1/integrations/cast/imports/{read.id}"})


@router.get("/{import_id}", summary="An EPSO CAST import's progress and report",
            description="Counts while it runs; the final report (rows read, created, updated, "
                        "unchanged, rejected with row, column and reason) once completed.",
            response_model=CastImportRead,
            responses={**_403, 404: {"model": Problem, "description": "No such import"}})
async def get_cast_import(import_id: str, ctx: CtxDep) -> CastImportRead:
    return await service.get_import(ctx, import_id=import_id)
