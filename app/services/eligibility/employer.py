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
from app.models.eligibility import Criterion, CriterionResult, Message, Outcome
from app.models.profile import CandidateProfile, Experience
from app.services.eligibility.durations import ONE_DAY, inclusive_months
from app.services.eligibility.wording import (
    COMMA,
    EMPLOYER_SINCE_CONTRADICTS,
    EMPLOYER_TYPE_NAMES,
    NEEDS_DEROGATION,
    NO_EMPLOYER_TYPE,
    SEMICOLON,
    SEVERAL_CURRENT_EMPLOYERS,
    joined,
    month_count,
    months,
    msg,
    result,
    template,
)

_REQUIRED = template("{required} required")
_CURRENT_JOB = template("{employer}: current job since {date}")
_DECLARED_SINCE = template("current_employer_since: {date}")
_CONTRADICTS = template("{problem} ({declared} against {derived})")
_NO_JOB_ON = template("no job current on {date}")
_NO_START = template("no start date with the current employer given")
_SINCE_DERIVED = template("with the current employer since {date} (from the job marked current)")
_ENOUGH = template("{duration} with the current employer ≥ {required} required")
_TOO_SHORT = template("{duration} with the current employer < {required} required")
_NO_CURRENT_JOB = template("no current job on {date} declared")
_EMPLOYER_TYPE = template("{employer}: {employer_type}")
_TYPE_NOT_GIVEN = template("type not given")
_ACCEPTED = template("current employer is a {employer_type}")
_BY_DEROGATION = template("current employer is a {employer_type}: {problem} (the Commission may "
                          "accept it)")
_DEROGATION_EVIDENCE = template("by derogation: the Commission must accept it")
_NOT_ACCEPTED = template("current employer is a {employer_types}, not an accepted type of "
                         "employer")


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
    required = month_count(min_months)
    need = msg(_REQUIRED, required=required)
    current = current_jobs(profile, as_of)
    derived = sorted({employer_since(j, profile.experience) for j in current})
    declared = profile.current_employer_since
    evidence = [msg(_CURRENT_JOB, employer=j.employer, date=j.start) for j in current]
    if declared is not None:
        evidence.insert(0, msg(_DECLARED_SINCE, date=declared))
    if declared is not None and profile.experience and declared not in derived:
        shown = joined(derived, COMMA) or msg(_NO_JOB_ON, date=as_of)
        found = msg(_CONTRADICTS, problem=msg(EMPLOYER_SINCE_CONTRADICTS), declared=declared,
                    derived=shown)
        return result(Criterion.current_employer, Outcome.unknown,
                      msg(SEMICOLON, first=found, second=need), evidence,
                      because=EMPLOYER_SINCE_CONTRADICTS)
    since = declared
    if since is None:
        if len(derived) > 1:
            return result(Criterion.current_employer, Outcome.unknown,
                          msg(SEMICOLON, first=msg(SEVERAL_CURRENT_EMPLOYERS), second=need),
                          evidence, because=SEVERAL_CURRENT_EMPLOYERS)
        if not derived:
            return result(Criterion.current_employer, Outcome.unknown,
                          msg(SEMICOLON, first=msg(_NO_START), second=need), evidence)
        since = derived[0]
        evidence.append(msg(_SINCE_DERIVED, date=since))
    count = inclusive_months(since, as_of)
    worked = months(count)
    if count >= min_months:
        return result(Criterion.current_employer, Outcome.met,
                      msg(_ENOUGH, duration=worked, required=required), evidence)
    return result(Criterion.current_employer, Outcome.not_met,
                  msg(_TOO_SHORT, duration=worked, required=required), evidence)


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
                      msg(_NO_CURRENT_JOB, date=as_of), [])
    evidence: list[Message | str] = [
        msg(_EMPLOYER_TYPE, employer=j.employer,
            employer_type=j.employer_type.value if j.employer_type else msg(_TYPE_NOT_GIVEN))
        for j in current]
    accepted = [j for j in current if j.employer_type in criteria.employer_types]
    if accepted:
        job = accepted[0]
        assert job.employer_type is not None
        return result(Criterion.employer_type, Outcome.met,
                      msg(_ACCEPTED, employer_type=msg(EMPLOYER_TYPE_NAMES[job.employer_type])),
                      evidence)
    derogation = [j for j in current if j.employer_type in criteria.employer_types_by_derogation]
    if derogation:
        job = derogation[0]
        assert job.employer_type is not None
        # "exceptionally and following a specific derogation, the Commission may accept":
        # a decision nobody has taken yet.
        return result(Criterion.employer_type, Outcome.unknown,
                      msg(_BY_DEROGATION,
                          employer_type=msg(EMPLOYER_TYPE_NAMES[job.employer_type]),
                          problem=msg(NEEDS_DEROGATION)),
                      [*evidence, msg(_DEROGATION_EVIDENCE)], because=NEEDS_DEROGATION)
    if any(j.employer_type is None for j in current):
        return result(Criterion.employer_type, Outcome.unknown, msg(NO_EMPLOYER_TYPE), evidence,
                      because=NO_EMPLOYER_TYPE)
    names = sorted({EMPLOYER_TYPE_NAMES[j.employer_type] for j in current
                    if j.employer_type is not None})
    return result(Criterion.employer_type, Outcome.not_met,
                  msg(_NOT_ACCEPTED, employer_types=joined([msg(n) for n in names], COMMA)),
                  evidence)
