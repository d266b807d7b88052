"""Languages (CEFR levels) and education (degree level, years of study)."""

from __future__ import annotations

from datetime import date

from app.models.criteria import EducationRule, LanguageRule
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.profile import CandidateProfile, Education
from app.models.reference import EU_LANGUAGES, Cefr, DegreeLevel
from app.services.eligibility.degrees import date_verdict, field_verdict
from app.services.eligibility.wording import CODES, degree_name, result

# Bologna: a second-cycle degree follows a first cycle of at least 3 years.
_YEARS_IMPLIED_BY_MASTER = 3


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
    evidence = [f"{language} {level.value}" for language, level in sorted(best.items())]
    evidence += [f"{language}: not an official EU language, not counted" for language in others]
    need = _requirement(rule)
    if not best and not others:
        return result(Criterion.languages, Outcome.unknown, f"no languages declared; {need}", [])
    mains = sorted(
        (lang for lang, level in best.items()
         if level.at_least(rule.main_level)
         and (not rule.main_languages or lang in rule.main_languages)),
        key=lambda lang: (-best[lang].rank, lang))
    if not mains:
        among = f" among {', '.join(rule.main_languages)}" if rule.main_languages else ""
        return result(Criterion.languages, Outcome.not_met,
                      f"no language{among} at {rule.main_level.value} or better; {need}", evidence)
    main = mains[0]
    main_text = f"{main} at {best[main].value} (≥ {rule.main_level.value})"
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
                          f"{candidate} at {best[candidate].value} (≥ {rule.main_level.value}) "
                          f"and {second} at {best[second].value} (≥ {second_level.value})",
                          evidence)
    return result(Criterion.languages, Outcome.not_met,
                  f"{main_text} but no other language at {second_level.value} or better; {need}",
                  evidence)


def _requirement(rule: LanguageRule) -> str:
    main = f"one language at {rule.main_level.value} or better"
    if rule.main_languages:
        main += f" among {', '.join(rule.main_languages)}"
    if rule.second_level is None:
        return f"{main} required"
    return f"{main} and another at {rule.second_level.value} or better required"


def check_education(rule: EducationRule, profile: CandidateProfile,
                    as_of: date) -> CriterionResult:
    """Some degree at ``min_level`` or above, of at least ``min_years`` of study, in a listed
    field, completed by ``as_of``."""
    need = _education_requirement(rule)
    if not profile.education:
        return result(Criterion.education, Outcome.unknown, f"no education declared; {need}", [])
    judged = [(_judge(rule, degree, as_of), degree) for degree in profile.education]
    evidence = [_describe(degree) + (f" ({'; '.join(notes)})" if notes else "")
                for (_, notes), degree in judged]
    for outcome in (Outcome.met, Outcome.unknown):
        for (found, notes), degree in judged:
            if found == outcome:
                verb = "meets" if outcome == Outcome.met else "may meet"
                why = f" ({'; '.join(notes)})" if notes else ""
                because = next((n for n in notes if n in CODES), None)
                return result(Criterion.education, outcome,
                              f"{_describe(degree)}{why} {verb}: {need}", evidence,
                              because=because)
    return result(Criterion.education, Outcome.not_met, f"no declared degree meets: {need}",
                  evidence)


def _judge(rule: EducationRule, degree: Education, as_of: date) -> tuple[Outcome, list[str]]:
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


def _years(rule: EducationRule, degree: Education) -> tuple[Outcome, str | None]:
    if rule.min_years is None:
        return Outcome.met, None
    if degree.level.rank < DegreeLevel.post_secondary.rank:
        return Outcome.not_met, "not higher education"
    if degree.years is not None and degree.years >= rule.min_years:
        return Outcome.met, None
    if degree.level.rank >= DegreeLevel.master.rank and rule.min_years <= _YEARS_IMPLIED_BY_MASTER:
        return Outcome.met, (f"a {degree_name(degree.level)} implies at least "
                             f"{_YEARS_IMPLIED_BY_MASTER} years of university studies")
    if degree.years is None:
        return Outcome.unknown, "years of study not given"
    return Outcome.not_met, None


def _describe(degree: Education) -> str:
    years = "" if degree.years is None else f", {degree.years} years"
    field = "" if degree.field is None else f" in {degree.field}"
    return f"{degree_name(degree.level)}{field}{years}"


def _education_requirement(rule: EducationRule) -> str:
    parts = []
    if rule.min_level is not None:
        level = f"a {degree_name(rule.min_level)} or higher"
        if rule.fields:
            level += f" in {', '.join(rule.fields)}"
            if rule.other_fields_relevant:
                level += " or another domain deemed relevant"
        parts.append(level)
    if rule.min_years is not None:
        parts.append(f"at least {rule.min_years} years of higher education")
    return " with ".join(parts) + " required"
