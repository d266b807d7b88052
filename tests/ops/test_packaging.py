"""A non-editable install ships and finds its migrations; `serve` refuses pending ones;
docker-compose.yml at least parses (no Docker engine here to run it); the app starts without
the libraries only a panel's statistics and report need."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

from app.db import EmbeddedServer
from app.migrate import MIGRATIONS_DIR, discover

ROOT = Path(__file__).resolve().parents[2]


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    env.pop("PYTHONPATH", None)
    return {**env, **extra}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # A copy of the sources, so the build leaves nothing (build/, *.egg-info) in the checkout.
    src = out / "src"
    files = subprocess.run(["git", "-C", str(ROOT), "ls-files", "-co", "--exclude-standard"],
                           check=True, capture_output=True, text=True).stdout.split()
    for name in files:
        if name.startswith(("app/", "pyproject.toml", "README.md")) and (ROOT / name).is_file():
            (src / name).parent.mkdir(parents=True, exist_ok=True)
            (src / name).write_bytes((ROOT / name).read_bytes())
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
         "--disable-pip-version-check", "-w", str(out), str(src)],
        capture_output=True, text=True, timeout=300, env=_env(), check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    (built,) = out.glob("eu_ats-*.whl")
    return built


def test_the_wheel_ships_every_migration(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {f"app/migrations/{p.name}" for p in discover()}
    assert len(expected) >= 4
    assert expected <= names


def test_an_installed_copy_finds_its_migrations(wheel: Path, tmp_path: Path) -> None:
    # A pure-Python wheel unpacked is what `pip install` puts in site-packages.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("import app.migrate as m; print(m.MIGRATIONS_DIR); "
             "print(len(m.discover()))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                            text=True, env=_env(PYTHONPATH=str(site)), timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    where, count = result.stdout.split()
    assert Path(where).is_relative_to(site)
    assert int(count) == len(discover(MIGRATIONS_DIR))


def test_serve_refuses_to_start_with_pending_migrations(
    db_server: EmbeddedServer, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "app", "serve"], cwd=tmp_path, capture_output=True, text=True,
        timeout=60, check=False,
        env=_env(PYTHONPATH=str(ROOT), ATS_MONGODB_URI=db_server.uri,
                 ATS_MONGODB_DB="never_migrated", ATS_DEV_KEYS_PATH=str(tmp_path / "keys")))
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith(f"error: {len(discover())} migration(s) not applied")
    assert "python -m app migrate" in last
    assert "Traceback" not in result.stderr


def test_compose_file_parses_and_waits_for_an_authenticated_primary() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    mongo1 = services["mongo1"]
    command = " ".join(mongo1["command"])
    assert "--keyFile" in command and "--replSet" in command
    assert "MONGO_INITDB_ROOT_PASSWORD" in mongo1["environment"]
    probe = " ".join(mongo1["healthcheck"]["test"])
    assert "rs.initiate" in probe and "PRIMARY" in probe
    migrate = services["migrate"]
    assert migrate["depends_on"]["mongo1"]["condition"] == "service_healthy"
    uri = migrate["environment"]["ATS_MONGODB_URI"]
    assert "@" in uri and "replicaSet=rs0" in uri


def _requirement_name(spec: str) -> str:
    return re.split(r"[\[<>=!~;\s]", spec, maxsplit=1)[0].lower().replace("_", "-")


def test_the_lock_file_pins_and_hashes_every_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    lock = (ROOT / "requirements.lock").read_text()
    pinned = {m.group(1).lower().replace("_", "-")
              for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", lock, re.MULTILINE)}
    missing = {_requirement_name(d) for d in project["dependencies"]} - pinned
    assert not missing, f"run `make lock`: {sorted(missing)} not in requirements.lock"
    entries = re.split(r"\n(?=[A-Za-z0-9])", lock)
    assert all("--hash=sha256:" in entry for entry in entries if "==" in entry)
    assert "requirements.lock" in (ROOT / "Dockerfile").read_text()


def test_the_service_starts_without_the_statistics_and_pdf_libraries() -> None:
    """numpy, scipy, krippendorff and fpdf are most of a replica's memory and start-up time,
    for panel agreement and the signed report only: importing the app must not load them."""
    heavy = ("numpy", "scipy", "krippendorff", "fpdf")
    probe = ("import sys, app.main; "
             f"print(','.join(m for m in {heavy!r} if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=_env(), check=True,
                            capture_output=True, text=True).stdout.strip()
    assert loaded == ""
