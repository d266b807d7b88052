"""Every problem ``code`` the code base can raise is declared in the registry and documented
at its ``type`` URI, which the API serves."""

from __future__ import annotations

import ast
import html
import importlib
import pkgutil
from pathlib import Path

import httpx
import pytest

import app
from app.errors import AppError
from app.problems import PROBLEMS, type_uri

APP_DIR = Path(app.__file__).resolve().parent


def _subclasses(cls: type[AppError]) -> list[type[AppError]]:
    found: list[type[AppError]] = []
    for sub in cls.__subclasses__():
        found += [sub, *_subclasses(sub)]
    return found


def _error_names() -> set[str]:
    for module in pkgutil.walk_packages([str(APP_DIR)], prefix="app."):
        if not module.name.endswith("__main__"):
            importlib.import_module(module.name)
    return {"problem", *(cls.__name__ for cls in [AppError, *_subclasses(AppError)])}


def _literal_codes() -> dict[str, str]:
    """code → where: ``code=`` given to ``problem()`` or an error class, ``code = "…"`` in an
    error class's body, and the first argument of ``…Refused("code", …)``."""
    errors = _error_names()
    codes: dict[str, str] = {}
    for path in APP_DIR.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        where = str(path.relative_to(APP_DIR.parent))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                for keyword in node.keywords:
                    if name in errors and keyword.arg == "code" and isinstance(
                            keyword.value, ast.Constant) and isinstance(keyword.value.value, str):
                        codes[keyword.value.value] = where
                if name.endswith("Refused") and node.args and isinstance(
                        node.args[0], ast.Constant) and isinstance(node.args[0].value, str):
                    codes[node.args[0].value] = where
            if isinstance(node, ast.ClassDef) and node.name in errors:
                for statement in node.body:
                    if not isinstance(statement, ast.Assign):
                        continue
                    for target in statement.targets:
                        names = target.elts if isinstance(target, ast.Tuple) else [target]
                        values = (statement.value.elts if isinstance(statement.value, ast.Tuple)
                                  else [statement.value])
                        for name_node, value in zip(names, values, strict=False):
                            if getattr(name_node, "id", None) == "code" and isinstance(
                                    value, ast.Constant) and isinstance(value.value, str):
                                codes[value.value] = where
    return codes


def test_every_error_class_has_a_registered_code_with_its_status() -> None:
    _error_names()
    for cls in [AppError, *_subclasses(AppError)]:
        assert cls.code in PROBLEMS, f"{cls.__module__}.{cls.__name__}: {cls.code!r} unregistered"
        assert PROBLEMS[cls.code].status == cls.status, cls


def test_every_code_literal_in_the_code_base_is_registered() -> None:
    codes = _literal_codes()
    assert {"not-found", "zip-bomb", "europass-cv-required"} <= codes.keys()  # the scan works
    missing = {code: where for code, where in codes.items() if code not in PROBLEMS}
    assert not missing, f"declare these codes in app/problems.py: {missing}"


def test_registry_entries_are_complete() -> None:
    for code, kind in PROBLEMS.items():
        assert code == code.lower() and " " not in code
        assert 400 <= kind.status <= 599 and kind.title and kind.when and kind.action


@pytest.mark.parametrize("code", sorted(PROBLEMS))
async def test_every_type_uri_is_a_page_the_api_serves(client: httpx.AsyncClient,
                                                       code: str) -> None:
    response = await client.get(type_uri(code))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert html.escape(PROBLEMS[code].title) in response.text  # the page is HTML
    assert str(PROBLEMS[code].status) in response.text


async def test_a_page_in_markdown_and_cacheable(client: httpx.AsyncClient) -> None:
    response = await client.get("/problems/precondition-failed",
                                headers={"Accept": "text/markdown"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/markdown")
    assert response.text.startswith("# Precondition failed")
    assert "## What to do" in response.text
    assert "max-age=86400" in response.headers["cache-control"]
    index = await client.get("/problems")
    assert 'href="/problems/zip-bomb"' in index.text


async def test_an_unknown_code_is_a_404_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/problems/no-such-thing")
    assert response.status_code == 404
    assert response.json()["code"] == "not-found"
