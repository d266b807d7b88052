"""Every collection that holds personal data about an application, in one place.

Adding a collection that stores something about a candidate is one line here: the purge, the
erasure and the verification pass then cover it. Deleting from a collection that does not exist
yet is a no-op, so collections of features still being built are listed already.
"""

from __future__ import annotations

from typing import Final

# collection -> the field holding the application's id (an ObjectId).
BY_APPLICATION: Final[dict[str, str]] = {
    "special_needs": "application_id",
    "conflict_declarations": "application_id",
    "scorecards": "application_id",
    "outbox": "application_id",
    "idempotency_keys": "application_id",
}

# Handled with their own code, listed so the verification pass checks them too:
# ``applications`` (the profile itself), ``documents`` + GridFS ``document_files.files``
# (metadata.application_id) and ``document_files.chunks`` (files_id).
DOCUMENTS: Final[tuple[str, str]] = ("documents", "application_id")
GRIDFS_FILES: Final[tuple[str, str]] = ("document_files.files", "metadata.application_id")

# collection -> field holding the call's id: per-call copies that name candidates (the panel's
# signed report). They go when the call's last non-transferred application is purged.
BY_CALL: Final[dict[str, str]] = {
    "panel_reports": "call_id",
}

# What the run report counts for each collection of BY_APPLICATION.
COUNTED_AS: Final[dict[str, str]] = {
    "special_needs": "special_needs",
    "conflict_declarations": "conflict_declarations",
    "scorecards": "scorecards",
    "outbox": "notifications",
    "idempotency_keys": "idempotency_records",
}
