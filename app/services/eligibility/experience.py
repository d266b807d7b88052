"""Professional experience, time with the current employer, and the current employer's type."""

from __future__ import annotations

from datetime import date

from app.models.criteria import EligibilityCriteria, ExperienceRule
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.profile import CandidateProfile, Experience, FunctionLevel
from app.models.reference import DegreeLevel, EmployerType
from app.services.eligibility.durations import (
    ONE_DAY,
    WorkSpan,
    format_months,
    format_requirement,
    inclusive_months,
    whole_months,
    worked_months,
)
from app.services.eligibility.wording import degree_name, result

_EMPLOYER_TYPE_NAMES = {
    EmployerType.national_administration: "national administration",
    EmployerType.regional_administration: "regional administration",
    EmployerType.local_administration: "local administration",
    EmployerType.igo: "international intergovernmental organisation",
    EmployerType.public_sector_body: "public-sector body",
    EmployerType.university: "university",
    EmployerType.research_institute: "research institute",
    EmployerType.eu_institution: "EU institution",
    EmployerType.private_sector: "private sector",
    EmployerType.other: "other employer",
}


def _describe(job: Experience) -> str:
    end = job.end.isoformat() if job.end is not None else "ongoing"
    part = "" if job.part_time_percent == 100 else f", {job.part_time_percent}% of full time"
    return f"{job.employer}: {job.start.isoformat()} – {end}, {job.function_level.value}{part}"


def _counted(jobs: list[Experience], *, as_of: date, rule: ExperienceRule,
             counts_from: date | None) -> tuple[list[WorkSpan], list[str]]:
    """The spans that count under ``rule`` up to ``as_of``, and a line of evidence per job."""
    spans: list[WorkSpan] = []
    evidence: list[str] = []
    for job in sorted(jobs, key=lambda j: j.start):
        line = _describe(job)
        if rule.ad_level_only and job.function_level != FunctionLevel.ad:
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


def check_experience(rule: ExperienceRule, profile: CandidateProfile,
                     as_of: date) -> CriterionResult:
    """Months of (AD-level, post-degree) experience against ``rule.min_months``."""
    kind = "AD-level experience" if rule.ad_level_only else "professional experience"
    required = format_requirement(rule.min_months)
    if not profile.experience:
        outcome = Outcome.met if rule.min_months == 0 else Outcome.unknown
        return result(Criterion.experience, outcome,
                      f"no professional experience declared; {required} required", [])
    counts_from: date | None = None
    evidence: list[str] = []
    undated = False
    if rule.after_degree is not None:
        found = _degree_dates(profile, rule.after_degree)
        if found is None:
            return result(Criterion.experience, Outcome.not_met,
                          f"no {degree_name(rule.after_degree)} or higher declared; {required} "
                          f"of {kind} after it required", [])
        completed, undated = found
        if completed is None:
            return result(Criterion.experience, Outcome.unknown,
                          f"the date of the {degree_name(rule.after_degree)} is not given; "
                          f"{required} of {kind} after it required", [])
        counts_from = completed + ONE_DAY
        kind = f"{kind} after the {degree_name(rule.after_degree)}"
        evidence.append(f"{degree_name(rule.after_degree)} completed on {completed.isoformat()}")
    spans, lines = _counted(profile.experience, as_of=as_of, rule=rule, counts_from=counts_from)
    evidence += lines
    months = whole_months(worked_months(spans))
    if months >= rule.min_months:
        return result(Criterion.experience, Outcome.met,
                      f"{format_months(months)} of {kind} ≥ {required} required", evidence)
    if undated:
        # An undated degree of the level might be older, which would count more experience.
        return result(Criterion.experience, Outcome.unknown,
                      f"{format_months(months)} of {kind} < {required} required, counted from "
                      "the earliest dated degree; another degree has no date", evidence)
    return result(Criterion.experience, Outcome.not_met,
                  f"{format_months(months)} of {kind} < {required} required", evidence)


def _degree_dates(profile: CandidateProfile,
                  level: DegreeLevel) -> tuple[date | None, bool] | None:
    """(earliest completion date of a degree at ``level`` or above, whether one has no date)."""
    degrees = [e for e in profile.education if e.level.rank >= level.rank]
    if not degrees:
        return None
    dates = [e.completed_on for e in degrees if e.completed_on is not None]
    return (min(dates) if dates else None), len(dates) < len(degrees)


def check_current_employer(min_months: int, profile: CandidateProfile,
                           as_of: date) -> CriterionResult:
    """Months with the current employer, from ``current_employer_since`` to ``as_of``."""
    required = format_requirement(min_months)
    since = profile.current_employer_since
    if since is None:
        return result(Criterion.current_employer, Outcome.unknown,
                      f"no start date with the current employer given; {required} required", [])
    months = inclusive_months(since, as_of)
    evidence = [f"with the current employer since {since.isoformat()}"]
    if months >= min_months:
        return result(Criterion.current_employer, Outcome.met,
                      f"{format_months(months)} with the current employer ≥ {required} required",
                      evidence)
    return result(Criterion.current_employer, Outcome.not_met,
                  f"{format_months(months)} with the current employer < {required} required",
                  evidence)


def check_employer_type(criteria: EligibilityCriteria, profile: CandidateProfile,
                        as_of: date) -> CriterionResult:
    """The type of the current employer: accepted, accepted by derogation, or not.

    The current jobs are those that cover ``as_of`` (no end, or an end on or after it). With
    several current jobs, the best one decides (a national civil servant who also teaches at a
    university is employed by a national administration).
    """
    current = [j for j in profile.experience
               if j.start <= as_of and (j.end is None or j.end >= as_of)]
    if not current:
        return result(Criterion.employer_type, Outcome.unknown,
                      f"no current job on {as_of.isoformat()} declared", [])
    accepted = [j for j in current if j.employer_type in criteria.employer_types]
    if accepted:
        job = accepted[0]
        return result(Criterion.employer_type, Outcome.met,
                      f"current employer is a {_EMPLOYER_TYPE_NAMES[job.employer_type]}",
                      [f"{job.employer}: {job.employer_type.value}"])
    derogation = [j for j in current if j.employer_type in criteria.employer_types_by_derogation]
    if derogation:
        job = derogation[0]
        return result(Criterion.employer_type, Outcome.met,
                      f"current employer is a {_EMPLOYER_TYPE_NAMES[job.employer_type]}: "
                      "by derogation (the Commission must accept it)",
                      [f"{job.employer}: {job.employer_type.value}",
                       "by derogation: the Commission must accept it"])
    names = ", ".join(sorted({_EMPLOYER_TYPE_NAMES[j.employer_type] for j in current}))
    return result(Criterion.employer_type, Outcome.not_met,
                  f"current employer is a {names}, not an accepted type of employer",
                  [f"{j.employer}: {j.employer_type.value}" for j in current])
