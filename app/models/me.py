"""Who the caller is, what they may do, and their notifications."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import Field

from app.models.common import ApiModel
from app.security.principal import Role


class Action(StrEnum):
    """What a role allows (``app/services/me.py`` holds the table; the README shows it)."""

    read_calls = "read_calls"
    create_call = "create_call"
    edit_call = "edit_call"
    manage_call_lifecycle = "manage_call_lifecycle"
    apply = "apply"
    read_applications = "read_applications"
    edit_own_applications = "edit_own_applications"
    upload_documents = "upload_documents"
    decide_application = "decide_application"
    read_special_needs = "read_special_needs"
    read_notifications = "read_notifications"
    read_audit_trail = "read_audit_trail"
    run_jobs = "run_jobs"
    rectify_special_needs = "rectify_special_needs"
    manage_panel = "manage_panel"
    declare_conflict = "declare_conflict"
    score_applications = "score_applications"
    read_ranking = "read_ranking"
    hand_over_to_hr = "hand_over_to_hr"
    export_my_data = "export_my_data"
    request_erasure = "request_erasure"
    answer_privacy_requests = "answer_privacy_requests"
    manage_legal_holds = "manage_legal_holds"
    read_retention_runs = "read_retention_runs"
    manage_dead_letters = "manage_dead_letters"


class Me(ApiModel):
    """The caller as the service sees them (from the token's claims)."""

    model_config = {"json_schema_extra": {"examples": [{
        "sub": "rec-bob", "roles": ["recruiter"], "unit": "CNECT.A", "country": None,
        "may": ["read_calls", "create_call", "edit_call", "manage_call_lifecycle",
                "read_applications", "decide_application"]}]}}

    sub: str = Field(description="The token's subject.")
    roles: list[Role] = Field(description="The roles the service recognised in the token.")
    unit: str | None = Field(description="Recruiters: the unit they manage (and those below); "
                             "HR: its DG (`CNECT`), whose units it reads; null when the token "
                             "carries none.")
    country: str | None = Field(description="Permanent Representations: their country (ISO "
                                "3166 alpha-2); null when the token carries none.")
    may: list[Action] = Field(description="Every action the caller's roles allow. Unit and "
                              "country still scope them (a recruiter edits their unit's calls).")


class NotificationStatus(StrEnum):
    pending = "pending"  # not sent yet (or being retried)
    delivered = "delivered"
    failed = "failed"  # the service gave up (e.g. the address was refused); staff may retry


class NotificationRead(ApiModel):
    """A message the service sent (or will send) the candidate about one of their applications."""

    id: str = Field(description="The notification's id.")
    application_id: str = Field(description="The candidate's application it is about.")
    call_id: str | None = Field(description="The call applied to.")
    call_reference: str | None = Field(description="The call's reference as published in its "
                                       "notice; null if the call is no longer known.",
                                       examples=["EC/2024/CNECT/443651"])
    call_title: str | None = Field(default=None, description="The call's title; null if the "
                                   "call is no longer known.")
    template: str = Field(description="Machine kind of message: `invited_to_interview`, "
                          "`selected`.", examples=["invited_to_interview"])
    subject: str = Field(description="The message's subject, as e-mailed.")
    text: str = Field(description="The message's text, as e-mailed.")
    status: NotificationStatus = Field(description="`delivered` once sent, `pending` until; "
                                       "`failed` when every try failed (check the contact "
                                       "e-mail of the application).")
    created_at: datetime = Field(description="When the service queued the message (UTC).")
    delivered_at: datetime | None = Field(default=None, description="When it was sent "
                                          "(UTC); null until then.")


class NotificationList(ApiModel):
    """One page of the caller's notifications."""

    model_config = {"json_schema_extra": {"examples": [{"items": [{
        "id": "6750a1f0c2b7e84d2a6f1e01", "application_id": "6750a1e9c2b7e84d2a6f1dfe",
        "call_id": "6750a1d1c2b7e84d2a6f1df0", "call_reference": "EC/2024/CNECT/443651",
        "call_title": "Policy Officer - AI Act", "template": "invited_to_interview",
        "subject": "Your application: invitation to an interview",
        "text": "Your application to call EC/2024/CNECT/443651 has been preselected: ...",
        "status": "delivered", "created_at": "2026-12-01T10:00:00Z",
        "delivered_at": "2026-12-01T10:00:31Z"}], "next_cursor": None}]}}

    items: list[NotificationRead] = Field(description="One page of the messages "
                                          "about the caller's applications, newest first "
                                          "(empty for callers other than candidates).")
    next_cursor: str | None = Field(default=None, description="Pass as `cursor` for the next "
                                    "page; null on the last page.")
