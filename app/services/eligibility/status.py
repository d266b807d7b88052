"""Citizenship, EPSO CAST registration, declarations on honour, security clearance."""

from __future__ import annotations

from app.models.criteria import EligibilityCriteria
from app.models.eligibility import Criterion, CriterionResult, Message, Outcome
from app.models.integrations_cast import CastVerification
from app.models.profile import CandidateProfile, SecurityClearance
from app.models.reference import EU_MEMBER_STATES, Declaration, FunctionGroup
from app.services.eligibility.wording import (
    CAST_NOT_VERIFIED,
    CLEARANCE_NOT_VETTED,
    COMMA,
    DECLARATION_NAMES,
    SEMICOLON,
    joined,
    msg,
    result,
    template,
)

_EU_NATIONALITY = template("nationality of an EU Member State required")
_LISTED_NATIONALITY = template("nationality of {countries} required")
_EU_OR_LISTED = template("nationality of an EU Member State or {countries} required")
_NATIONALITY = template("nationality: {country}")
_NATIONAL_OF = template("national of {countries}")
_CAST_NEEDED = template("EPSO CAST registration in {group} required")
_NO_CAST = template("no EPSO CAST registration declared")
_DECLARED_GROUPS = template("declared CAST function groups: {groups}")
_OTHER_GROUPS = template("registered in EPSO CAST in {groups} only")
_NO_PER_ID = template("CAST {group} declared without an EPSO Per-ID to check it with")
_PER_ID = template("EPSO Per-ID {per_id}")
_NOT_VERIFIED = template("registered in EPSO CAST in {group}: declared, not yet verified "
                         "against a CAST import")
_VERIFIED = template("registered in EPSO CAST in {group} (verified against a CAST import)")
_BY_PER_ID = template("EPSO CAST import {import_id}, matched by EPSO Per-ID")
_BY_EMAIL = template("EPSO CAST import {import_id}, matched by e-mail")
_PASSED = template("passed: {groups}")
_FAILED = template("failed: {groups}")
_NONE = template("none")
_CAST_PASSED = template("EPSO CAST passed in {group} (verified against an import)")
_NO_PASS = template("the EPSO CAST import shows no pass in {group}")
_DECLARED = template("declared: {declaration}")
_MISSING = template("missing declarations: {declarations}")
_MISSING_CODE = template("missing: {declaration}")
_ALL_GIVEN = template("all {count} required declarations given")
_CLEARANCE_NOT_STATED = template("security clearance not stated; EU SECRET clearance held or "
                                 "able to be cleared required")
_CLEARANCE_HELD = template("declares holding EU SECRET clearance")
_BY_CANDIDATE = template("declared by the candidate")
_ABLE_TO_BE_CLEARED = template("declares being able to be cleared: only the security vetting "
                               "can confirm it")
_NO_CLEARANCE = template("neither holds EU SECRET clearance nor declares being able to be "
                         "cleared; required")


def check_citizenship(criteria: EligibilityCriteria, profile: CandidateProfile) -> CriterionResult:
    """A nationality of an EU Member State (if required) or one of the listed nationalities."""
    accepted = set(criteria.nationalities)
    if criteria.eu_citizenship:
        accepted |= EU_MEMBER_STATES
    listed = ", ".join(criteria.nationalities)
    if criteria.eu_citizenship:
        need = msg(_EU_OR_LISTED, countries=listed) if listed else msg(_EU_NATIONALITY)
    else:
        need = msg(_LISTED_NATIONALITY, countries=listed)
    evidence = [msg(_NATIONALITY, country=code) for code in profile.nationalities]
    held = [code for code in profile.nationalities if code in accepted]
    if held:
        return result(Criterion.citizenship, Outcome.met,
                      msg(SEMICOLON, first=msg(_NATIONAL_OF, countries=", ".join(held)),
                          second=need), evidence)
    national = msg(_NATIONAL_OF, countries=", ".join(profile.nationalities))
    return result(Criterion.citizenship, Outcome.not_met,
                  msg(SEMICOLON, first=national, second=need), evidence)


