"""The documentation of each problem ``type``: ``/problems/<code>`` is a page the API serves
(anonymous, outside ``/api``, cacheable)."""

from __future__ import annotations

import html
import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Path
from fastapi.responses import HTMLResponse, Response

from app.errors import NotFound
from app.models.common import Problem
from app.problems import PROBLEMS, ProblemKind, type_uri

router = APIRouter(tags=["problems"])

CACHE = "public, max-age=86400"
MARKDOWN = "text/markdown; charset=utf-8"
_CODE_SPAN = re.compile(r"`([^`]+)`")
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body>
{body}
</body></html>
"""

_DOCUMENTED: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page, as HTML (default) or Markdown (`Accept: text/markdown`).",
          "content": {"text/html": {"example": "<h1>Not found</h1>…"},
                      "text/markdown": {"example": "# Not found\n\n…"}}},
}


def _markdown(code: str, kind: ProblemKind) -> str:
    return (f"# {kind.title}\n\n"
            f"- type: `{type_uri(code)}`\n- code: `{code}`\n- status: {kind.status}\n\n"
            f"## When it happens\n\n{kind.when}\n\n## What to do\n\n{kind.action}\n")


def _inline(text: str) -> str:
    return _CODE_SPAN.sub(r"<code>\1</code>", html.escape(text, quote=False))


def _html(code: str, kind: ProblemKind) -> str:
    return (f"<h1>{html.escape(kind.title)}</h1>\n"
            f"<p>type <code>{html.escape(type_uri(code))}</code>, code "
            f"<code>{html.escape(code)}</code>, status {kind.status}</p>\n"
            f"<h2>When it happens</h2>\n<p>{_inline(kind.when)}</p>\n"
            f"<h2>What to do</h2>\n<p>{_inline(kind.action)}</p>")


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
    if _wants_markdown(accept):
        text = "\n".join(_markdown(code, kind).replace("# ", "## ", 1)
                         for code, kind in sorted(PROBLEMS.items()))
        return Response("# Problem types\n\n" + text, media_type=MARKDOWN,
                        headers={"Cache-Control": CACHE})
    body = "<h1>Problem types</h1>\n<ul>\n" + "\n".join(
        f'<li><a href="{html.escape(type_uri(code))}">{html.escape(code)}</a> '
        f"({kind.status}): {html.escape(kind.title)}</li>"
        for code, kind in sorted(PROBLEMS.items())) + "\n</ul>"
    return HTMLResponse(_PAGE.format(title="Problem types", body=body),
                        headers={"Cache-Control": CACHE})


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
    headers = {"Cache-Control": CACHE}
    if _wants_markdown(accept):
        return Response(_markdown(code, kind), media_type=MARKDOWN, headers=headers)
    return HTMLResponse(_PAGE.format(title=html.escape(kind.title), body=_html(code, kind)),
                        headers=headers)
