"""Realistic examples of the retention, hold, export and request bodies (fictitious people).

Apart from ``privacy.py`` so the models stay readable; the contract tests validate each example
against its model, so they cannot drift.
"""

from __future__ import annotations

from pydantic.config import JsonDict

_RUN_COUNTS: JsonDict = {
    "applications": 41, "files": 118, "bytes": 23592960, "scorecards": 9, "notifications": 3,
    "idempotency_records": 41, "special_needs": 2, "conflict_declarations": 12,
    "panel_reports": 1, "skipped_held": 0, "skipped_transferred": 4, "skipped_hr_retention": 0}

RETENTION_RUN_EXAMPLE: JsonDict = {
    "id": "6751f3a8c2d4e6f8a0b1c2d3", "started_at": "2025-06-02T02:00:00Z",
    "finished_at": "2025-06-02T02:03:41Z", "status": "finished", "dry_run": False,
    "trigger": "schedule", "policy_version": "statement-1/3f9a0c2b71de",
    "calls": [{"call_id": "6650f1c2a9e4b1d2c3f4a5b6", **_RUN_COUNTS}],
    "totals": {"call_id": "*", **_RUN_COUNTS}}

LEGAL_HOLD_EXAMPLE: JsonDict = {
    "id": "6751f4b0c2d4e6f8a0b1c2d4", "scope": "call", "target_id": "6650f1c2a9e4b1d2c3f4a5b6",
    "reason": "Complaint to the European Ombudsman about this selection.",
    "reference": "OI/2026/0042", "created_by": "dpo-erik", "created_at": "2024-06-01T09:30:00Z",
    "lifted_at": None, "lifted_by": None}

PRIVACY_REQUEST_EXAMPLE: JsonDict = {
    "id": "6751f5c1c2d4e6f8a0b1c2d5", "kind": "erasure",
    "application_id": "6650f0a9a4e8b31d9c0e4f1a", "requested_by_dpo": False,
    "status": "restricted",
    "outcome": "Restricted: the application is no longer processed nor shown to staff; it is "
               "erased at the end of the retention period.",
    "created_at": "2024-06-01T09:30:00Z", "answered_at": None,
    "erase_after": "2025-03-27T11:00:00Z", "erased_at": None}

DATA_EXPORT_EXAMPLE: JsonDict = {
    "subject": "cand-carla", "generated_at": "2024-06-01T09:30:00Z",
    "applications": [{
        "id": "6650f0a9a4e8b31d9c0e4f1a", "call_id": "6650f1c2a9e4b1d2c3f4a5b6",
        "call_kind": "ca", "profile_code": "ai-policy", "status": "eligible",
        "restricted": False, "transferred": False,
        "profile": {"first_name": "Erika", "last_name": "Mustermann", "nationalities": ["DE"]},
        "eligibility": None,
        "decisions": [{"at": "2024-03-28T08:00:00Z", "from": "submitted", "to": "eligible",
                       "reason": None}],
        "documents": [{
            "id": "6650f1c2a4e8b31d9c0e4f21", "kind": "cv", "filename": "cv.pdf",
            "content_type": "application/pdf", "size": 184320,
            "sha256": "9f2b5c0e3d1a7b84c6e5f0a1d2c3b4a59687f0e1d2c3b4a5968778695a4b3c2d",
            "download": "/api/v1/documents/6650f1c2a4e8b31d9c0e4f21/content",
            "uploaded_at": "2024-03-20T09:14:03Z"}],
        "special_needs": None, "created_at": "2024-03-18T16:02:11Z",
        "submitted_at": "2024-03-25T10:47:30Z"}],
    "audit_trail": [{
        "id": "6650f2d4a4e8b31d9c0e4f33", "at": "2024-03-25T10:47:30Z",
        "actor": "b41c6e0d9a2f4e7c8d1a3b5c7e9f0a12", "actor_pseudonymous": True,
        "actor_roles": ["candidate"], "action": "submit", "resource": "application",
        "resource_id": "6650f0a9a4e8b31d9c0e4f1a",
        "subject_id": "b41c6e0d9a2f4e7c8d1a3b5c7e9f0a12",
        "request_id": "4f1c2a0e9b7d4c55a1e0f3b2c6d8e901", "detail": None}]}
