"""JSON Merge Patch (RFC 7396): absent members stay, ``null`` removes, objects merge, anything
else (arrays included) replaces. PATCH applies it to the stored resource, then validates the
result as a whole, so a client saving one page of a form sends only that page."""

from __future__ import annotations

import copy
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from app.errors import ValidationFailed, validation_errors
from app.models.common import JsonObject

M = TypeVar("M", bound=BaseModel)


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7396 §2 ``MergePatch(Target, Patch)``; neither argument is modified."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    result = copy.deepcopy(target) if isinstance(target, dict) else {}
    for name, value in patch.items():
        if value is None:
            result.pop(name, None)
        else:
            result[name] = merge_patch(result.get(name), value)
    return result


def patched_members(current: JsonObject, patch: JsonObject) -> JsonObject:
    """The new value of each top-level member the patch names: merged into the stored one, or
    ``None`` where the patch clears it (the service decides whether that member may be null)."""
    return {name: None if value is None else merge_patch(current.get(name), value)
            for name, value in patch.items()}


def validated(model: type[M], members: JsonObject) -> M:
    """The patched members as ``model`` (only they are set); 422 ``validation`` otherwise, with
    each item's ``loc`` under ``body`` as for any request body."""
    try:
        return model.model_validate(members)
    except ValidationError as exc:
        errors = [{**e, "loc": ["body", *e["loc"]]} for e in validation_errors(exc.errors())]
        raise ValidationFailed("The patched resource does not match the schema.",
                               errors=errors) from None
