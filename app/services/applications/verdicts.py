"""Eligibility verdicts of applications: computed from the call and the stored profile, on the
day the call's rules name (see ``services/eligibility/reference.py``)."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any, cast

from pydantic import ValidationError

from app.clock import BRUSSELS, as_utc
from app.models.call_terms import EligibilityDate, ProvisionalStart
from app.models.calls import CallKind, DocumentRules, OpenTo
from app.models.criteria import EligibilityCriteria
from app.models.eligibility import EligibilityVerdict
from app.models.europass import CvFacts
from app.models.integrations_cast import CastVerification
from app.models.profile import CandidateProfile
from app.models.stored import ApplicationDoc, CallDoc, EligibilityDoc
from app.models.stored_more import DocumentMetaDoc
from app.repositories import applications as repo
from app.repositories import documents as documents_repo
from app.services import audit
from app.services.applications.access import subject_of
from app.services.context import Ctx
from app.services.eligibility import evaluate
from app.services.eligibility.kinds import criteria_for
from app.services.eligibility.reference import ReferenceDay, deadline_day, reference_day


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def call_reference_day(call: CallDoc, *, submitted: datetime) -> ReferenceDay:
    """The day this call's criteria are judged at for an application validated at
    ``submitted``."""
    deadline = call["deadline"]
    provisional = call.get("provisional_start")
    rule = call.get("eligibility_date")
    return reference_day(
        kind=CallKind(call["kind"]),
        rule=EligibilityDate(rule) if rule else None,
        start_date=_date(call.get("start_date")),
        provisional=ProvisionalStart.model_validate(provisional) if provisional else None,
        deadline=deadline_day(utc=as_utc(deadline["utc"]),
                              zone=deadline.get("zone") or "Europe/Brussels",
                              last_day=_date(deadline.get("last_day"))),
        submitted=as_utc(submitted).astimezone(BRUSSELS).date(),
    )


def verdict_doc(verdict: EligibilityVerdict) -> EligibilityDoc:
    """A verdict as it is stored on its application."""
    # The model's JSON is EligibilityDoc's shape (tests/applications/test_stored_shapes.py).
    return cast(EligibilityDoc, verdict.model_dump(mode="json"))


def call_criteria(call: CallDoc) -> EligibilityCriteria:
    """The call's criteria with its kind's nationality rule."""
    return criteria_for(call["kind"],
                        EligibilityCriteria.model_validate(call.get("criteria") or {}),
                        OpenTo.model_validate(call.get("open_to") or {}))


async def compute_verdict(ctx: Ctx, *, application: ApplicationDoc, call: CallDoc,
                          profile: CandidateProfile, documents: list[DocumentMetaDoc] | None = None
                          ) -> EligibilityVerdict:
    """The verdict on the call's reference day (a draft is judged as if validated now); the
    newest CV's Europass facts are the CV evidence (pass ``documents`` if already read)."""
    if documents is None:
        documents = await documents_repo.all_for_application(ctx.db, application["_id"],
                                                             cap=100)
    facts = next((d["europass"] for d in documents
                  if d["kind"] == "cv" and d.get("europass")), None)
    day = call_reference_day(call, submitted=application.get("submitted_at") or ctx.clock.now())
    declared = application.get("cast_declaration")
    return evaluate(
        criteria=call_criteria(call), profile=profile, as_of=day.day,
        cv=CvFacts.model_validate(facts) if facts else None,
        cv_rules=DocumentRules.model_validate(call.get("documents") or {}),
        cast_verified=bool(declared and declared.get("verified")),
        as_of_basis=day.basis, as_of_reason=day.reason, as_of_message=day.message,
        cast=CastVerification.of(application),
    )


_BATCH = 100
log = logging.getLogger("app.applications")


async def reevaluate_call(ctx: Ctx, *, call: CallDoc, why: str) -> int:
    """Recompute the stored verdict of every application of ``call`` that has one (after the
    starting date changes); the number re-evaluated. Batches keep memory flat."""
    count = 0
    skipped = 0
    after = None
    while True:
        batch = await repo.with_verdicts(ctx.db, call_id=call["_id"], after=after, limit=_BATCH)
        for application in batch:
            try:
                profile = CandidateProfile.model_validate(application.get("profile") or {})
            except ValidationError:
                # A profile stored under older rules that no longer validates keeps its verdict;
                # the count in the log tells how many were skipped.
                skipped += 1
                continue
            verdict = await compute_verdict(ctx, application=application, call=call,
                                            profile=profile)
            await repo.set_verdict(ctx.db, application_id=application["_id"],
                                   verdict=verdict_doc(verdict), now=ctx.clock.now())
            await audit.record(ctx, action=audit.Action.update,
                               resource="application.eligibility",
                               resource_id=str(application["_id"]),
                               subject=subject_of(application), detail=why)
            count += 1
        if len(batch) < _BATCH:
            if skipped:
                log.warning("verdicts not re-evaluated", extra={"skipped": skipped})
            return count
        after = batch[-1]["_id"]
