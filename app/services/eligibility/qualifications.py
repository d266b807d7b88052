"""Languages (CEFR levels) and education (degree level, years of study)."""

from __future__ import annotations

from datetime import date

from app.models.criteria import EducationRule, LanguageRule
from app.models.eligibility import Criterion, CriterionResult, Message, Outcome
from app.models.profile import CandidateProfile, Education
from app.models.reference import EU_LANGUAGES, Cefr, DegreeLevel
from app.services.eligibility.degrees import date_verdict, field_verdict
from app.services.eligibility.experience import DEGREE_IN
from app.services.eligibility.wording import (
    CODES,
    PARENTHESES,
    SEMICOLON,
    degree_name,
    joined,
    msg,
    result,
    template,
)

# Bologna: a second-cycle degree follows a first cycle of at least 3 years.
_YEARS_IMPLIED_BY_MASTER = 3

_NOT_OFFICIAL = template("{language}: not an official EU language, not counted")
_NO_LANGUAGES = template("no languages declared")
_NO_MAIN = template("no language at {level} or better")
_NO_MAIN_AMONG = template("no language among {languages} at {level} or better")
_AT_LEVEL = template("{language} at {level} (≥ {required})")
_BOTH = template("{first} and {second}")
_NO_SECOND = template("{found} but no other language at {level} or better")
_ONE = template("one language at {level} or better required")
_ONE_AMONG = template("one language at {level} or better among {languages} required")
_TWO = template("one language at {level} or better and another at {second_level} or better "
                "required")
_TWO_AMONG = template("one language at {level} or better among {languages} and another at "
                      "{second_level} or better required")
_NO_EDUCATION = template("no education declared")
_MEETS = template("{degree} meets: {need}")
_MAY_MEET = template("{degree} may meet: {need}")
_NO_DEGREE_MEETS = template("no declared degree meets: {need}")
_NOT_HIGHER = template("not higher education")
_IMPLIES_YEARS = template("a {degree} implies at least {years} years of university studies")
_NO_YEARS = template("years of study not given")
_YEARS = template("{degree}, {years} years")
_REQUIRED = template("{requirement} required")
_WITH = template("{first} with {second}")
_LEVEL_OR_HIGHER = template("a {degree} or higher")
_LEVEL_IN = template("a {degree} or higher in {fields}")
_LEVEL_IN_OR_RELEVANT = template("a {degree} or higher in {fields} or another domain deemed "
                                 "relevant")
_MIN_YEARS = template("at least {years} years of higher education")


def check_languages(rule: LanguageRule, profile: CandidateProfile) -> CriterionResult:
    """One language at ``main_level`` or better and a different one at ``second_level``."""
    best: dict[str, Cefr] = {}
    others = sorted({str(s.language) for s in profile.languages
                     if str(s.language).upper() not in EU_LANGUAGES})
    for skill in profile.languages:
        if str(skill.language).upper() not in EU_LANGUAGES:
            continue  # "one of the 24 official languages of the EU": others do not count
        # The same language declared twice is still one language: keep its best level.
        if skill.language not in best or skill.level.rank > best[skill.language].rank:
            best[skill.language] = skill.level
    evidence: list[Message | str] = [f"{language} {level.value}"
                                     for language, level in sorted(best.items())]
    evidence += [msg(_NOT_OFFICIAL, language=language) for language in others]
    need = _requirement(rule)
    if not best and not others:
        return result(Criterion.languages, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_LANGUAGES), second=need), [])
    mains = sorted(
        (lang for lang, level in best.items()
         if level.at_least(rule.main_level)
         and (not rule.main_languages or lang in rule.main_languages)),
        key=lambda lang: (-best[lang].rank, lang))
    if not mains:
        found = msg(_NO_MAIN_AMONG, languages=", ".join(rule.main_languages),
                    level=rule.main_level.value) if rule.main_languages \
            else msg(_NO_MAIN, level=rule.main_level.value)
        return result(Criterion.languages, Outcome.not_met,
                      msg(SEMICOLON, first=found, second=need), evidence)
    main = mains[0]
    main_text = msg(_AT_LEVEL, language=main, level=best[main].value,
                    required=rule.main_level.value)
    if rule.second_level is None:
        return result(Criterion.languages, Outcome.met, main_text, evidence)
    second_level = rule.second_level
    for candidate in mains:
        seconds = sorted((lang for lang, level in best.items()
                          if lang != candidate and level.at_least(second_level)),
                         key=lambda lang: (-best[lang].rank, lang))
        if seconds:
            second = seconds[0]
            return result(Criterion.languages, Outcome.met,
                          msg(_BOTH, first=msg(_AT_LEVEL, language=candidate,
                                               level=best[candidate].value,
                                               required=rule.main_level.value),
                              second=msg(_AT_LEVEL, language=second, level=best[second].value,
                                         required=second_level.value)),
                          evidence)
    found = msg(_NO_SECOND, found=main_text, level=second_level.value)
    return result(Criterion.languages, Outcome.not_met, msg(SEMICOLON, first=found, second=need),
                  evidence)


