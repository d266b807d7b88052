"""``python -m app token --role hr`` names HR's DG: an HR token without a unit reads nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from jose import jwt
from typer.testing import CliRunner

from app.cli import DEMO_USERS, cli
from app.config import get_settings


@pytest.fixture
def dev_keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ATS_DEV_KEYS_PATH", str(tmp_path / "keys"))
    get_settings.cache_clear()
    yield tmp_path / "keys"
    get_settings.cache_clear()


def test_an_hr_token_needs_its_dg(dev_keys: Path) -> None:
    refused = CliRunner().invoke(cli, ["token", "--role", "hr", "--sub", "hr-alice"])
    assert refused.exit_code != 0
    assert "--unit" in refused.output

    minted = CliRunner().invoke(cli, ["token", "--role", "hr", "--sub", "hr-alice",
                                      "--unit", "CNECT"])
    assert minted.exit_code == 0, minted.output
    assert jwt.get_unverified_claims(minted.output.strip())["unit"] == "CNECT"


def test_the_demo_hr_user_is_hr_of_dg_cnect() -> None:
    assert dict(DEMO_USERS)["hr"] == "--role hr --sub hr-alice --unit CNECT"
