"""Settings refuse development secrets in production; docs are served in development only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from pydantic import ValidationError

from app.config import Settings
from app.main import create_app


def _production(**overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "env": "production", "mongodb_uri": "mongodb://db1,db2/?replicaSet=rs0",
        "jwks_url": "https://login.example.eu/jwks", "clamd_host": "clamd",
        "special_data_key": "cHJvZHVjdGlvbi1rZXktb2YtdGhpcnR5LXR3by1ieXQ=",
        "pseudonym_key": "a-real-secret",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def test_production_settings_with_real_secrets_are_accepted() -> None:
    assert _production().is_production


@pytest.mark.parametrize("missing", ["mongodb_uri", "jwks_url", "clamd_host"])
def test_production_refuses_to_start_without_its_infrastructure(missing: str) -> None:
    with pytest.raises(ValidationError, match=f"ATS_{missing.upper()}"):
        _production(**{missing: None})


@pytest.mark.parametrize("secret", ["special_data_key", "pseudonym_key"])
def test_production_refuses_development_secrets(secret: str) -> None:
    default = Settings.model_fields[secret].default
    with pytest.raises(ValidationError, match=f"ATS_{secret.upper()}"):
        _production(**{secret: default})


async def test_docs_are_served_in_development_only(tmp_path: Path, settings: Settings) -> None:
    for app, expected in ((create_app(settings), 200),
                          (create_app(_production(dev_keys_path=tmp_path)), 404)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            assert (await http.get("/docs")).status_code == expected
            assert (await http.get("/openapi.json")).status_code == expected