def _requirement(rule: LanguageRule) -> Message:
    level = rule.main_level.value
    among = ", ".join(rule.main_languages)
    if rule.second_level is None:
        return msg(_ONE_AMONG, level=level, languages=among) if rule.main_languages \
            else msg(_ONE, level=level)
    second = rule.second_level.value
    if rule.main_languages:
        return msg(_TWO_AMONG, level=level, languages=among, second_level=second)
    return msg(_TWO, level=level, second_level=second)


def check_education(rule: EducationRule, profile: CandidateProfile,
                    as_of: date) -> CriterionResult:
    """Some degree at ``min_level`` or above, of at least ``min_years`` of study, in a listed
    field, completed by ``as_of``."""
    need = _education_requirement(rule)
    if not profile.education:
        return result(Criterion.education, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_EDUCATION), second=need), [])
    judged = [(_judge(rule, degree, as_of), degree) for degree in profile.education]
    evidence = [_with_notes(_describe(degree), notes) for (_, notes), degree in judged]
    for outcome in (Outcome.met, Outcome.unknown):
        for (found, notes), degree in judged:
            if found == outcome:
                verb = _MEETS if outcome == Outcome.met else _MAY_MEET
                because = next((n.id for n in notes if n.id in CODES), None)
                return result(Criterion.education, outcome,
                              msg(verb, degree=_with_notes(_describe(degree), notes), need=need),
                              evidence, because=because)
    return result(Criterion.education, Outcome.not_met, msg(_NO_DEGREE_MEETS, need=need),
                  evidence)


def _with_notes(subject: Message, notes: list[Message]) -> Message:
    if not notes:
        return subject
    return msg(PARENTHESES, subject=subject, notes=joined(notes, SEMICOLON))


def _judge(rule: EducationRule, degree: Education, as_of: date
           ) -> tuple[Outcome, list[Message]]:
    """Whether one degree meets the rule: the worst of level, date, length and field."""
    if rule.min_level is not None and degree.level.rank < rule.min_level.rank:
        return Outcome.not_met, []
    verdicts = [date_verdict(degree, as_of), _years(rule, degree),
                field_verdict(degree, rule.fields, rule.other_fields_relevant)]
    notes = [note for _, note in verdicts if note]
    outcomes = {outcome for outcome, _ in verdicts}
    for worst in (Outcome.not_met, Outcome.unknown):
        if worst in outcomes:
            return worst, notes
    return Outcome.met, notes


def _years(rule: EducationRule, degree: Education) -> tuple[Outcome, Message | None]:
    if rule.min_years is None:
        return Outcome.met, None
    if degree.level.rank < DegreeLevel.post_secondary.rank:
        return Outcome.not_met, msg(_NOT_HIGHER)
    if degree.years is not None and degree.years >= rule.min_years:
        return Outcome.met, None
    if degree.level.rank >= DegreeLevel.master.rank and rule.min_years <= _YEARS_IMPLIED_BY_MASTER:
        return Outcome.met, msg(_IMPLIES_YEARS, degree=degree_name(degree.level),
                                years=_YEARS_IMPLIED_BY_MASTER)
    if degree.years is None:
        return Outcome.unknown, msg(_NO_YEARS)
    return Outcome.not_met, None


def _describe(degree: Education) -> Message:
    described = degree_name(degree.level)
    if degree.field is not None:
        described = msg(DEGREE_IN, degree=described, field=degree.field)
    if degree.years is not None:
        described = msg(_YEARS, degree=described, years=degree.years)
    return described


def _education_requirement(rule: EducationRule) -> Message:
    parts: list[Message] = []
    if rule.min_level is not None:
        degree = degree_name(rule.min_level)
        fields = ", ".join(rule.fields)
        if not rule.fields:
            parts.append(msg(_LEVEL_OR_HIGHER, degree=degree))
        elif rule.other_fields_relevant:
            parts.append(msg(_LEVEL_IN_OR_RELEVANT, degree=degree, fields=fields))
        else:
            parts.append(msg(_LEVEL_IN, degree=degree, fields=fields))
    if rule.min_years is not None:
        parts.append(msg(_MIN_YEARS, years=rule.min_years))
    requirement: Message | str = msg(_WITH, first=parts[0], second=parts[1]) \
        if len(parts) == 2 else (parts[0] if parts else "")
    return msg(_REQUIRED, requirement=requirement)
