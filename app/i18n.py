"""Candidate-facing texts in English, French and German, chosen by ``Accept-Language``.

The catalogues are gettext ``.po`` files in ``app/locales`` (``fr.po``, ``de.po``), read with
babel at first use: no compile step a newcomer could miss, and translators edit the usual
format. The message id is the English text the code already uses, so English needs no
catalogue and a text missing from one falls back to English. Machine codes (``code``,
``type``, enum values) are never translated.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po
from starlette.types import ASGIApp, Receive, Scope, Send

DEFAULT = "en"
# The SNE notice's CV languages; the order is the preference when a client accepts "*".
SUPPORTED = ("en", "fr", "de")
LOCALES = Path(__file__).resolve().parent / "locales"

language_var: ContextVar[str] = ContextVar("language", default=DEFAULT)


@cache
def catalogue(language: str) -> dict[str, str]:
    """The translations of one language: English text → translated text."""
    path = LOCALES / f"{language}.po"
    if language == DEFAULT or not path.exists():
        return {}
    with path.open("rb") as po:
        parsed = read_po(po, locale=language)
    return {str(message.id): str(message.string) for message in parsed
            if message.id and message.string and not message.fuzzy}


def translate(text: str, language: str | None = None) -> str:
    """``text`` in ``language`` (the request's by default); English where untranslated."""
    return catalogue(language or language_var.get()).get(text, text)


def _ranges(header: str) -> list[str]:
    """The language ranges of ``Accept-Language``, best first (ties keep the client's order);
    those with ``q=0`` (refused) left out."""
    weighted: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if tag.strip() and quality > 0:
            weighted.append((-quality, position, tag.strip()))
    return [tag for _, _, tag in sorted(weighted)]


def negotiate(header: str | None) -> str:
    """The language to answer in (RFC 9110 §12.5.4, basic filtering): the first range of the
    highest quality that names a supported language (``fr-BE`` → ``fr``), else English."""
    for tag in _ranges(header or ""):
        if tag == "*":
            return DEFAULT
        try:
            language = Locale.parse(tag, sep="-").language
        except (ValueError, UnknownLocaleError):
            continue
        if language in SUPPORTED:
            return language
    return DEFAULT


class LanguageMiddleware:
    """Sets the request's language from ``Accept-Language``; an answer that carries
    translated text says which language in ``Content-Language`` (the handler sets it)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = next((value.decode("latin-1") for name, value in scope["headers"]
                       if name == b"accept-language"), None)
        token = language_var.set(negotiate(header))
        try:
            await self.app(scope, receive, send)
        finally:
            language_var.reset(token)


# How an answer with translated text documents its headers in the OpenAPI document.
LANGUAGE_HEADERS = {
    "Content-Language": {"description": "The language of the texts: en, fr or de.",
                         "schema": {"type": "string", "enum": list(SUPPORTED)}},
}


def content_language() -> dict[str, str]:
    """The headers of an answer carrying texts in the request's language."""
    return {"Content-Language": language_var.get(), "Vary": "Accept-Language"}

