"""The demo calls sit in the units their notices name, so the hierarchy reads them as the
privacy statement says; each call carries its own notice's profile, not another's."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from app.services.demo import seed_demo_data
from app.services.demo_calls import DEMO_CALLS
from tests.calls.test_seeds import NOTICES

SNE, CA_AI, CA_DIGIT, TA = ("SNE/2024/CNECT/A2-AI-OFFICE", "EC/2024/CNECT/443651",
                            "EC/2026/DIGIT/456893", "DIGIT/COM/2024/461")

# caller (roles, unit) → the demo calls it reads (privacy statement, "Who has access").
READERS = {
    "head_of_unit_cnect_a2": ("recruiter", "CNECT.A.2", {CA_AI}),
    "director_cnect_a": ("recruiter", "CNECT.A", {CA_AI, SNE}),
    "director_general_cnect": ("recruiter", "CNECT", {CA_AI, SNE}),
    "hr_cnect": ("hr", "CNECT", {CA_AI, SNE}),
    "head_of_unit_digit_b1": ("recruiter", "DIGIT.B.1", {CA_DIGIT}),
    "hr_digit": ("hr", "DIGIT", {CA_DIGIT, TA}),
}


@pytest.mark.parametrize("reader", list(READERS))
async def test_the_hierarchy_reads_the_demo_calls_down_not_up(
    client: httpx.AsyncClient, auth, mongo, clock, settings, reader: str
) -> None:
    await seed_demo_data(mongo.db, clock=clock, settings=settings)
    role, unit, expected = READERS[reader]
    listed = await client.get("/api/v1/calls", headers=auth(role, sub=reader, unit=unit))
    assert listed.status_code == 200
    assert {c["reference"] for c in listed.json()["items"]} == expected


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("**", "")).strip()


def test_each_call_quotes_its_own_notices_profile(seeds_dir: Path) -> None:
    texts = {ref: _flat((seeds_dir / n["file"]).read_text()) for ref, n in NOTICES.items()}
    for payload in DEMO_CALLS:
        for profile in payload.profiles:
            # A one-line excerpt may end with a full stop the notice's heading line lacks.
            description = _flat(profile.description or "").rstrip(".")
            assert description in texts[payload.reference], (payload.reference, profile.code)
            others = [ref for ref, text in texts.items()
                      if ref != payload.reference and description in text]
            assert others == [], (payload.reference, others)
