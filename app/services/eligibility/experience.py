"""Professional experience: months counted, and what is proven versus what might count.

Each count is made twice: with what the data prove (AD-level jobs, a degree in a listed field
completed by the reference date) and with what might count (jobs whose level is not given,
degrees whose field a panel must judge or whose date is missing). Proven enough is ``met``;
only possibly enough is ``unknown``; not even possibly enough is ``not_met``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models.criteria import EducationRule, ExperienceRule
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.profile import CandidateProfile, Education, Experience, FunctionLevel
from app.services.eligibility.degrees import date_verdict, field_verdict
from app.services.eligibility.durations import (
    ONE_DAY,
    WorkSpan,
    format_months,
    format_requirement,
    whole_months,
    worked_months,
)
from app.services.eligibility.wording import (
    NEEDS_PANEL,
    NO_DEGREE_DATE,
    NO_FUNCTION_LEVEL,
    degree_name,
    result,
)


def describe_job(job: Experience) -> str:
    """One line of evidence: employer, dates, level, part time."""
    end = job.end.isoformat() if job.end is not None else "ongoing"
    level = job.function_level.value if job.function_level is not None else "level not given"
    part = "" if job.part_time_percent == 100 else f", {job.part_time_percent}% of full time"
    return f"{job.employer}: {job.start.isoformat()} – {end}, {level}{part}"


@dataclass(frozen=True)
class _From:
    """Where counting starts: the day after the qualifying degree (None: no such limit)."""

    proven: date | None
    possible: date | None
    has_proven: bool


def _spans(jobs: list[Experience], *, as_of: date, rule: ExperienceRule, counts_from: date | None,
           proven: bool) -> tuple[list[WorkSpan], list[str]]:
    """The spans that count up to ``as_of`` (proven, or possibly), and a line per job."""
    spans: list[WorkSpan] = []
    evidence: list[str] = []
    for job in sorted(jobs, key=lambda j: j.start):
        line = describe_job(job)
        if rule.ad_level_only and job.function_level is None:
            if proven:
                evidence.append(f"{line} ({NO_FUNCTION_LEVEL}: counted only as possible)")
                continue
        elif rule.ad_level_only and job.function_level != FunctionLevel.ad:
            evidence.append(f"{line} (not AD-level: not counted)")
            continue
        if job.start > as_of:
            evidence.append(f"{line} (starts after {as_of.isoformat()}: not counted)")
            continue
        last = as_of if job.end is None else min(job.end, as_of)
        first = job.start
        note = ""
        if counts_from is not None and first < counts_from:
            if last < counts_from:
                evidence.append(f"{line} (before the degree: not counted)")
                continue
            first = counts_from
            note = f" (counted from {counts_from.isoformat()}, after the degree)"
        elif job.end is not None and job.end > as_of:
            note = f" (counted up to {as_of.isoformat()})"
        spans.append(WorkSpan(first, last + ONE_DAY, job.part_time_percent))
        evidence.append(line + note)
    return spans, evidence


def _degree_start(rule: ExperienceRule, education: EducationRule | None,
                  degrees: list[Education], as_of: date) -> tuple[_From, list[str], str | None]:
    """From when experience counts after the rule's degree, proven and possibly."""
    assert rule.after_degree is not None
    level = rule.after_degree
    fields = education.fields if education is not None else []
    others = education.other_fields_relevant if education is not None else False
    proven: list[date] = []
    possible: list[date] = []
    undated = False
    cause: str | None = None
    evidence: list[str] = []
    for degree in degrees:
        if degree.level.rank < level.rank:
            continue
        when, when_note = date_verdict(degree, as_of)
        field, field_note = field_verdict(degree, fields, others)
        name = degree_name(degree.level) + (f" in {degree.field}" if degree.field else "")
        notes = "; ".join(n for n in (when_note, field_note) if n)
        done = f" completed on {degree.completed_on.isoformat()}" if degree.completed_on else ""
        evidence.append(f"{name}{done}" + (f" ({notes})" if notes else ""))
        if Outcome.not_met in (when, field):
            continue
        if when == Outcome.unknown:
            undated = True
            cause = cause or NO_DEGREE_DATE
            continue
        assert degree.completed_on is not None
        possible.append(degree.completed_on + ONE_DAY)
        if field == Outcome.met:
            proven.append(degree.completed_on + ONE_DAY)
        else:
            cause = cause or field_note
    starts = _From(proven=min(proven) if proven else None,
                   # An undated degree might be the oldest: then any experience might count.
                   possible=None if undated else (min(possible) if possible else None),
                   has_proven=bool(proven))
    if not (proven or possible or undated):
        return starts, evidence, None
    return starts, evidence, cause


def check_experience(rule: ExperienceRule, profile: CandidateProfile, as_of: date,
                     education: EducationRule | None = None) -> CriterionResult:
    """Months of (AD-level, post-degree) experience against ``rule.min_months``."""
    kind = "AD-level experience" if rule.ad_level_only else "professional experience"
    required = format_requirement(rule.min_months)
    if not profile.experience:
        outcome = Outcome.met if rule.min_months == 0 else Outcome.unknown
        return result(Criterion.experience, outcome,
                      f"no professional experience declared; {required} required", [])
    evidence: list[str] = []
    proven_from: date | None = None
    possible_from: date | None = None
    cause: str | None = None
    any_degree = True
    if rule.after_degree is not None:
        starts, evidence, cause = _degree_start(rule, education, profile.education, as_of)
        name = degree_name(rule.after_degree)
        kind = f"{kind} after the {name}"
        any_degree = starts.has_proven or starts.possible is not None or cause is not None
        if not any_degree:
            return result(Criterion.experience, Outcome.not_met,
                          f"no {name} or higher completed by {as_of.isoformat()}; {required} of "
                          f"{kind} required", evidence)
        proven_from, possible_from = starts.proven, starts.possible
    proven_spans, lines = _spans(profile.experience, as_of=as_of, rule=rule,
                                 counts_from=proven_from, proven=True)
    possible_spans, _ = _spans(profile.experience, as_of=as_of, rule=rule,
                               counts_from=possible_from, proven=False)
    evidence += lines
    proven_ok = rule.after_degree is None or proven_from is not None
    proven = whole_months(worked_months(proven_spans)) if proven_ok else 0
    possible = whole_months(worked_months(possible_spans))
    if rule.ad_level_only and any(j.function_level is None for j in profile.experience):
        cause = cause or NO_FUNCTION_LEVEL
    if proven >= rule.min_months:
        text = f"{format_months(proven)} of {kind} ≥ {required} required"
        if rule.fields:
            # "Relevant professional experience ... in the relevant domains": people judge it.
            return result(Criterion.experience, Outcome.unknown,
                          f"{text}; its relevance to {', '.join(rule.fields)} {NEEDS_PANEL}",
                          evidence, because=NEEDS_PANEL)
        return result(Criterion.experience, Outcome.met, text, evidence)
    text = f"{format_months(proven)} of {kind} < {required} required"
    if possible >= rule.min_months and cause is not None:
        return result(Criterion.experience, Outcome.unknown,
                      f"{text}; {format_months(possible)} if what is open counts: {cause}",
                      evidence, because=cause)
    return result(Criterion.experience, Outcome.not_met, text, evidence)
