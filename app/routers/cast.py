"""EPSO CAST imports: HR uploads an export; the import runs in the background."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, UploadFile
from fastapi.responses import JSONResponse

from app.deps import CtxDep
from app.models.common import Problem
from app.models.integrations_cast import CastImportRead
from app.services.integrations import cast as service

router = APIRouter(prefix="/integrations/cast/imports", tags=["integrations"])

Responses = dict[int | str, dict[str, Any]]
_403: Responses = {403: {"model": Problem, "description": "Not HR"}}


@router.post(
    "", summary="Import an EPSO CAST export", status_code=202, response_model=CastImportRead,
    description="Upload a CSV (UTF-8) or XLSX export in the format the README defines; a "
                "`mapping` maps our column names to the file's headers when they differ. The "
                "answer is 202 with the import's URL (`Location`); the import is validated "
                "whole, then applied in the background. A bad file gets a report, never a "
                "half-import.",
    responses={**_403, 202: {"headers": {"Location": {"schema": {"type": "string"}}}}},
)
async def start_cast_import(
    ctx: CtxDep,
    file: Annotated[UploadFile, File(description="The export: CSV (UTF-8) or XLSX.")],
    mapping: Annotated[str | None, Form(
        max_length=4000, description='JSON: our column → the file\'s header, e.g. '
                                     '`{"epso_per_id": "Per ID", "email": "E-mail"}`.')] = None,
) -> JSONResponse:
    read = await service.start_import(ctx, upload=file, mapping=mapping)
    return JSONResponse(read.model_dump(mode="json"), status_code=202,
                        headers={"Location": f"/api/v1/integrations/cast/imports/{read.id}"})


@router.get("/{import_id}", summary="An EPSO CAST import's progress and report",
            description="Counts while it runs; the final report (rows read, created, updated, "
                        "unchanged, rejected with row, column and reason) once completed.",
            response_model=CastImportRead,
            responses={**_403, 404: {"model": Problem, "description": "No such import"}})
async def get_cast_import(import_id: str, ctx: CtxDep) -> CastImportRead:
    return await service.get_import(ctx, import_id=import_id)
