"""Rules of applications that need no database: deadlines, channels, keys, transitions."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from app.clock import BRUSSELS, as_utc
from app.errors import Conflict, Forbidden, Unprocessable
from app.models.applications import ApplicationStatus as S
from app.models.calls import OpenTo
from app.models.profile import Article29Status
from app.models.reference import country_code
from app.models.stored import CallDoc, ProfileDoc
from app.security.principal import Principal, Role
from app.services.audit import pseudonym
from app.services.eligibility.kinds import open_to_country

SNE_CHANNEL_REASON = ("SNE applications are accepted only through the Permanent Representation "
                      "of the candidate's country.")

# Decisions: from → allowed targets. Everything else is refused with the allowed list.
TRANSITIONS: dict[S, tuple[S, ...]] = {
    S.submitted: (S.eligible, S.ineligible, S.preselected, S.not_selected),
    S.eligible: (S.preselected, S.not_selected, S.reserve),
    S.preselected: (S.interviewed, S.not_selected),
    S.interviewed: (S.selected, S.reserve, S.not_selected),
    S.reserve: (S.selected, S.not_selected),
}
# Only candidates selected for the next step hear from us (DOMAIN.md).
NOTIFY: dict[S, str] = {S.preselected: "invited_to_interview", S.selected: "selected"}
WITHDRAWABLE = (S.draft.value, S.submitted.value)


def deadline_instant(call: CallDoc) -> datetime:
    return as_utc(call["deadline"]["utc"])


def deadline_text(call: CallDoc) -> str:
    """The deadline as the notice prints it, in the call's zone (Brussels)."""
    zone = call["deadline"].get("zone") or "Europe/Brussels"
    last_day = call["deadline"].get("last_day")
    if last_day:
        # "Latest application date: 25-07-2024": open until that day ends.
        return f"{date.fromisoformat(str(last_day)):%d/%m/%Y}, end of the day ({zone} time)"
    local = deadline_instant(call).astimezone(ZoneInfo(zone))
    return f"{local:%d/%m/%Y %H:%M} ({zone} time, {local:%Z})"


def ensure_open(call: CallDoc, now: datetime, *, action: str) -> None:
    """409 unless the call is published and its deadline instant is still ahead."""
    if now >= deadline_instant(call):
        raise Conflict(f"The deadline for this call has passed: {action} was possible until "
                       f"{deadline_text(call)}.", deadline=deadline_instant(call).isoformat())
    if call.get("status") != "published":
        raise Conflict(f"The call is {call.get('status')}; {action} is possible only while it is "
                       "published.", call_status=call.get("status"))


def brussels_date(now: datetime) -> date:
    """The calendar date in Brussels at ``now`` (eligibility is checked on that day)."""
    return now.astimezone(BRUSSELS).date()


def check_channel(actor: Principal, call_kind: str) -> str:
    """The channel the caller applies through for this kind of call; 403 for the wrong one."""
    if call_kind == "sne":
        if actor.has(Role.permrep):
            return "permrep"
        raise Forbidden(SNE_CHANNEL_REASON)
    if actor.has(Role.candidate):
        return "candidate"
    if actor.has(Role.permrep):
        raise Forbidden("Permanent Representations submit SNE applications only; candidates "
                        "apply to Contract Agent and Temporary Agent calls themselves.")
    raise Forbidden("Only candidates apply to Contract Agent and Temporary Agent calls.")


def _describe_open_to(open_to: OpenTo) -> str:
    parts = ["EU Member States"] if open_to.eu_member_states else []
    parts += sorted({*open_to.efta_countries, *open_to.third_countries})
    return ", ".join(parts) or "no state"


def check_open_to(call: CallDoc, country: str | None) -> None:
    """422 unless the submitting state is one the notice is open to ("This vacancy notice is
    open to: EU Member States as well as ... the following EFTA countries ...")."""
    open_to = OpenTo.model_validate(call.get("open_to") or {})
    code = country_code(country or "")
    if code is None or not open_to_country(open_to, code):
        raise Unprocessable(
            f"This call is open to {_describe_open_to(open_to)} only; a Permanent "
            f"Representation of {code or country or 'an unknown state'} cannot submit to it.",
            errors=[{"loc": ["token", "country"],
                     "msg": "not among the states the call is open to"}])


def check_permrep_country(actor: Principal, profile: ProfileDoc) -> None:
    """A PermRep submits for its nationals, or for people employed in its country."""
    nationalities = {country_code(str(c)) for c in profile.get("nationalities") or []}
    employers = {country_code(str(e.get("country") or "")) for e in profile.get("experience") or []
                 if e.get("end") is None}
    own = country_code(actor.country or "")
    if own is None or own not in nationalities | employers:
        raise Forbidden(SNE_CHANNEL_REASON + " Your country matches neither the candidate's "
                        "nationalities nor the country of their current employer.")


def candidate_key(*, settings_key: str, channel: str, actor: Principal,
                  profile: ProfileDoc) -> str:
    """Who the application is about, for the one-application-per-call rule.

    A candidate is their token's subject; an SNE candidate has no account with us, so a
    pseudonym of their e-mail stands in.
    """
    if channel == "candidate":
        return actor.sub
    contact = profile.get("contact")
    email = contact.get("email") if contact else None
    if not email:
        raise Unprocessable("An SNE application needs the candidate's contact e-mail from the "
                            "first draft: it identifies the candidate across submissions.",
                            errors=[{"loc": ["body", "profile", "contact", "email"],
                                     "msg": "Field required"}])
    return "sne:" + pseudonym(settings_key, str(email).strip().lower())


def choose_profile(call: CallDoc, requested: str | None) -> str:
    """The call's profile the application is for (the only one when not given)."""
    codes = [p["code"] for p in call.get("profiles") or []]
    if requested is None:
        if len(codes) == 1:
            return str(codes[0])
        raise Unprocessable("This call has several profiles; say which one in profile_code.",
                            errors=[{"loc": ["body", "profile_code"],
                                     "msg": "one of: " + ", ".join(codes)}])
    if requested not in codes:
        raise Unprocessable("profile_code is not one of the call's profiles.",
                            errors=[{"loc": ["body", "profile_code"],
                                     "msg": "one of: " + ", ".join(codes)}])
    return requested


def check_transition(current: str, target: S) -> None:
    """409 with the allowed targets when the decision is not a legal step."""
    allowed = TRANSITIONS.get(S(current), ())
    if target not in allowed:
        raise Conflict(f"An application that is {current} cannot become {target.value}.",
                       allowed=[a.value for a in allowed], application_status=current)


def priority_rank(call: CallDoc, profile: ProfileDoc) -> int:
    """Where the candidate stands in the call's Article 29 order ("applications from Commission
    officials, officials from other Institutions, and laureates of competitions have priority");
    0 for every candidate of a call without priority, and last for an unstated status."""
    if call.get("priority_rule") != "article29":
        return 0
    # A call that names no order follows Article 29's own: officials of the institution,
    # officials of other institutions, laureates, then the others.
    order = [str(s) for s in call.get("priority_order") or []] or list(Article29Status)
    status = profile.get("article29_status")
    return order.index(status) if status in order else len(order)