def check_cast_registration(group: FunctionGroup, profile: CandidateProfile,
                            cast: CastVerification | None = None, *,
                            verified: bool = False) -> CriterionResult:
    """Registration in EPSO CAST in ``group``: ``met``/``not_met`` only as a CAST import shows
    it (``cast``: the import's match, or ``verified``: the declaration was checked); a
    declaration alone is ``unknown``."""
    need = msg(_CAST_NEEDED, group=group.value)
    if cast is not None:
        return _cast_verified(group, cast, need)
    declared = ", ".join(g.value for g in profile.cast_function_groups)
    if not declared:
        return result(Criterion.cast_registration, Outcome.unknown,
                      msg(SEMICOLON, first=msg(_NO_CAST), second=need), [])
    evidence = [msg(_DECLARED_GROUPS, groups=declared)]
    if group not in profile.cast_function_groups:
        return result(Criterion.cast_registration, Outcome.not_met,
                      msg(SEMICOLON, first=msg(_OTHER_GROUPS, groups=declared), second=need),
                      evidence)
    if profile.epso_per_id is None:
        return result(Criterion.cast_registration, Outcome.unknown,
                      msg(_NO_PER_ID, group=group.value), evidence)
    evidence.append(msg(_PER_ID, per_id=profile.epso_per_id))
    if not verified:
        return result(Criterion.cast_registration, Outcome.unknown,
                      msg(_NOT_VERIFIED, group=group.value),
                      [*evidence, msg(CAST_NOT_VERIFIED)], because=CAST_NOT_VERIFIED)
    return result(Criterion.cast_registration, Outcome.met, msg(_VERIFIED, group=group.value),
                  evidence)


def _cast_verified(group: FunctionGroup, cast: CastVerification,
                   need: Message) -> CriterionResult:
    evidence = [msg(_BY_PER_ID if cast.rule == "per_id" else _BY_EMAIL,
                    import_id=str(cast.import_id)),
                msg(_PASSED, groups=", ".join(cast.passed) or msg(_NONE)),
                msg(_FAILED, groups=", ".join(cast.failed) or msg(_NONE))]
    if group.value in cast.passed:
        return result(Criterion.cast_registration, Outcome.met,
                      msg(_CAST_PASSED, group=group.value), evidence)
    return result(Criterion.cast_registration, Outcome.not_met,
                  msg(SEMICOLON, first=msg(_NO_PASS, group=group.value), second=need), evidence)


def check_declarations(required: list[Declaration], profile: CandidateProfile) -> CriterionResult:
    """Every declaration on honour the call requires."""
    missing = [d for d in required if d not in profile.declarations]
    given = [msg(_DECLARED, declaration=msg(DECLARATION_NAMES[d]))
             for d in required if d in profile.declarations]
    if missing:
        names = joined([msg(DECLARATION_NAMES[d]) for d in missing], COMMA)
        return result(Criterion.declarations, Outcome.not_met,
                      msg(_MISSING, declarations=names),
                      given + [msg(_MISSING_CODE, declaration=d.value) for d in missing])
    return result(Criterion.declarations, Outcome.met, msg(_ALL_GIVEN, count=len(required)),
                  given)


def check_security_clearance(profile: CandidateProfile) -> CriterionResult:
    """"hold a security clearance at EU SECRET level or be in a position to be security
    cleared": held is a statement of fact (met, proven at recruitment like the other
    statements); able to be cleared is for the vetting to confirm (unknown)."""
    clearance = profile.security_clearance
    if clearance is None:
        return result(Criterion.security_clearance, Outcome.unknown,
                      msg(_CLEARANCE_NOT_STATED), [])
    by_candidate = [msg(_BY_CANDIDATE)]
    if clearance == SecurityClearance.held:
        return result(Criterion.security_clearance, Outcome.met, msg(_CLEARANCE_HELD),
                      by_candidate)
    if clearance == SecurityClearance.able_to_be_cleared:
        return result(Criterion.security_clearance, Outcome.unknown, msg(_ABLE_TO_BE_CLEARED),
                      by_candidate, because=CLEARANCE_NOT_VETTED)
    return result(Criterion.security_clearance, Outcome.not_met, msg(_NO_CLEARANCE),
                  by_candidate)
