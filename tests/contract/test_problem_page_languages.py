"""The /problems pages in French and German, by Accept-Language; codes and statuses unchanged."""

from __future__ import annotations

import html

import httpx
import pytest

from app.i18n import catalogue
from app.problems import PROBLEMS


def test_every_registered_code_has_a_french_and_german_title_when_and_action() -> None:
    for language in ("fr", "de"):
        translations = catalogue(language)
        missing = sorted(f"{code}.{part}" for code, kind in PROBLEMS.items()
                         for part, text in (("title", kind.title), ("when", kind.when),
                                            ("action", kind.action))
                         if text not in translations)
        assert not missing, (language, missing)


@pytest.mark.parametrize(("accept", "language", "heading", "action"), [
    ("fr-BE, fr;q=0.9", "fr", "<h2>Que faire</h2>", "Relisez la ressource par GET"),
    ("de", "de", "<h2>Was zu tun ist</h2>", "Lesen Sie die Ressource erneut mit GET"),
    (None, "en", "<h2>What to do</h2>", "GET the resource again"),
])
async def test_a_problem_page_is_served_in_the_language_asked_for(
    client: httpx.AsyncClient, accept: str | None, language: str, heading: str, action: str,
) -> None:
    response = await client.get("/problems/precondition-failed",
                                headers={"Accept-Language": accept} if accept else {})
    assert response.status_code == 200
    assert response.headers["Content-Language"] == language
    assert "accept-language" in response.headers["Vary"].lower()
    assert f'<html lang="{language}">' in response.text
    assert heading in response.text and action in response.text
    # The machine parts stay as they are.
    assert "<code>/problems/precondition-failed</code>" in response.text
    assert "<code>precondition-failed</code>" in response.text and "412" in response.text


async def test_the_markdown_page_and_the_index_in_german(client: httpx.AsyncClient) -> None:
    page = await client.get("/problems/zip-bomb",
                            headers={"Accept": "text/markdown", "Accept-Language": "de-AT"})
    assert page.headers["Content-Language"] == "de"
    assert page.text.startswith("# " + catalogue("de")["Zip bomb"])
    assert "## Wann dies auftritt" in page.text and "`zip-bomb`" in page.text
    index = await client.get("/problems", headers={"Accept-Language": "fr"})
    assert index.headers["Content-Language"] == "fr"
    assert "<h1>Types de problèmes</h1>" in index.text
    assert html.escape(catalogue("fr")["Not found"]) in index.text
    assert 'href="/problems/zip-bomb"' in index.text
