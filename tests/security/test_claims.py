"""RFC 7519 / RFC 8725: every claim the service relies on is required and of the right shape;
anything else is an invalid token (401), never a 500 and never a silently trusted default."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from app.config import Settings
from app.security.tokens import TokenVerifier, mint_dev_token
from tests.security.signing import ABSENT, bearer, claims, signed

JOBS = "/api/v1/admin/jobs"  # an admin-only route: 200, 401 or 403 and nothing else
HOUR = 3600


async def _get(client: httpx.AsyncClient, token: str) -> httpx.Response:
    response = await client.get(JOBS, headers=bearer(token))
    assert response.status_code in (200, 401, 403), response.text
    return response


async def test_well_formed_claims_are_accepted(client: httpx.AsyncClient,
                                              settings: Settings) -> None:
    assert (await _get(client, signed(settings, claims(settings)))).status_code == 200


@pytest.mark.parametrize("claim", ["aud", "iss", "exp", "sub", "iat"])
async def test_a_token_missing_a_required_claim_is_refused(
    client: httpx.AsyncClient, settings: Settings, claim: str
) -> None:
    response = await _get(client, signed(settings, claims(settings, **{claim: ABSENT})))
    assert response.status_code == 401
    assert claim in response.json()["detail"]


async def test_audience_may_be_a_list_that_names_us(client: httpx.AsyncClient,
                                                    settings: Settings) -> None:
    ours = claims(settings, aud=["another-service", settings.jwt_audience])
    assert (await _get(client, signed(settings, ours))).status_code == 200
    theirs = claims(settings, aud=["another-service"])
    assert (await _get(client, signed(settings, theirs))).status_code == 401


@pytest.mark.parametrize(
    ("iat", "exp", "accepted"),
    [(-HOUR, 12 * HOUR - HOUR, True), (-HOUR, 12 * HOUR, False), (0, 30 * 24 * HOUR, False),
     (2 * HOUR, 3 * HOUR, False), (0, 0, False)],
    ids=["12h-exactly", "12h-and-1h-later", "a-month", "issued-in-the-future", "zero-lifetime"],
)
async def test_token_lifetime_is_capped_at_twelve_hours(
    client: httpx.AsyncClient, settings: Settings, iat: int, exp: int, accepted: bool
) -> None:
    base = claims(settings)
    now = int(base["iat"])
    token = signed(settings, {**base, "iat": now + iat, "nbf": now + min(iat, 0),
                              "exp": now + exp})
    assert ((await _get(client, token)).status_code == 200) is accepted


async def test_the_lifetime_cap_is_a_setting(settings: Settings) -> None:
    strict = settings.model_copy(update={"jwt_max_lifetime_seconds": 600})
    verifier = TokenVerifier.from_settings(strict)
    assert (await verifier.verify(mint_dev_token(strict, sub="a", roles=[], ttl_seconds=600))
            ).sub == "a"
    with pytest.raises(ValueError, match="lifetime"):
        mint_dev_token(strict, sub="a", roles=[], ttl_seconds=601)
    long_lived = signed(strict, claims(strict, exp=int(claims(strict)["iat"]) + 601))
    with pytest.raises(Exception, match="lifetime"):
        await verifier.verify(long_lived)


@pytest.mark.parametrize("ttl", [0, -5, 12 * HOUR + 1])
def test_dev_tokens_refuse_a_lifetime_outside_the_cap(settings: Settings, ttl: int) -> None:
    with pytest.raises(ValueError):
        mint_dev_token(settings, sub="a", roles=["admin"], ttl_seconds=ttl)


@pytest.mark.parametrize(
    "roles",
    [ABSENT, "admin", {"admin": True}, [["hr"]], [1], None, ["admin", None]],
    ids=["missing", "string", "object", "nested-list", "number", "null", "list-with-null"],
)
async def test_roles_of_the_wrong_shape_make_an_invalid_token(
    client: httpx.AsyncClient, settings: Settings, roles: Any
) -> None:
    response = await _get(client, signed(settings, claims(settings, roles=roles)))
    assert response.status_code == 401
    assert "roles" in response.json()["detail"]


async def test_unknown_role_names_are_ignored_not_trusted(client: httpx.AsyncClient,
                                                          settings: Settings) -> None:
    unknown_only = claims(settings, roles=["superuser", "ADMIN", "admin "])
    assert (await _get(client, signed(settings, unknown_only))).status_code == 403
    mixed = claims(settings, roles=["superuser", "admin"])
    assert (await _get(client, signed(settings, mixed))).status_code == 200
    nobody = claims(settings, roles=[])
    assert (await _get(client, signed(settings, nobody))).status_code == 403


@pytest.mark.parametrize(
    "sub",
    ["", "eve\x00", "eve\nadmin", "\x1b[31meve", "eve\x7f", "eve\u200b", "x" * 256, 42,
     ["eve"], None],
    ids=["empty", "nul", "newline", "escape", "del", "zero-width", "too-long", "number",
         "list", "null"],
)
async def test_a_subject_with_control_characters_or_the_wrong_shape_is_refused(
    client: httpx.AsyncClient, settings: Settings, sub: Any
) -> None:
    response = await _get(client, signed(settings, claims(settings, sub=sub)))
    assert response.status_code == 401
    assert "sub" in response.json()["detail"]


@pytest.mark.parametrize(
    ("claim", "value"),
    [("unit", 7), ("unit", ""), ("unit", "CNECT A"), ("unit", ["CNECT"]), ("unit", "CNECT..A"),
     ("unit", "CNECT.A\x00"), ("unit", "A.B.C.D.E.F"), ("country", "BEL"), ("country", "B1"),
     ("country", ""), ("country", 32), ("country", {"iso": "BE"})],
)
async def test_unit_and_country_of_the_wrong_shape_make_an_invalid_token(
    client: httpx.AsyncClient, settings: Settings, claim: str, value: Any
) -> None:
    response = await _get(client, signed(settings, claims(settings, **{claim: value})))
    assert response.status_code == 401
    assert claim in response.json()["detail"]


async def test_unit_and_country_are_read_case_insensitively(settings: Settings) -> None:
    verifier = TokenVerifier.from_settings(settings)
    principal = await verifier.verify(
        signed(settings, claims(settings, unit="cnect.a.2", country="be")))
    assert (principal.unit, principal.country) == ("CNECT.A.2", "BE")
    hyphenated = await verifier.verify(signed(settings, claims(settings, unit="DIGIT.CERT-EU")))
    assert hyphenated.unit == "DIGIT.CERT-EU"


@pytest.mark.parametrize(
    "field", ["iat", "exp", "nbf"],
)
async def test_time_claims_must_be_numbers(client: httpx.AsyncClient, settings: Settings,
                                           field: str) -> None:
    response = await _get(client, signed(settings, claims(settings, **{field: "soon"})))
    assert response.status_code == 401
    assert field in response.json()["detail"]
