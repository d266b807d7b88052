"""Documents' metadata is stored as ``DocumentMetaDoc`` declares (app/models/stored_more.py):
the type the repository hands to the services, which mypy checks every read against."""

from __future__ import annotations

from typing import Any, get_type_hints

import httpx
from bson import ObjectId

from app.db import Mongo
from app.models.documents import DocumentDoc
from app.models.stored_more import DocumentFileRefDoc, DocumentMetaDoc, GridFileViewDoc, ScanDoc
from app.repositories import privacy as privacy_repo
from tests.documents_api.helpers import cv_and_letter, sne_draft, upload
from tests.files import europass_pdf
from tests.shapes import members, mismatches, validator


async def _stored(mongo: Mongo, document_id: str) -> dict[str, Any]:
    found = await mongo.db.documents.find_one({"_id": ObjectId(document_id)})
    assert found is not None
    return found


async def test_a_europass_cv_is_stored_in_its_declared_shape(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    permrep, application_id = await sne_draft(client, auth)
    response = await upload(client, permrep, application_id,
                            europass_pdf(nationality="BE", language="en"), language="EN")
    assert response.status_code == 201, response.text
    stored = await _stored(mongo, response.json()["id"])
    assert mismatches(stored, DocumentMetaDoc) == []
    assert stored["europass"]["nationalities"] == ["BE"]
    assert stored["scan"]["scanned"] is True and stored["scan"]["engine"] == "clamd"


async def test_a_plain_pdf_and_a_docx_are_stored_in_their_declared_shape(
        client: httpx.AsyncClient, auth, mongo: Mongo) -> None:
    cv, letter = await cv_and_letter(client, auth)
    assert cv.status_code == 201 and letter.status_code == 201, (cv.text, letter.text)
    for document in (cv, letter):
        stored = await _stored(mongo, document.json()["id"])
        assert mismatches(stored, DocumentMetaDoc) == []
        assert stored["europass"] is None and stored["language"] is None
    # What an erasure reads of them: each record's file, and the files tagged with the owner.
    owner = [ObjectId(cv.json()["application_id"])]
    refs = await privacy_repo.documents_of(mongo.db, owner)
    files = await privacy_repo.gridfs_files_of(mongo.db, owner)
    assert len(refs) == len(files) == 2
    assert [m for ref in refs for m in mismatches(ref, DocumentFileRefDoc)] == []
    assert [m for file in files for m in mismatches(file, GridFileViewDoc)] == []


async def test_the_validator_the_type_and_the_model_agree(mongo: Mongo) -> None:
    """What the validator knows is declared, what it requires is required, and the Pydantic
    model the services validate a record into writes exactly the declared members."""
    schema = await validator(mongo.db, "documents")
    declared, required = members(DocumentMetaDoc)
    assert set(schema["properties"]) <= declared
    assert set(schema["required"]) <= required
    scan_declared, scan_required = members(ScanDoc)
    assert set(schema["properties"]["scan"]["properties"]) <= scan_declared
    assert set(schema["properties"]["scan"]["required"]) <= scan_required
    assert {field.alias or name for name, field in DocumentDoc.model_fields.items()} \
        == set(get_type_hints(DocumentMetaDoc))
