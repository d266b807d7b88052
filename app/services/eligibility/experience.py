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
from app.models.eligibility import (
    Criterion,
    CriterionResult,
    DateParam,
    Message,
    MessageParam,
    Outcome,
)
from app.models.profile import CandidateProfile, Education, Experience, FunctionLevel
from app.services.eligibility.degrees import date_verdict, field_verdict
from app.services.eligibility.durations import (
    ONE_DAY,
    WorkSpan,
    whole_months,
    worked_months,
)
from app.services.eligibility.wording import (
    NEEDS_PANEL,
    NO_DEGREE_DATE,
    NO_FUNCTION_LEVEL,
    PARENTHESES,
    SEMICOLON,
    degree_name,
    joined,
    month_count,
    months,
    msg,
    result,
    template,
)

_JOB = template("{employer}: {start} – {end}, {level}")
_PART_TIME_JOB = template("{employer}: {start} – {end}, {level}, {percent}% of full time")
_ONGOING = template("ongoing")
_LEVEL_NOT_GIVEN = template("level not given")
_ONLY_POSSIBLE = template("{job} (the function level of a job is not given: counted only as "
                          "possible)")
_NOT_AD = template("{job} (not AD-level: not counted)")
_STARTS_AFTER = template("{job} (starts after {date}: not counted)")
_BEFORE_DEGREE = template("{job} (before the degree: not counted)")
_COUNTED_FROM = template("{job} (counted from {date}, after the degree)")
_COUNTED_UP_TO = template("{job} (counted up to {date})")
DEGREE_IN = template("{degree} in {field}")
_COMPLETED_ON = template("{degree} completed on {date}")
_AD_LEVEL = template("AD-level experience")
_PROFESSIONAL = template("professional experience")
_AFTER_DEGREE = template("{kind} after the {degree}")
_NO_EXPERIENCE = template("no professional experience declared; {required} required")
_NO_DEGREE = template("no {degree} or higher completed by {date}; {required} of {kind} required")
_ENOUGH = template("{duration} of {kind} ≥ {required} required")
_TOO_SHORT = template("{duration} of {kind} < {required} required")
_RELEVANCE = template("{found}; its relevance to {fields} needs a panel's judgement of relevance")
_IF_OPEN_COUNTS = template("{found}; {duration} if what is open counts: {cause}")


def describe_job(job: Experience) -> Message:
    """One line of evidence: employer, dates, level, part time."""
    end: MessageParam = DateParam(date=job.end) if job.end is not None else msg(_ONGOING)
    level: MessageParam = job.function_level.value if job.function_level is not None \
        else msg(_LEVEL_NOT_GIVEN)
    if job.part_time_percent == 100:
        return msg(_JOB, employer=job.employer, start=job.start, end=end, level=level)
    return msg(_PART_TIME_JOB, employer=job.employer, start=job.start, end=end, level=level,
               percent=job.part_time_percent)


@dataclass(frozen=True)
class _From:
    """Where counting starts: the day after the qualifying degree (None: no such limit)."""

    proven: date | None
    possible: date | None
    has_proven: bool


def _spans(jobs: list[Experience], *, as_of: date, rule: ExperienceRule, counts_from: date | None,
           proven: bool) -> tuple[list[WorkSpan], list[Message]]:
    """The spans that count up to ``as_of`` (proven, or possibly), and a line per job."""
    spans: list[WorkSpan] = []
    evidence: list[Message] = []
    for job in sorted(jobs, key=lambda j: j.start):
        line = describe_job(job)
        if rule.ad_level_only and job.function_level is None:
            if proven:
                evidence.append(msg(_ONLY_POSSIBLE, job=line))
                continue
        elif rule.ad_level_only and job.function_level != FunctionLevel.ad:
            evidence.append(msg(_NOT_AD, job=line))
            continue
        if job.start > as_of:
            evidence.append(msg(_STARTS_AFTER, job=line, date=as_of))
            continue
        last = as_of if job.end is None else min(job.end, as_of)
        first = job.start
        if counts_from is not None and first < counts_from:
            if last < counts_from:
                evidence.append(msg(_BEFORE_DEGREE, job=line))
                continue
            first = counts_from
            line = msg(_COUNTED_FROM, job=line, date=counts_from)
        elif job.end is not None and job.end > as_of:
            line = msg(_COUNTED_UP_TO, job=line, date=as_of)
        spans.append(WorkSpan(first, last + ONE_DAY, job.part_time_percent))
        evidence.append(line)
    return spans, evidence


