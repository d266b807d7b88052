"""The talent pool (consents and objections) and a call's best matches."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from bson import ObjectId
from pydantic import ConfigDict, Field

from app.models.common import ApiModel, StoredModel
from app.models.eligibility import Outcome


class TalentPoolDoc(StoredModel):
    """A ``talent_pool`` record: one application's consent to be considered for later calls."""

    id: ObjectId = Field(alias="_id")  # the application id
    candidate_key: str
    consented_at: datetime
    objected_at: datetime | None = None


class TalentPoolConsent(ApiModel):
    """Whether the application's candidate may be proposed for later calls."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"application_id": "6650f0a9a4e8b31d9c0e4f1a", "consented": True,
         "consented_at": "2024-06-01T09:30:00Z", "objected_at": None},
        {"application_id": "6650f0a9a4e8b31d9c0e4f1a", "consented": False,
         "consented_at": "2024-06-01T09:30:00Z", "objected_at": "2024-09-12T14:05:00Z"}]})

    application_id: str = Field(description="The application.")
    consented: bool = Field(description="True while the candidate is in the talent pool.")
    consented_at: datetime | None = Field(description="When the consent was given; null if it "
                                                      "never was.")
    objected_at: datetime | None = Field(description="When the candidate objected (never "
                                                     "proposed again).")


class ScoreComponent(ApiModel):
    """One advantage criterion's share of a best match's score."""

    name: Literal["field_of_degree", "relevant_experience", "languages", "keywords"] = Field(
        description="Which advantage criterion.")
    points: float = Field(description="Points earned.")
    max_points: float = Field(description="Points available.")
    detail: str = Field(description="How the points were earned (no personal data beyond the "
                                    "candidate's own profile facts).")


class BestMatch(ApiModel):
    """A candidate of the talent pool or of EPSO CAST, scored against the call."""

    source: Literal["application", "cast"] = Field(
        description="An earlier call's applicant who consented, or an EPSO CAST candidate.")
    reference: str = Field(description="The earlier application's id, or the EPSO Per-ID.")
    first_name: str = Field(description="Given name.")
    last_name: str = Field(description="Family name.")
    eligibility: Outcome = Field(description="Hard filters: `met`, or `unknown` (shown, "
                                             "never hidden); `not_met` candidates are left out.")
    unknown_criteria: list[str] = Field(description="Criteria the data cannot decide yet.")
    score: float = Field(description="Sum of the components (0–100).")
    components: list[ScoreComponent] = Field(description="Every component of the score.")


class BestMatchList(ApiModel):
    """The talent pool ranked against the call, best first."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"call_id": "6750f1c2a1b2c3d4e5f6"
                                                                          "0718",
        "considered": 2, "items": [{
            "source": "cast", "reference": "10000001", "first_name": "Ana",
            "last_name": "Example", "eligibility": "unknown",
            "unknown_criteria": ["experience"], "score": 35.0,
            "components": [{"name": "languages", "points": 15.0, "max_points": 20.0,
                            "detail": "3 EU languages at B2 or better"}]}]}]})

    call_id: str = Field(description="The call's id.")
    considered: int = Field(description="Candidates examined before ranking.")
    items: list[BestMatch] = Field(description="Best first.")
