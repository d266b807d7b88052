"""The orphan sweep: GridFS content that no document will ever point at.

Two kinds are left behind when a process dies at the wrong line: chunks whose ``files``
document was never written (the API killed mid-upload: the ``files`` document is written
last), and complete files that no ``documents`` record references (killed between the two
writes, or a failed clean-up). Both are removed once older than the grace period, which keeps
an upload in progress safe. Idempotent and resumable: each pass pages through ids in order.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from app.repositories import documents as documents_repo
from app.services.context import Ctx

log = logging.getLogger("app.documents.cleanup")
BATCH = 500


async def sweep_orphan_files(ctx: Ctx) -> dict[str, int]:
    """One sweep; returns counts (files and chunks removed), never ids."""
    db = ctx.db
    cutoff = ctx.clock.now() - timedelta(minutes=ctx.settings.orphan_grace_minutes)
    counts = {"unreferenced_files": 0, "orphan_uploads": 0, "orphan_chunks": 0}

    after = None
    while files := await documents_repo.files_uploaded_before(db, before=cutoff, after=after,
                                                               limit=BATCH):
        after = files[-1]
        referenced = await documents_repo.referenced_file_ids(db, files)
        unreferenced = [file_id for file_id in files if file_id not in referenced]
        if unreferenced:
            counts["unreferenced_files"] += await documents_repo.delete_files(db, unreferenced)

    after = None
    while chunked := await documents_repo.chunked_file_ids(db, created_before=cutoff,
                                                           after=after, limit=BATCH):
        after = chunked[-1]
        present = await documents_repo.existing_file_ids(db, chunked)
        orphans = [file_id for file_id in chunked if file_id not in present]
        if orphans:
            counts["orphan_chunks"] += await documents_repo.delete_chunks_of(db, orphans)
            counts["orphan_uploads"] += len(orphans)
    if any(counts.values()):
        log.warning("orphan uploads removed", extra=counts)
    return counts
