"""The current employer: how long with it ("Seniority") and what kind of body it is.

A job is current on the reference date when it covers that day (started, not yet ended).
``current_employer_since`` must agree with the current job: the start of the unbroken run of
jobs at that employer (a promotion at the same employer does not restart the clock). When it is
not given it is derived from that job; when it contradicts it, the result says so and stays
unknown rather than trusting either date.
"""

from __future__ import annotations

from datetime import date

from app.models.criteria import EligibilityCriteria
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.profile import CandidateProfile, Experience
from app.models.reference import EmployerType
from app.services.eligibility.durations import (
    ONE_DAY,
    format_months,
    format_requirement,
    inclusive_months,
)
from app.services.eligibility.wording import (
    EMPLOYER_SINCE_CONTRADICTS,
    NEEDS_DEROGATION,
    NO_EMPLOYER_TYPE,
    SEVERAL_CURRENT_EMPLOYERS,
    result,
)

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


def current_jobs(profile: CandidateProfile, as_of: date) -> list[Experience]:
    """The jobs that cover ``as_of``."""
    return [j for j in profile.experience
            if j.start <= as_of and (j.end is None or j.end >= as_of)]


def _same_employer(a: Experience, b: Experience) -> bool:
    return " ".join(a.employer.lower().split()) == " ".join(b.employer.lower().split())


def employer_since(job: Experience, jobs: list[Experience]) -> date:
    """The start of the unbroken run of jobs at ``job``'s employer that ends with ``job``."""
    since = job.start
    earlier = sorted((j for j in jobs if _same_employer(j, job) and j.start < since),
                     key=lambda j: j.start, reverse=True)
    for previous in earlier:
        if previous.end is None or previous.end + ONE_DAY >= since:
            since = min(since, previous.start)
    return since


def check_current_employer(min_months: int, profile: CandidateProfile,
                           as_of: date) -> CriterionResult:
    """Months with the current employer up to ``as_of``, both days included."""
    required = format_requirement(min_months)
    current = current_jobs(profile, as_of)
    derived = sorted({employer_since(j, profile.experience) for j in current})
    declared = profile.current_employer_since
    evidence = [f"{j.employer}: current job since {j.start.isoformat()}" for j in current]
    if declared is not None:
        evidence.insert(0, f"current_employer_since: {declared.isoformat()}")
    if declared is not None and profile.experience and declared not in derived:
        shown = ", ".join(d.isoformat() for d in derived) or f"no job current on {as_of}"
        return result(Criterion.current_employer, Outcome.unknown,
                      f"{EMPLOYER_SINCE_CONTRADICTS} ({declared.isoformat()} against {shown}); "
                      f"{required} required", evidence, because=EMPLOYER_SINCE_CONTRADICTS)
    since = declared
    if since is None:
        if len(derived) > 1:
            return result(Criterion.current_employer, Outcome.unknown,
                          f"{SEVERAL_CURRENT_EMPLOYERS}; {required} required", evidence,
                          because=SEVERAL_CURRENT_EMPLOYERS)
        if not derived:
            return result(Criterion.current_employer, Outcome.unknown,
                          f"no start date with the current employer given; {required} required",
                          evidence)
        since = derived[0]
        evidence.append(f"with the current employer since {since.isoformat()} (from the job "
                        "marked current)")
    months = inclusive_months(since, as_of)
    text = f"{format_months(months)} with the current employer"
    if months >= min_months:
        return result(Criterion.current_employer, Outcome.met, f"{text} ≥ {required} required",
                      evidence)
    return result(Criterion.current_employer, Outcome.not_met, f"{text} < {required} required",
                  evidence)


def check_employer_type(criteria: EligibilityCriteria, profile: CandidateProfile,
                        as_of: date) -> CriterionResult:
    """The type of the current employer: accepted (met), accepted only by derogation or not
    given (unknown), or not accepted (not_met).

    With several current jobs, the best one decides (a national civil servant who also teaches
    at a university is employed by a national administration).
    """
    current = current_jobs(profile, as_of)
    if not current:
        return result(Criterion.employer_type, Outcome.unknown,
                      f"no current job on {as_of.isoformat()} declared", [])
    evidence = [f"{j.employer}: {j.employer_type.value if j.employer_type else 'type not given'}"
                for j in current]
    accepted = [j for j in current if j.employer_type in criteria.employer_types]
    if accepted:
        job = accepted[0]
        assert job.employer_type is not None
        return result(Criterion.employer_type, Outcome.met,
                      f"current employer is a {_EMPLOYER_TYPE_NAMES[job.employer_type]}", evidence)
    derogation = [j for j in current if j.employer_type in criteria.employer_types_by_derogation]
    if derogation:
        job = derogation[0]
        assert job.employer_type is not None
        # "exceptionally and following a specific derogation, the Commission may accept":
        # a decision nobody has taken yet.
        return result(Criterion.employer_type, Outcome.unknown,
                      f"current employer is a {_EMPLOYER_TYPE_NAMES[job.employer_type]}: "
                      f"{NEEDS_DEROGATION} (the Commission may accept it)",
                      [*evidence, "by derogation: the Commission must accept it"],
                      because=NEEDS_DEROGATION)
    if any(j.employer_type is None for j in current):
        return result(Criterion.employer_type, Outcome.unknown, NO_EMPLOYER_TYPE, evidence,
                      because=NO_EMPLOYER_TYPE)
    names = ", ".join(sorted({_EMPLOYER_TYPE_NAMES[j.employer_type] for j in current
                              if j.employer_type is not None}))
    return result(Criterion.employer_type, Outcome.not_met,
                  f"current employer is a {names}, not an accepted type of employer", evidence)
