"""The documentation of each problem ``type``: ``/problems/<code>`` is a page the API serves
(anonymous, outside ``/api``, cacheable), in English, French or German by ``Accept-Language``
(the code, type and status are the same in every language)."""

from __future__ import annotations

import html
import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path
from fastapi.responses import HTMLResponse, Response

from app.errors import NotFound
from app.i18n import LANGUAGE_HEADERS, content_language, language_var, translate
from app.models.common import Problem
from app.problems import PROBLEMS, ProblemKind, type_uri

router = APIRouter(tags=["problems"])

CACHE = "public, max-age=86400"
MARKDOWN = "text/markdown; charset=utf-8"
_CODE_SPAN = re.compile(r"`([^`]+)`")
_PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
{body}
</body></html>
"""

_DOCUMENTED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page, as HTML (default) or Markdown (`Accept: text/markdown`), "
                         "in the language `Accept-Language` asks for (English, French or "
                         "German), named in `Content-Language`.",
          "headers": LANGUAGE_HEADERS,
          "content": {"text/html": {"example": "<h1>Not found</h1>…"},
                      "text/markdown": {"example": "# Not found\n\n…"}}},
}
# The page's own words (the registry's texts are translated by their English text too).
_WHEN = "When it happens"
_ACTION = "What to do"
_INDEX = "Problem types"


def _words(kind: ProblemKind) -> ProblemKind:
    """``kind`` with its title, when and action in the request's language."""
    return ProblemKind(kind.status, translate(kind.title), translate(kind.when),
                       translate(kind.action))


def _markdown(code: str, kind: ProblemKind) -> str:
    kind = _words(kind)
    return (f"# {kind.title}\n\n"
            f"- {translate('type')}: `{type_uri(code)}`\n- {translate('code')}: `{code}`\n"
            f"- {translate('status')}: {kind.status}\n\n"
            f"## {translate(_WHEN)}\n\n{kind.when}\n\n## {translate(_ACTION)}\n\n"
            f"{kind.action}\n")


def _inline(text: str) -> str:
    return _CODE_SPAN.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _html(code: str, kind: ProblemKind) -> str:
    kind = _words(kind)
    return (f"<h1>{html.escape(kind.title)}</h1>\n"
            f"<p>{html.escape(translate('type'))} <code>{html.escape(type_uri(code))}</code>, "
            f"{html.escape(translate('code'))} <code>{html.escape(code)}</code>, "
            f"{html.escape(translate('status'))} {kind.status}</p>\n"
            f"<h2>{html.escape(translate(_WHEN))}</h2>\n<p>{_inline(kind.when)}</p>\n"
            f"<h2>{html.escape(translate(_ACTION))}</h2>\n<p>{_inline(kind.action)}</p>")


def _page(title: str, body: str) -> str:
    return _PAGE.format(lang=language_var.get(), title=html.escape(title), body=body)


def _wants_markdown(accept: str | None) -> bool:
    """Markdown only when asked for it (a browser, or no Accept, gets HTML)."""
    return accept is not None and "text/markdown" in accept.lower() \
        and "text/html" not in accept.lower()


AcceptHeader = Annotated[str | None, Header(max_length=500, description=(
    "`text/markdown` for Markdown; anything else gets HTML."))]


@router.get(
    "/problems", summary="Every kind of error this API returns",
    description="The index of the problem `type` URIs: one section per `code`, with its status, "
                "when it happens and what a client should do. Anonymous and cacheable.",
    response_class=HTMLResponse, responses=_DOCUMENTED,
)
async def list_problem_types(accept: AcceptHeader = None) -> Response:
    headers = {"Cache-Control": CACHE, **content_language()}
    index = translate(_INDEX)
    if _wants_markdown(accept):
        text = "\n".join(_markdown(code, kind).replace("# ", "## ", 1)
                         for code, kind in sorted(PROBLEMS.items()))
        return Response(f"# {index}\n\n" + text, media_type=MARKDOWN, headers=headers)
    body = f"<h1>{html.escape(index)}</h1>\n<ul>\n" + "\n".join(
        f'<li><a href="{html.escape(type_uri(code))}">{html.escape(code)}</a> '
        f"({kind.status}): {html.escape(translate(kind.title))}</li>"
        for code, kind in sorted(PROBLEMS.items())) + "\n</ul>"
    return HTMLResponse(_page(index, body), headers=headers)


@router.get(
    "/problems/{code}", summary="What one kind of error means and what to do",
    description="The page a problem's `type` (`/problems/<code>`) points at: its title, status, "
                "when it happens and what to do. Anonymous and cacheable.",
    response_class=HTMLResponse,
    responses={**_DOCUMENTED, 404: {"model": Problem, "description": "No such code."}},
)
async def get_problem_type(
    code: Annotated[str, Path(description="The problem's `code`.", examples=["not-found"])],
    accept: AcceptHeader = None,
) -> Response:
    kind = PROBLEMS.get(code)
    if kind is None:
        raise NotFound("No problem type has this code; GET /problems lists them.")
    headers = {"Cache-Control": CACHE, **content_language()}
    if _wants_markdown(accept):
        return Response(_markdown(code, kind), media_type=MARKDOWN, headers=headers)
    return HTMLResponse(_page(translate(kind.title), _html(code, kind)), headers=headers)
