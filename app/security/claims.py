"""The claims a token must carry, and their shapes (RFC 7519 §4, RFC 8725 §3.9–3.10).

A claim of the wrong shape makes the token invalid (401): it is never coerced, defaulted or
left for a later line to trip over with a 500.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from app.security.principal import Principal, Role

_ROLE_NAMES = frozenset(Role.__members__)


def _printable(value: str) -> str:
    # Control and format characters (NUL, newlines, escapes, zero-width, bidi overrides) in an
    # id end up in logs, audit records and screens; no issuer has a reason to send them.
    if any(unicodedata.category(ch)[0] == "C" or unicodedata.category(ch) in ("Zl", "Zp")
           for ch in value):
        raise ValueError("contains control or format characters")
    return value


def _finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("is not a finite number")
    return value


NumericDate = Annotated[float, Field(strict=True), AfterValidator(_finite)]
# OpenID Connect Core §2: sub is at most 255 characters.
Subject = Annotated[str, Field(min_length=1, max_length=255), AfterValidator(_printable)]
# The same shape as a call's unit (app/models/calls.py): up to five dotted parts, "DIGIT.CERT-EU".
Unit = Annotated[str, Field(min_length=2, max_length=40,
                            pattern=r"^[A-Za-z0-9][A-Za-z0-9-]*(\.[A-Za-z0-9][A-Za-z0-9-]*){0,4}$")]
Country = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]  # ISO 3166-1 alpha-2 (EU: EL, not GR)


class Claims(BaseModel):
    """What the service reads from a verified token; other claims are ignored."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)

    iss: str
    sub: Subject
    aud: str | list[str]
    exp: NumericDate
    iat: NumericDate
    nbf: NumericDate | None = None
    roles: Annotated[list[Annotated[str, Field(max_length=64)]], Field(max_length=64)]
    unit: Unit | None = None
    country: Country | None = None

    def principal(self) -> Principal:
        """The caller; role names the service does not know are ignored, never trusted."""
        return Principal(
            sub=self.sub,
            roles=frozenset(Role(r) for r in self.roles if r in _ROLE_NAMES),
            unit=self.unit.upper() if self.unit is not None else None,
            country=self.country.upper() if self.country is not None else None,
        )


class ClaimsError(ValueError):
    """The claims are missing or of the wrong shape; the message names the claims only."""


def parse_claims(payload: object) -> Claims:
    """Validate the payload's shape; the message never echoes a claim's value."""
    if not isinstance(payload, dict):
        raise ClaimsError("the payload is not a JSON object")
    try:
        return Claims.model_validate(payload)
    except ValidationError as exc:
        problems = []
        for error in exc.errors(include_input=False, include_url=False):
            claim = str(error["loc"][0]) if error["loc"] else "payload"
            reason = "is required" if error["type"] == "missing" else "has the wrong shape"
            if f"{claim} {reason}" not in problems:
                problems.append(f"{claim} {reason}")
        raise ClaimsError("; ".join(problems)) from None
