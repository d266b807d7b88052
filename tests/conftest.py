"""Test harness: one real SecantusDB server per session, a clean database per test,
a clock that tests move, and tokens signed with a per-session key."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from pymongo import WriteConcern

from app.clock import ManualClock
from app.config import Settings
from app.db import EmbeddedServer, Mongo, make_client
from app.main import create_app
from app.migrate import migrate
from app.security.tokens import mint_dev_token

# The session-end check that every documented error status was reached (see the module).
from tests.reachability import pytest_deselected, pytest_sessionfinish, record  # noqa: F401

pytest_plugins = ["tests.clamd"]

TEST_DB = "ats_test"
START = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("ats")


@pytest.fixture(scope="session")
async def db_server(workdir: Path) -> AsyncIterator[EmbeddedServer]:
    server = EmbeddedServer(storage_path=workdir / "db", port=_free_port(), cache_size="256M",
                            test_commands=True)
    server.start()
    try:
        await server.wait_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def base_settings(workdir: Path, db_server: EmbeddedServer) -> Settings:
    return Settings(
        _env_file=None,  # type: ignore[call-arg]
        env="test",
        mongodb_uri=db_server.uri,
        mongodb_db=TEST_DB,
        dev_keys_path=workdir / "keys",
        scheduler_enabled=False,
        demo_data=False,
        cors_origins=["https://spa.example.eu"],
    )


@pytest.fixture(scope="session")
async def mongo(base_settings: Settings) -> AsyncIterator[Mongo]:
    assert base_settings.mongodb_uri is not None
    client = make_client(base_settings.mongodb_uri)
    db = client.get_database(TEST_DB, write_concern=WriteConcern(w="majority"))
    await client.drop_database(TEST_DB)
    await migrate(db)
    yield Mongo(client=client, db=db)
    await client.close()


@pytest.fixture(autouse=True)
async def clean_db(request: pytest.FixtureRequest) -> None:
    """Every test starts from empty collections (migrations stay applied)."""
    if "mongo" not in request.fixturenames:
        return
    mongo: Mongo = request.getfixturevalue("mongo")
    for name in await mongo.db.list_collection_names():
        if name not in ("migrations", "system.views"):
            await mongo.db[name].delete_many({})


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def settings(base_settings: Settings) -> Settings:
    """Per-test settings; tests may ``model_copy(update=...)`` them."""
    return base_settings


@pytest.fixture
async def app(settings: Settings, clock: ManualClock, mongo: Mongo):  # type: ignore[no-untyped-def]
    application = record(create_app(settings, clock=clock, mongo=mongo))
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app) -> AsyncIterator[httpx.AsyncClient]:  # type: ignore[no-untyped-def]
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


TokenFactory = Callable[..., dict[str, str]]
# HR is scoped to the DG in its unit claim; unless a test says otherwise, HR is DG CNECT's (where
# the tests' calls live). ``auth("hr", unit=None)`` is an HR token without a unit.
DEFAULT_HR_DG = "CNECT"
_DEFAULT_UNIT = object()


@pytest.fixture
def auth(settings: Settings) -> TokenFactory:
    """``auth("hr", sub="alice")`` → headers with a valid bearer token for that caller."""

    def make(*roles: str, sub: str = "user-1", unit: str | object | None = _DEFAULT_UNIT,
             country: str | None = None, **claims_ttl: int) -> dict[str, str]:
        if unit is _DEFAULT_UNIT:
            unit = DEFAULT_HR_DG if "hr" in roles else None
        assert unit is None or isinstance(unit, str)
        token = mint_dev_token(settings, sub=sub, roles=list(roles), unit=unit, country=country,
                               ttl_seconds=claims_ttl.get("ttl_seconds", 3600))
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def seeds_dir() -> Iterator[Path]:
    here = Path(__file__).resolve().parent.parent
    for candidate in (here.parent / "shared" / "seeds", here / "shared" / "seeds"):
        if candidate.exists():
            yield candidate
            return
    pytest.skip("shared/seeds is not beside the checkout")
