"""Panel tests run with a valid AES key for special needs (the settings' dev key is not)."""

from __future__ import annotations

import base64

import httpx
import pytest
from pydantic import SecretStr

from app.config import Settings
from tests.panels.helpers import Setup
from tests.panels.scenario import scored_panel

TEST_SPECIAL_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings.model_copy(update={"special_data_key": SecretStr(TEST_SPECIAL_KEY)})


@pytest.fixture
async def panel_setup(client: httpx.AsyncClient, auth) -> Setup:  # type: ignore[no-untyped-def]
    """The realistic panel with every preselection scorecard submitted."""
    return await scored_panel(client, auth)
