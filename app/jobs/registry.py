"""Every scheduled job of the service."""

from __future__ import annotations

from app.jobs.cast import process_cast_imports
from app.jobs.clean_orphan_files import sweep_orphan_files
from app.jobs.close_calls import close_calls
from app.jobs.deliver_outbox import deliver_outbox
from app.jobs.purge import purge
from app.jobs.runner import JobSpec
from app.jobs.webhooks import deliver_webhooks

JOBS: list[JobSpec] = [
    JobSpec(
        name="close_calls",
        interval_seconds=lambda s: s.close_calls_interval_seconds,
        run=close_calls,
        description="Close published calls whose deadline has passed.",
    ),
    JobSpec(
        name="deliver_outbox",
        interval_seconds=lambda s: s.outbox_interval_seconds,
        run=deliver_outbox,
        description="Send the notifications candidates are owed (preselected, selected).",
    ),
    JobSpec(
        name="clean_orphan_files",
        interval_seconds=lambda s: s.orphan_cleanup_interval_seconds,
        run=sweep_orphan_files,
        description="Remove uploaded bytes no document points at (chunks without a file, "
                    "files without a document), older than the grace period.",
    ),
    JobSpec(
        name="retention_purge",
        interval_seconds=lambda s: s.retention_interval_seconds,
        run=purge,
        description="Delete non-selected candidates' data one year after the call's closure.",
    ),
    JobSpec(
        name="deliver_webhooks",
        interval_seconds=lambda s: s.webhook_interval_seconds,
        run=deliver_webhooks,
        description="Send webhook events to registered endpoints (Standard Webhooks), with "
                    "backoff for 24 h.",
    ),
    JobSpec(
        name="cast_imports",
        interval_seconds=lambda s: s.cast_import_interval_seconds,
        run=process_cast_imports,
        description="Apply uploaded EPSO CAST exports (resumed after a crash) and verify the "
                    "CA applications they match.",
    ),
]


def by_name(name: str) -> JobSpec | None:
    return next((spec for spec in JOBS if spec.name == name), None)
