"""Best matches for a call: the talent pool (earlier applicants who consented, EPSO CAST
candidates of the call's function group) filtered by the eligibility engine and ranked by a
transparent score built from the call's advantage criteria."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bson import ObjectId
from dateutil.relativedelta import relativedelta
from pydantic import ValidationError

from app.errors import Forbidden
from app.models.criteria import EligibilityCriteria
from app.models.eligibility import Criterion, Outcome
from app.models.integrations_cast import CastRecordDoc
from app.models.integrations_matches import (
    BestMatch,
    BestMatchList,
    ScoreComponent,
    TalentPoolConsent,
    TalentPoolDoc,
)
from app.models.profile import CandidateProfile
from app.models.reference import Cefr
from app.models.stored import ApplicationDoc, CallDoc
from app.repositories import calls as calls_repo
from app.repositories import cast as cast_repo
from app.repositories import talent_pool as repo
from app.security.principal import Role
from app.services import audit
from app.services.applications.access import owned_application, subject_of
from app.services.applications.rules import brussels_date
from app.services.calls.access import load_visible
from app.services.context import Ctx
from app.services.eligibility import evaluate
from app.services.eligibility.durations import WorkSpan, whole_months, worked_months

ASKED_LATER = {Criterion.declarations, Criterion.security_clearance}
POOL_CAP = 2000  # candidates examined per request: the ranking stays bounded
# Statuses kept under HR's retention record: not purged one year after the call's closure.
HR_RETAINED = {"preselected", "interviewed", "selected", "reserve"}
_WORD = re.compile(r"[a-z][a-z0-9+#/-]{3,}")
_STOP = {"with", "that", "this", "from", "have", "will", "would", "other", "experience",
         "knowledge", "understanding", "least", "years", "year", "relevant", "domain",
         "strong", "asset", "candidates", "their", "which", "field", "fields", "related",
         "professional", "explicitly", "encourage", "apply", "including", "environment"}


def _words(texts: list[str]) -> set[str]:
    return {w for t in texts for w in _WORD.findall(t.lower()) if w not in _STOP}


def _score(profile: CandidateProfile, criteria: EligibilityCriteria, advantages: list[str],
           as_of: date) -> list[ScoreComponent]:
    wanted = _words(advantages) | _words(criteria.education.fields if criteria.education else [])
    wanted |= _words(criteria.experience.fields if criteria.experience else [])
    degree_words = _words([e.field for e in profile.education if e.field])
    degree_hits = sorted(degree_words & wanted)
    months = whole_months(worked_months(
        WorkSpan(start=j.start, stop=min(j.end or as_of, as_of) + timedelta(days=1),
                 percent=j.part_time_percent)
        for j in profile.experience if j.start <= as_of))
    strong = [s.language for s in profile.languages if s.level.rank >= Cefr.B2.rank]
    profile_words = _words([j.position or "" for j in profile.experience] +
                           [j.employer for j in profile.experience]) | degree_words
    keyword_hits = sorted(profile_words & wanted)
    return [
        ScoreComponent(name="field_of_degree", points=30.0 if degree_hits else 0.0,
                       max_points=30.0, detail=("degree field matches: " + ", ".join(
                           degree_hits[:5])) if degree_hits else "no degree field matches"),
        ScoreComponent(name="relevant_experience", points=round(min(months, 120) / 4, 1),
                       max_points=30.0, detail=f"{months} months of experience (¼ point a "
                                               "month, up to 10 years)"),
        ScoreComponent(name="languages", points=min(len(strong), 4) * 5.0, max_points=20.0,
                       detail=f"{len(strong)} EU languages at B2 or better"),
        ScoreComponent(name="keywords", points=min(len(keyword_hits), 5) * 4.0, max_points=20.0,
                       detail=("profile words in the call's advantages: " +
                               ", ".join(keyword_hits[:5])) if keyword_hits else
                       "no profile words in the call's advantages"),
    ]


def _cast_profile(record: CastRecordDoc) -> CandidateProfile | None:
    """What a CAST export tells about a candidate, as a (partial) profile."""
    languages = []
    for code in record.languages:
        language, _, level = code.partition(":")
        languages.append({"language": language, "level": level or "B2"})
    try:
        return CandidateProfile.model_validate({
            "first_name": record.first_name, "last_name": record.last_name,
            "nationalities": [record.nationality or "BE"],  # see _unknown_citizenship
            "contact": {"email": record.email}, "epso_per_id": record.per_id,
            "cast_function_groups": [record.function_group], "languages": languages})
    except ValidationError:
        return None


def _retained(application: ApplicationDoc, calls: dict[ObjectId, CallDoc | None],
              today: date) -> bool:
    """False once the application is past its retention date (1 year after the call closed,
    unless HR keeps it)."""
    if application.get("status") in HR_RETAINED:
        return True
    call = calls.get(application["call_id"])
    if call is None:
        return False
    closed = call.get("closed_at") or call["deadline"]["utc"]
    return closed is None or brussels_date(closed) + relativedelta(years=1) > today


async def best_matches(ctx: Ctx, *, call_id: str, limit: int) -> BestMatchList:
    """The talent pool ranked against the call (recruiters of its unit, HR)."""
    if not ctx.actor.has(Role.recruiter, Role.hr):
        raise Forbidden("Best matches are for the recruiting unit and HR.")
    call = await load_visible(ctx, call_id)
    criteria = EligibilityCriteria.model_validate(call.get("criteria") or {})
    advantages = [str(a) for a in call.get("advantages") or []]
    today = brussels_date(ctx.clock.now())
    objected = await repo.objected_keys(ctx.db)
    candidates: list[tuple[str, str, CandidateProfile, str]] = []
    # A CAST export may omit nationality: citizenship is then unknown, never assumed.
    no_nationality: set[str] = set()
    applications = await repo.consenting_applications(ctx.db, exclude_call=call["_id"],
                                                      limit=POOL_CAP)
    calls = {c: await calls_repo.get(ctx.db, c) for c in {a["call_id"] for a in applications}}
    seen: set[str] = set()
    for application in applications:
        key = str(application.get("candidate_key"))
        if key in objected or key in seen or not _retained(application, calls, today):
            continue
        try:
            profile = CandidateProfile.model_validate(application.get("profile") or {})
        except ValidationError:
            continue
        seen.add(key)
        candidates.append(("application", str(application["_id"]), profile,
                           subject_of(application)))
    if criteria.cast_function_group is not None:
        for record in await cast_repo.function_group_records(
                ctx.db, function_group=criteria.cast_function_group.value, limit=POOL_CAP):
            cast_profile = _cast_profile(record)
            if cast_profile is not None:
                if record.nationality is None:
                    no_nationality.add(record.per_id)
                candidates.append(("cast", record.per_id, cast_profile,
                                   f"cast:{record.per_id}"))
    ranked: list[BestMatch] = []
    for source, reference, profile, _subject in candidates:
        unknown_citizenship = source == "cast" and reference in no_nationality
        judged = (criteria.model_copy(update={"eu_citizenship": False, "nationalities": []})
                  if unknown_citizenship else criteria)
        verdict = evaluate(criteria=judged, profile=profile, as_of=today)
        # Declarations on honour are asked when applying: not given yet is not "not met".
        results = [r.model_copy(update={"outcome": Outcome.unknown})
                   if r.criterion in ASKED_LATER and r.outcome == Outcome.not_met else r
                   for r in verdict.results]
        if any(r.outcome == Outcome.not_met for r in results):
            continue
        unknown = [r.criterion.value for r in results if r.outcome == Outcome.unknown]
        if unknown_citizenship and (criteria.eu_citizenship or criteria.nationalities):
            unknown.append("citizenship")
        components = _score(profile, criteria, advantages, today)
        ranked.append(BestMatch(
            source=source,
            reference=reference, first_name=profile.first_name, last_name=profile.last_name,
            eligibility=Outcome.unknown if unknown else verdict.outcome,
            unknown_criteria=unknown,
            score=round(sum(c.points for c in components), 1), components=components))
    ranked.sort(key=lambda m: (-m.score, m.eligibility != Outcome.met, m.reference))
    shown = ranked[:limit]
    subjects = {ref: subj for _, ref, _, subj in candidates}
    await audit.record_many(ctx, action=audit.Action.read, resource="talent_pool",
                            items=[(m.reference, subjects[m.reference]) for m in shown],
                            detail=f"best-matches call={call_id}")
    return BestMatchList(call_id=call_id, considered=len(candidates), items=shown)


def _consent_read(application_id: str, doc: TalentPoolDoc | None) -> TalentPoolConsent:
    return TalentPoolConsent(
        application_id=application_id,
        consented=doc is not None and doc.objected_at is None,
        consented_at=doc.consented_at if doc else None,
        objected_at=doc.objected_at if doc else None)


async def give_consent(ctx: Ctx, *, application_id: str) -> TalentPoolConsent:
    """The candidate (or the submitting PermRep) agrees to be considered for later calls."""
    application = await owned_application(ctx, application_id=application_id)
    doc = await repo.consent(ctx.db, application_id=application["_id"],
                             candidate_key=str(application["candidate_key"]),
                             now=ctx.clock.now())
    await audit.record(ctx, action=audit.Action.update, resource="talent_pool",
                       resource_id=application_id, subject=subject_of(application),
                       detail="consent")
    return _consent_read(application_id, doc)


async def object_to_pool(ctx: Ctx, *, application_id: str) -> TalentPoolConsent:
    """The candidate objects: never proposed again, from any of their applications."""
    application = await owned_application(ctx, application_id=application_id)
    doc = await repo.object_to(ctx.db, application_id=application["_id"],
                               candidate_key=str(application["candidate_key"]),
                               now=ctx.clock.now())
    await audit.record(ctx, action=audit.Action.update, resource="talent_pool",
                       resource_id=application_id, subject=subject_of(application),
                       detail="objection")
    return _consent_read(application_id, doc)
