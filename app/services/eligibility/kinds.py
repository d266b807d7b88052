"""What each kind of call adds to the criteria its notice lists: who may be a candidate."""

from __future__ import annotations

from app.models.calls import CallKind, OpenTo
from app.models.criteria import EligibilityCriteria
from app.models.reference import EU_MEMBER_STATES


def criteria_for(kind: CallKind | str, criteria: EligibilityCriteria,
                 open_to: OpenTo) -> EligibilityCriteria:
    """The criteria with the kind's nationality rule.

    CA/TA: "be a citizen of a Member State of the EU". SNE: a national of a state the notice is
    open to ("This vacancy notice is open to: EU Member States as well as the following EFTA
    countries ... third countries"), so a US national is not eligible for a notice open to EU
    Member States only.
    """
    if str(kind) == "sne":
        listed = sorted({*criteria.nationalities, *open_to.efta_countries,
                         *open_to.third_countries})
        return criteria.model_copy(update={"eu_citizenship": open_to.eu_member_states,
                                           "nationalities": listed})
    return criteria.model_copy(update={"eu_citizenship": True})


def open_to_country(open_to: OpenTo, country: str) -> bool:
    """Whether a state may submit (SNE: its Permanent Representation) under ``open_to``."""
    if open_to.eu_member_states and country in EU_MEMBER_STATES:
        return True
    return country in open_to.efta_countries or country in open_to.third_countries
