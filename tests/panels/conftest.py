"""Panel tests run with a valid AES key for special needs (the settings' dev key is not)."""

from __future__ import annotations

import base64

import pytest
from pydantic import SecretStr

from app.config import Settings

TEST_SPECIAL_KEY = base64.b64encode(b"k" * 32).decode()


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    return base_settings.model_copy(update={"special_data_key": SecretStr(TEST_SPECIAL_KEY)})
