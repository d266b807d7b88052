"""Reference data: public, cacheable, from pycountry and the EU's conventions."""

from __future__ import annotations

import httpx
import pytest

REF = "/api/v1/reference"


@pytest.mark.parametrize("name", ["languages", "cefr-levels", "countries", "call-kinds"])
async def test_reference_lists_are_public_cacheable_and_revalidate(
    client: httpx.AsyncClient, name: str
) -> None:
    first = await client.get(f"{REF}/{name}")
    assert first.status_code == 200, first.text
    assert first.headers["cache-control"] == "public, max-age=86400"
    tag = first.headers["etag"]
    assert first.json()["items"]
    again = await client.get(f"{REF}/{name}", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == tag


async def test_languages_are_the_eu_24_or_every_iso_language(client: httpx.AsyncClient) -> None:
    eu = (await client.get(f"{REF}/languages")).json()["items"]
    assert len(eu) == 24 and all(item["eu_official"] for item in eu)
    assert {"code": "EL", "name": "Modern Greek (1453-)", "iso_639_3": "ell",
            "eu_official": True} in eu
    every = (await client.get(f"{REF}/languages", params={"scope": "all"})).json()["items"]
    codes = {item["code"]: item for item in every}
    assert codes["AR"]["eu_official"] is False and codes["YUE"]["name"] == "Yue Chinese"
    assert [i["eu_official"] for i in every[:24]] == [True] * 24


async def test_cefr_levels_carry_the_notices_words(client: httpx.AsyncClient) -> None:
    body = (await client.get(f"{REF}/cefr-levels")).json()
    words = {item["code"]: item["notice_words"] for item in body["items"]}
    assert words["C1"] == words["C2"] == ["thorough", "satisfactory"]
    assert words["B2"] == ["satisfactory"] and words["B1"] == []
    assert {"word": "thorough", "minimum": "C1"} in body["notice_words"]


async def test_countries_flag_the_eu_and_efta_and_note_el(client: httpx.AsyncClient) -> None:
    items = {c["code"]: c for c in (await client.get(f"{REF}/countries")).json()["items"]}
    assert sum(c["eu_member_state"] for c in items.values()) == 27
    assert {code for code, c in items.items() if c["efta"]} == {"IS", "LI", "NO", "CH"}
    assert items["GR"]["eu_code"] == "EL" and items["GR"]["eu_member_state"]
    assert items["US"]["eu_member_state"] is False


async def test_call_kinds_say_who_applies_and_how(client: httpx.AsyncClient) -> None:
    kinds = {k["code"]: k for k in (await client.get(f"{REF}/call-kinds")).json()["items"]}
    assert kinds["sne"]["channel"] == "permrep" and kinds["sne"]["europass_cv_required"]
    assert kinds["ca"]["channel"] == "candidate" and kinds["ca"]["cast_registration_required"]
    assert kinds["ta"]["channel"] == "candidate"
