"""Fixtures for the document tests: a service context acting as a candidate."""

from __future__ import annotations

import pytest

from app.clock import ManualClock
from app.config import Settings
from app.db import Mongo
from app.security.principal import Principal, Role
from app.services.context import Ctx


@pytest.fixture
def candidate() -> Principal:
    return Principal(sub="candidate-1", roles=frozenset({Role.candidate}))


@pytest.fixture
def ctx(mongo: Mongo, clock: ManualClock, clamd_settings: Settings, candidate: Principal) -> Ctx:
    """A context whose settings scan uploads with the session's real clamd."""
    return Ctx(db=mongo.db, clock=clock, settings=clamd_settings, actor=candidate)
