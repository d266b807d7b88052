"""Citizenship, EPSO CAST registration, declarations on honour, security clearance."""

from __future__ import annotations

from app.models.criteria import EligibilityCriteria
from app.models.eligibility import Criterion, CriterionResult, Outcome
from app.models.integrations_cast import CastVerification
from app.models.profile import CandidateProfile, SecurityClearance
from app.models.reference import EU_MEMBER_STATES, Declaration, FunctionGroup
from app.services.eligibility.wording import CAST_NOT_VERIFIED, CLEARANCE_NOT_VETTED, result

_DECLARATION_NAMES = {
    Declaration.military_service: "military-service obligations met",
    Declaration.character_references: "character references",
    Declaration.physical_fitness: "physically fit",
    Declaration.full_rights_as_citizen: "full rights as a citizen",
}


def check_citizenship(criteria: EligibilityCriteria, profile: CandidateProfile) -> CriterionResult:
    """A nationality of an EU Member State (if required) or one of the listed nationalities."""
    accepted = set(criteria.nationalities)
    wanted = []
    if criteria.eu_citizenship:
        accepted |= EU_MEMBER_STATES
        wanted.append("an EU Member State")
    if criteria.nationalities:
        wanted.append(", ".join(criteria.nationalities))
    need = f"nationality of {' or '.join(wanted)} required"
    evidence = [f"nationality: {code}" for code in profile.nationalities]
    held = [code for code in profile.nationalities if code in accepted]
    if held:
        return result(Criterion.citizenship, Outcome.met,
                      f"national of {', '.join(held)}; {need}", evidence)
    return result(Criterion.citizenship, Outcome.not_met,
                  f"national of {', '.join(profile.nationalities)}; {need}", evidence)


def check_cast_registration(group: FunctionGroup, profile: CandidateProfile,
                            cast: CastVerification | None = None, *,
                            verified: bool = False) -> CriterionResult:
    """Registration in EPSO CAST in ``group``: ``met``/``not_met`` only as a CAST import shows
    it (``cast``: the import's match, or ``verified``: the declaration was checked); a
    declaration alone is ``unknown``."""
    need = f"EPSO CAST registration in {group.value} required"
    if cast is not None:
        return _cast_verified(group, cast, need)
    declared = [g.value for g in profile.cast_function_groups]
    if not declared:
        return result(Criterion.cast_registration, Outcome.unknown,
                      f"no EPSO CAST registration declared; {need}", [])
    evidence = [f"declared CAST function groups: {', '.join(declared)}"]
    if group not in profile.cast_function_groups:
        return result(Criterion.cast_registration, Outcome.not_met,
                      f"registered in EPSO CAST in {', '.join(declared)} only; {need}", evidence)
    if profile.epso_per_id is None:
        return result(Criterion.cast_registration, Outcome.unknown,
                      f"CAST {group.value} declared without an EPSO Per-ID to check it with",
                      evidence)
    evidence.append(f"EPSO Per-ID {profile.epso_per_id}")
    if not verified:
        return result(Criterion.cast_registration, Outcome.unknown,
                      f"registered in EPSO CAST in {group.value}: {CAST_NOT_VERIFIED}",
                      [*evidence, CAST_NOT_VERIFIED], because=CAST_NOT_VERIFIED)
    return result(Criterion.cast_registration, Outcome.met,
                  f"registered in EPSO CAST in {group.value} (verified against a CAST import)",
                  evidence)


def _cast_verified(group: FunctionGroup, cast: CastVerification, need: str) -> CriterionResult:
    evidence = [f"EPSO CAST import {cast.import_id}, matched by "
                f"{'EPSO Per-ID' if cast.rule == 'per_id' else 'e-mail'}",
                f"passed: {', '.join(cast.passed) or 'none'}",
                f"failed: {', '.join(cast.failed) or 'none'}"]
    if group.value in cast.passed:
        return result(Criterion.cast_registration, Outcome.met,
                      f"EPSO CAST passed in {group.value} (verified against an import)", evidence)
    return result(Criterion.cast_registration, Outcome.not_met,
                  f"the EPSO CAST import shows no pass in {group.value}; {need}", evidence)


def check_declarations(required: list[Declaration], profile: CandidateProfile) -> CriterionResult:
    """Every declaration on honour the call requires."""
    missing = [d for d in required if d not in profile.declarations]
    given = [f"declared: {_DECLARATION_NAMES[d]}" for d in required if d in profile.declarations]
    if missing:
        names = ", ".join(_DECLARATION_NAMES[d] for d in missing)
        return result(Criterion.declarations, Outcome.not_met, f"missing declarations: {names}",
                      given + [f"missing: {d.value}" for d in missing])
    return result(Criterion.declarations, Outcome.met,
                  f"all {len(required)} required declarations given", given)


def check_security_clearance(profile: CandidateProfile) -> CriterionResult:
    """"hold a security clearance at EU SECRET level or be in a position to be security
    cleared": held is a statement of fact (met, proven at recruitment like the other
    statements); able to be cleared is for the vetting to confirm (unknown)."""
    clearance = profile.security_clearance
    if clearance is None:
        return result(Criterion.security_clearance, Outcome.unknown,
                      "security clearance not stated; EU SECRET clearance held or able to be "
                      "cleared required", [])
    if clearance == SecurityClearance.held:
        return result(Criterion.security_clearance, Outcome.met,
                      "declares holding EU SECRET clearance", ["declared by the candidate"])
    if clearance == SecurityClearance.able_to_be_cleared:
        return result(Criterion.security_clearance, Outcome.unknown,
                      f"declares being {CLEARANCE_NOT_VETTED}", ["declared by the candidate"],
                      because=CLEARANCE_NOT_VETTED)
    return result(Criterion.security_clearance, Outcome.not_met,
                  "neither holds EU SECRET clearance nor declares being able to be cleared; "
                  "required", ["declared by the candidate"])
