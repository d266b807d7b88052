"""Indexes the orphan sweep needs: which document references a GridFS file, and stored files
by upload date (the ``chunks`` index on ``files_id`` already serves the chunk pass)."""

from app.db import Db


async def up(db: Db) -> None:
    await db.documents.create_index("gridfs_id")
    await db["document_files.files"].create_index([("uploadDate", 1), ("_id", 1)])
