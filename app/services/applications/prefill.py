"""Pre-filling a draft profile from the Europass CV: the empty fields only, each taken whole or
not at all, and a report of what was taken and what was skipped (with the reason), so the SPA
asks the candidate for exactly what is missing.

Partial dates become calendar dates conservatively, never adding experience the CV does not
prove: a period starts on the LAST day its stated start may mean (``2019-03`` → 31 March,
``2019`` → 31 December) and ends on the FIRST day its stated end may mean (``2020-06`` → 1 June);
a diploma counts from the last day its date may mean (``2015-06`` → 30 June).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from app.errors import Conflict, PreconditionFailed, Unprocessable
from app.models.applications import ApplicationStatus, CandidateProfileDraft, application_read
from app.models.common import JsonObject, check_if_match
from app.models.documents import DocumentDoc
from app.models.europass import (
    CvEducation,
    CvExperience,
    CvFacts,
    DatePrecision,
    PrefillRead,
    PrefillReport,
)
from app.models.stored import ApplicationDoc, ProfileDoc
from app.repositories import applications as applications_repo
from app.repositories import documents as documents_repo
from app.services import audit
from app.services.applications.access import subject_of, writable_draft
from app.services.applications.create import cast_declaration, profile_doc
from app.services.context import Ctx

# The profile fields a CV may fill; only when the draft leaves them empty.
PREFILL_FIELDS = ("first_name", "last_name", "date_of_birth", "contact", "nationalities",
                  "languages", "education", "experience")
_CAPS = {"languages": 24, "education": 20, "experience": 50}


def education_entry(entry: CvEducation) -> JsonObject:
    """A CV education entry as the profile holds it (the diploma at its latest date)."""
    return {"level": entry.level.value, "field": entry.field, "institution": entry.institution,
            "completed_on": entry.completed_on.latest().isoformat()
            if entry.completed_on else None}


def experience_entry(entry: CvExperience) -> JsonObject:
    """A CV position as the profile holds it: the shortest period its dates may mean."""
    start = entry.start.latest()
    end = entry.end.earliest() if entry.end else None
    if end is not None and end < start:  # both within one stated month or year: one day
        end = start
    return {"employer": entry.employer, "position": entry.position, "country": entry.country,
            "start": start.isoformat(), "end": end.isoformat() if end else None}


def _values(facts: CvFacts, skipped: list[str]) -> JsonObject:
    """What the CV offers for each prefill field, in the profile's JSON shape."""
    values: JsonObject = {"first_name": facts.first_name, "last_name": facts.last_name,
                              "nationalities": facts.nationalities}
    birth = facts.date_of_birth
    if birth is not None and birth.precision is DatePrecision.day:
        values["date_of_birth"] = birth.earliest().isoformat()
    elif birth is not None:
        skipped.append(f"date_of_birth: '{birth}' is not a full date")
    if facts.email:
        values["contact"] = {"email": facts.email, "phone": facts.phone}
    values["languages"] = [skill.model_dump(mode="json") for skill in facts.languages]
    values["education"] = [education_entry(entry) for entry in facts.education]
    values["experience"] = [experience_entry(entry) for entry in facts.experience]
    for name, cap in _CAPS.items():
        if len(values[name]) > cap:
            skipped.append(f"{name}[{cap}]: the profile holds {cap} entries; the rest are left")
            values[name] = values[name][:cap]
    return {name: _without_nulls(values[name]) for name in PREFILL_FIELDS if name in values}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _without_nulls(item) for key, item in value.items() if item is not None}
    if isinstance(value, list):
        return [_without_nulls(item) for item in value]
    return value


def _empty(value: Any) -> bool:
    return value is None or value == [] or value == "" or value == {}


def suggested_profile(profile: ProfileDoc, facts: CvFacts
                      ) -> tuple[JsonObject, PrefillReport]:
    """The draft profile with its empty fields filled from the CV; stated fields win (to be
    validated as a profile: a CV's entries are not one yet)."""
    merged: JsonObject = dict(profile)
    report = PrefillReport(skipped=list(facts.skipped))
    for name, value in _values(facts, report.skipped).items():
        if not _empty(merged.get(name)) or _empty(value):
            continue
        try:
            CandidateProfileDraft.model_validate({name: value})
        except ValidationError as exc:  # taken whole or not at all
            report.skipped.append(f"{name}: {exc.errors()[0]['msg']}")
            continue
        merged[name] = value
        report.taken.append(name)
    return merged, report


async def _cv_facts(ctx: Ctx, application: ApplicationDoc) -> CvFacts:
    documents = await documents_repo.all_for_application(ctx.db, application["_id"], cap=100)
    cvs = [DocumentDoc.model_validate(d) for d in documents if d["kind"] == "cv"]
    if not cvs:
        raise Conflict("Upload a CV first: the profile is pre-filled from it.")
    facts = cvs[0].europass
    if facts is None:
        raise Unprocessable("The CV carries no machine-readable Europass data to pre-fill from.")
    return facts


async def prefill_from_cv(ctx: Ctx, *, application_id: str,
                          if_match: str | None) -> PrefillRead:
    """Fill the draft profile's empty fields from the Europass CV, save it, and say what was
    taken and what was skipped."""
    application = await writable_draft(ctx, application_id=application_id)
    check_if_match(if_match, application["version"], required=False)
    facts = await _cv_facts(ctx, application)
    current = application.get("profile") or {}
    merged, report = suggested_profile(current, facts)
    updated = application
    if report.taken:
        profile = profile_doc(CandidateProfileDraft.model_validate(merged))
        updated_doc = await applications_repo.update_versioned(
            ctx.db, application_id=application["_id"], version=application["version"],
            set_fields={"profile": profile, "updated_at": ctx.clock.now(),
                        "cast_declaration": cast_declaration(application["call_kind"], profile)},
            status_in=[ApplicationStatus.draft.value])
        if updated_doc is None:
            raise PreconditionFailed(
                "The application changed since you read it; read it again and retry.")
        updated = updated_doc
    await audit.record(ctx, action=audit.Action.update, resource="application",
                       resource_id=application_id, subject=subject_of(updated),
                       detail="prefill_from_cv:" + (",".join(sorted(report.taken)) or "nothing"))
    return PrefillRead(**application_read(updated).model_dump(), prefill=report)