def _degree_start(rule: ExperienceRule, education: EducationRule | None,
                  degrees: list[Education], as_of: date
                  ) -> tuple[_From, list[Message], Message | None]:
    """From when experience counts after the rule's degree, proven and possibly."""
    assert rule.after_degree is not None
    level = rule.after_degree
    fields = education.fields if education is not None else []
    others = education.other_fields_relevant if education is not None else False
    proven: list[date] = []
    possible: list[date] = []
    undated = False
    cause: Message | None = None
    evidence: list[Message] = []
    for degree in degrees:
        if degree.level.rank < level.rank:
            continue
        when, when_note = date_verdict(degree, as_of)
        field, field_note = field_verdict(degree, fields, others)
        name = msg(DEGREE_IN, degree=degree_name(degree.level), field=degree.field) \
            if degree.field else degree_name(degree.level)
        if degree.completed_on:
            name = msg(_COMPLETED_ON, degree=name, date=degree.completed_on)
        notes = [n for n in (when_note, field_note) if n]
        evidence.append(msg(PARENTHESES, subject=name, notes=joined(notes, SEMICOLON))
                        if notes else name)
        if Outcome.not_met in (when, field):
            continue
        if when == Outcome.unknown:
            undated = True
            cause = cause or msg(NO_DEGREE_DATE)
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
    kind = msg(_AD_LEVEL if rule.ad_level_only else _PROFESSIONAL)
    required = month_count(rule.min_months)
    if not profile.experience:
        outcome = Outcome.met if rule.min_months == 0 else Outcome.unknown
        return result(Criterion.experience, outcome, msg(_NO_EXPERIENCE, required=required), [])
    evidence: list[Message] = []
    proven_from: date | None = None
    possible_from: date | None = None
    cause: Message | None = None
    any_degree = True
    if rule.after_degree is not None:
        starts, evidence, cause = _degree_start(rule, education, profile.education, as_of)
        name = degree_name(rule.after_degree)
        kind = msg(_AFTER_DEGREE, kind=kind, degree=name)
        any_degree = starts.has_proven or starts.possible is not None or cause is not None
        if not any_degree:
            return result(Criterion.experience, Outcome.not_met,
                          msg(_NO_DEGREE, degree=name, date=as_of, required=required, kind=kind),
                          evidence)
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
        cause = cause or msg(NO_FUNCTION_LEVEL)
    if proven >= rule.min_months:
        text = msg(_ENOUGH, duration=months(proven), kind=kind, required=required)
        if rule.fields:
            # "Relevant professional experience ... in the relevant domains": people judge it.
            return result(Criterion.experience, Outcome.unknown,
                          msg(_RELEVANCE, found=text, fields=", ".join(rule.fields)),
                          evidence, because=NEEDS_PANEL)
        return result(Criterion.experience, Outcome.met, text, evidence)
    text = msg(_TOO_SHORT, duration=months(proven), kind=kind, required=required)
    if possible >= rule.min_months and cause is not None:
        return result(Criterion.experience, Outcome.unknown,
                      msg(_IF_OPEN_COUNTS, found=text, duration=months(possible), cause=cause),
                      evidence, because=cause.id)
    return result(Criterion.experience, Outcome.not_met, text, evidence)
