"""Languages (CEFR levels) and education (degree level, years of study)."""

from __future__ import annotations

from app.models.criteria import EducationRule, LanguageRule
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.profile import CandidateProfile, Education
from app.models.reference import EU_LANGUAGES, Cefr, DegreeLevel
from app.services.eligibility.wording import degree_name, result

# Bologna: a second-cycle degree follows a first cycle of at least 3 years.
_YEARS_IMPLIED_BY_MASTER = 3


def check_languages(rule: LanguageRule, profile: CandidateProfile) -> CriterionResult:
    """One language at ``main_level`` or better and a different one at ``second_level``."""
    best: dict[str, Cefr] = {}
    for skill in profile.languages:
        if skill.language not in EU_LANGUAGES:  # a candidate's own language, not an EU one
            continue
        # The same language declared twice is still one language: keep its best level.
        if skill.language not in best or skill.level.rank > best[skill.language].rank:
            best[skill.language] = skill.level
    evidence = [f"{language} {level.value}" for language, level in sorted(best.items())]
    need = _requirement(rule)
    if not best:
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


def check_education(rule: EducationRule, profile: CandidateProfile) -> CriterionResult:
    """Some degree at ``min_level`` or above, of at least ``min_years`` of study."""
    need = _education_requirement(rule)
    if not profile.education:
        return result(Criterion.education, Outcome.unknown, f"no education declared; {need}", [])
    judged = [(_judge(rule, degree), degree) for degree in profile.education]
    evidence = [_describe(degree) + (f" ({note})" if note else "")
                for (_, note), degree in judged]
    for outcome in (Outcome.met, Outcome.unknown):
        for (found, note), degree in judged:
            if found == outcome:
                verb = "meets" if outcome == Outcome.met else "may meet"
                why = f" ({note})" if note else ""
                return result(Criterion.education, outcome,
                              f"{_describe(degree)}{why} {verb}: {need}", evidence)
    return result(Criterion.education, Outcome.not_met, f"no declared degree meets: {need}",
                  evidence)


def _judge(rule: EducationRule, degree: Education) -> tuple[Outcome, str]:
    """Whether one degree meets the rule, and a note when the answer needs one."""
    if rule.min_level is not None and degree.level.rank < rule.min_level.rank:
        return Outcome.not_met, ""
    if rule.min_years is None:
        return Outcome.met, ""
    if degree.level.rank < DegreeLevel.post_secondary.rank:
        return Outcome.not_met, "not higher education"
    if degree.years is not None and degree.years >= rule.min_years:
        return Outcome.met, ""
    if degree.level.rank >= DegreeLevel.master.rank and rule.min_years <= _YEARS_IMPLIED_BY_MASTER:
        return Outcome.met, (f"a {degree_name(degree.level)} implies at least "
                             f"{_YEARS_IMPLIED_BY_MASTER} years of university studies")
    if degree.years is None:
        return Outcome.unknown, "years of study not given"
    return Outcome.not_met, ""


def _describe(degree: Education) -> str:
    years = "" if degree.years is None else f", {degree.years} years"
    return f"{degree_name(degree.level)} in {degree.field}{years}"


def _education_requirement(rule: EducationRule) -> str:
    parts = []
    if rule.min_level is not None:
        parts.append(f"a {degree_name(rule.min_level)} or higher")
    if rule.min_years is not None:
        parts.append(f"at least {rule.min_years} years of higher education")
    return " with ".join(parts) + " required"
