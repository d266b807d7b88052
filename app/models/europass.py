"""Facts read from a Europass CV's embedded XML: evidence for pre-filling and eligibility."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from app.models.profile import Education, Experience, LanguageSkill


class CvFacts(BaseModel):
    """What a machine-readable Europass CV states (fields are absent when the CV is silent)."""

    format: Literal["europass-2020", "europass-v3"]
    cv_language: str | None = Field(default=None, description="ISO 639-1, lower case: en, fr, de.")
    first_name: str | None = None
    last_name: str | None = None
    nationalities: list[str] = Field(default_factory=list, description="ISO 3166 alpha-2.")
    languages: list[LanguageSkill] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    experience: list[Experience] = Field(default_factory=list)
