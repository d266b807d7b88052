"""Special-data keys: validated at start, a key ring with key ids, and re-encryption."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from bson import ObjectId
from pydantic import SecretStr, ValidationError

from app.clock import ManualClock
from app.config import Settings
from app.db import EmbeddedServer, Mongo
from app.main import create_app
from app.services.applications.rekey import rekey_special_needs
from tests.applications.factories import candidate, hr, open_call, submitted
from tests.conftest import TEST_DB

OLD = base64.b64encode(b"o" * 32).decode()
NEW = base64.b64encode(b"n" * 32).decode()
NEEDS = "Wheelchair access to the interview room"
ROOT = Path(__file__).resolve().parents[2]


def _settings(**values: Any) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@pytest.mark.parametrize(("values", "complaint"), [
    ({"special_data_key": "not base64!"}, "special_data_key"),
    ({"special_data_key": base64.b64encode(b"x" * 16).decode()}, "exactly 32 bytes, not 16"),
    ({"special_data_keys": {"k1": "c2hvcnQ="}}, "key 'k1'"),
    ({"special_data_keys": {"k1": NEW}}, "ATS_SPECIAL_DATA_CURRENT_KEY_ID must say"),
    ({"special_data_keys": {"k1": NEW}, "special_data_current_key_id": "k2"},
     "names no configured key"),
])
def test_malformed_keys_are_refused_when_settings_load(values: dict[str, Any],
                                                       complaint: str) -> None:
    with pytest.raises(ValidationError, match=complaint) as raised:
        _settings(**values)
    for value in values.values():
        if isinstance(value, str) and value != "k2":
            assert value not in str(raised.value)


def test_the_single_key_is_the_default_key_id() -> None:
    settings = _settings(special_data_key=OLD)
    assert settings.special_data_kid == "default"
    assert settings.special_data_keyring == {"default": b"o" * 32}
    ring = _settings(special_data_key=OLD, special_data_keys={"2027": NEW},
                     special_data_current_key_id="2027")
    assert ring.special_data_keyring == {"default": b"o" * 32, "2027": b"n" * 32}


@asynccontextmanager
async def _client(settings: Settings, clock: ManualClock, mongo: Mongo
                  ) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, clock=clock, mongo=mongo)
    async with app.router.lifespan_context(app), httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://t") as http:
        yield http


async def _needs(http: httpx.AsyncClient, auth, application_id: str) -> httpx.Response:
    return await http.get(f"/api/v1/applications/{application_id}/special-needs",
                          headers=hr(auth))


async def test_keys_rotate_without_losing_a_record(
    settings: Settings, clock: ManualClock, mongo: Mongo, auth
) -> None:
    old = settings.model_copy(update={"special_data_key": SecretStr(OLD)})
    async with _client(old, clock, mongo) as http:
        call = await open_call(http, auth, kind="ca")
        first = await submitted(http, candidate(auth), call["id"], special_needs=NEEDS)
    record = await mongo.db.special_needs.find_one({"application_id": ObjectId(first["id"])})
    assert record is not None and record["kid"] == "default"
    # A record stored before key ids existed has none: it is read with the "default" key.
    await mongo.db.special_needs.update_one({"_id": record["_id"]}, {"$unset": {"kid": ""}})

    rotated = old.model_copy(update={"special_data_keys": {"2027": SecretStr(NEW)},
                                     "special_data_current_key_id": "2027"})
    async with _client(rotated, clock, mongo) as http:
        assert (await _needs(http, auth, first["id"])).json()["special_needs"] == NEEDS
        second = await submitted(http, candidate(auth, "cand-2"), call["id"],
                                 special_needs="Ground-floor room")
    stored = await mongo.db.special_needs.find_one({"application_id": ObjectId(second["id"])})
    assert stored is not None and stored["kid"] == "2027"

    assert await rekey_special_needs(db=mongo.db, settings=rotated, batch=1) == {
        "rekeyed": 1, "changed_meanwhile": 0, "unreadable": 0}
    assert await rekey_special_needs(db=mongo.db, settings=rotated) == {
        "rekeyed": 0, "changed_meanwhile": 0, "unreadable": 0}

    # The old key can now be dropped from the ring.
    only_new = _settings(special_data_keys={"2027": NEW}, special_data_current_key_id="2027",
                         mongodb_uri=settings.mongodb_uri, mongodb_db=settings.mongodb_db,
                         dev_keys_path=settings.dev_keys_path, scheduler_enabled=False)
    async with _client(only_new, clock, mongo) as http:
        for application in (first, second):
            read = await _needs(http, auth, application["id"])
            assert read.status_code == 200, read.text
        assert (await _needs(http, auth, first["id"])).json()["special_needs"] == NEEDS


async def test_a_record_under_a_key_no_longer_listed_is_503_not_500(
    settings: Settings, clock: ManualClock, mongo: Mongo, auth
) -> None:
    async with _client(settings.model_copy(update={"special_data_key": SecretStr(OLD)}),
                       clock, mongo) as http:
        call = await open_call(http, auth, kind="ca")
        application = await submitted(http, candidate(auth), call["id"], special_needs=NEEDS)
    await mongo.db.special_needs.update_many({}, {"$set": {"kid": "retired"}})
    async with _client(settings, clock, mongo) as http:
        read = await _needs(http, auth, application["id"])
    assert read.status_code == 503
    assert "Wheelchair" not in read.text


async def test_rekey_command_prints_its_counts(
    settings: Settings, clock: ManualClock, mongo: Mongo, auth, db_server: EmbeddedServer,
    tmp_path: Path,
) -> None:
    async with _client(settings.model_copy(update={"special_data_key": SecretStr(OLD)}),
                       clock, mongo) as http:
        call = await open_call(http, auth, kind="ca")
        for sub in ("c-1", "c-2", "c-3"):
            await submitted(http, candidate(auth, sub), call["id"], special_needs=NEEDS)
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.update(PYTHONPATH=str(ROOT), ATS_MONGODB_URI=db_server.uri, ATS_MONGODB_DB=TEST_DB,
               ATS_SPECIAL_DATA_KEY=OLD, ATS_SPECIAL_DATA_KEYS=f'{{"2027": "{NEW}"}}',
               ATS_SPECIAL_DATA_CURRENT_KEY_ID="2027")
    result = subprocess.run([sys.executable, "-m", "app", "rekey-special-data"], cwd=tmp_path,
                            env=env, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "key 2027: 3 rekeyed, 0 changed meanwhile, 0 unreadable"
    assert NEW not in result.stdout + result.stderr
    assert await mongo.db.special_needs.count_documents({"kid": "2027"}) == 3
