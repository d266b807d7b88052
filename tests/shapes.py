"""Whether a stored document has the shape its TypedDict (``app/models/stored.py``) declares.

mypy checks the code against those types; these checks hold the types to what the database
really holds, so a member written without being declared (or declared required and sometimes
missing) fails a test instead of hiding from the type checker.
"""

from __future__ import annotations

import types
import typing
from datetime import datetime
from typing import Any, Union, get_args, get_origin, get_type_hints, is_typeddict

from bson import ObjectId
from pydantic import BaseModel

from app.db import Db


def mismatches(value: Any, shape: Any, path: str = "$") -> list[str]:
    """Where ``value`` departs from ``shape`` (empty when it conforms)."""
    if shape is Any:
        return []
    origin = get_origin(shape)
    if origin in (Union, types.UnionType):
        found = [mismatches(value, arm, path) for arm in get_args(shape)]
        return [] if any(not f for f in found) else [m for f in found for m in f]
    if shape is None or shape is type(None):
        return [] if value is None else [f"{path}: {value!r} is not null"]
    if is_typeddict(shape):
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__} is not a {shape.__name__}"]
        hints = get_type_hints(shape)
        wrong = [f"{path}.{key}: not a member of {shape.__name__}"
                 for key in value if key not in hints]
        wrong += [f"{path}.{key}: required by {shape.__name__}, missing"
                  for key in shape.__required_keys__ if key not in value]
        for key, item in value.items():
            if key in hints:
                wrong += mismatches(item, hints[key], f"{path}.{key}")
        return wrong
    if origin is list:
        if not isinstance(value, list):
            return [f"{path}: {type(value).__name__} is not a list"]
        (item_shape,) = get_args(shape)
        return [m for i, item in enumerate(value)
                for m in mismatches(item, item_shape, f"{path}[{i}]")]
    if origin is dict:
        if not isinstance(value, dict):
            return [f"{path}: {type(value).__name__} is not an object"]
        _, item_shape = get_args(shape)
        return [m for key, item in value.items()
                for m in mismatches(item, item_shape, f"{path}.{key}")]
    if shape is int and isinstance(value, bool):
        return [f"{path}: {value!r} is a bool, not an int"]
    if shape in (str, int, float, bool, bytes, datetime, ObjectId):
        return [] if isinstance(value, shape) else [
            f"{path}: {value!r} is not a {shape.__name__}"]
    raise AssertionError(f"{path}: no check for {shape!r}")


def members(shape: Any) -> tuple[set[str], set[str]]:
    """A TypedDict's members, and the required ones."""
    assert typing.is_typeddict(shape)
    return set(get_type_hints(shape)), set(shape.__required_keys__)


async def validator(db: Db, collection: str) -> dict[str, Any]:
    """The collection's ``$jsonSchema`` as the migrations left it."""
    found = await (await db.list_collections(filter={"name": collection})).to_list()
    schema: dict[str, Any] = found[0]["options"]["validator"]["$jsonSchema"]
    return schema


def model_members(model: type[BaseModel]) -> tuple[set[str], set[str]]:
    """A stored Pydantic model's members as stored (by alias), and the required ones."""
    fields = model.model_fields
    return ({f.alias or name for name, f in fields.items()},
            {f.alias or name for name, f in fields.items() if f.is_required()})


def undeclared(doc: dict[str, Any], model: type[BaseModel]) -> set[str]:
    """Members stored but not declared: a Pydantic model ignores them on reading, silently."""
    return set(doc) - model_members(model)[0]
