"""Every scheduled job of the service."""

from __future__ import annotations

from app.jobs.runner import JobSpec

JOBS: list[JobSpec] = []


def by_name(name: str) -> JobSpec | None:
    return next((spec for spec in JOBS if spec.name == name), None)
