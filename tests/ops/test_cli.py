"""The command line: settings errors are one line each and never echo a value; token checks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "s3cr3t-Db-Passw0rd"
PSEUDONYM = "pseudonym-key-that-must-stay-secret"


def _run(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None
         ) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ATS_")}
    clean["PYTHONPATH"] = str(ROOT)
    return subprocess.run([sys.executable, "-m", "app", *args], env={**clean, **(env or {})},
                          cwd=cwd or ROOT, capture_output=True, text=True, timeout=60,
                          check=False)


@pytest.mark.parametrize("bad_port", [False, True], ids=["missing-settings", "bad-port"])
def test_a_bad_production_setting_prints_one_line_each_and_no_secret(
    tmp_path: Path, bad_port: bool
) -> None:
    env = {
        "ATS_ENV": "production",
        "ATS_MONGODB_URI": f"mongodb://ats:{PASSWORD}@db1,db2/?replicaSet=rs0",
        "ATS_PSEUDONYM_KEY": PSEUDONYM,
        # ATS_JWKS_URL and clamd unset: refused in production.
    }
    if bad_port:
        env["ATS_PORT"] = "not-a-port"
    result = _run("serve", cwd=tmp_path, env=env)
    output = result.stdout + result.stderr
    assert result.returncode == 2, output
    assert PASSWORD not in output
    assert PSEUDONYM not in output
    assert "Traceback" not in output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert all(line.startswith("error: ATS_") for line in lines), lines
    if bad_port:
        assert lines == ["error: ATS_PORT: Input should be a valid integer, unable to parse "
                         "string as an integer"]
    else:
        assert any(line.startswith("error: ATS_JWKS_URL ") for line in lines), lines
        assert any(line.startswith("error: ATS_CLAMD_HOST ") for line in lines), lines


def test_a_malformed_special_data_key_is_refused_at_start(tmp_path: Path) -> None:
    for bad in ("not base64 at all!", "c2hvcnQ="):  # not base64; 5 bytes
        result = _run("serve", cwd=tmp_path, env={"ATS_SPECIAL_DATA_KEY": bad})
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().startswith("error: ATS_SPECIAL_DATA_KEY: ")
        assert bad not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_version() -> None:
    result = _run("--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith("eu-ats ")
    assert result.stdout.strip().split()[1][0].isdigit()


@pytest.mark.parametrize(("args", "complaint"), [
    (["--role", "permrep"], "--country"),
    (["--role", "recruiter"], "--unit"),
    (["--role", "hr", "--unit", "CNECT", "--hours", "0"], "--hours"),
    (["--role", "hr", "--unit", "CNECT", "--hours", "-3"], "--hours"),
    # Longer than ATS_JWT_MAX_LIFETIME_SECONDS (12 h): the API would refuse the token.
    (["--role", "candidate", "--hours", "13"], "--hours"),
])
def test_token_refuses_incomplete_claims(tmp_path: Path, args: list[str], complaint: str) -> None:
    result = _run("token", *args, env={"ATS_DEV_KEYS_PATH": str(tmp_path / "keys")})
    assert result.returncode == 2
    assert complaint in result.stderr
    assert result.stdout == ""


def test_token_with_complete_claims(tmp_path: Path) -> None:
    result = _run("token", "--role", "permrep", "--country", "BE",
                  env={"ATS_DEV_KEYS_PATH": str(tmp_path / "keys")})
    assert result.returncode == 0, result.stderr
    assert result.stdout.count(".") == 2


def test_a_key_ring_that_is_not_json_is_one_line(tmp_path: Path) -> None:
    secret = "c2VjcmV0LWtleS1tYXRlcmlhbA"
    result = _run("migrate", cwd=tmp_path,
                  env={"ATS_SPECIAL_DATA_KEYS": f'{{"k1": "{secret}"'})
    assert result.returncode == 2
    assert result.stderr.strip() == "error: ATS_SPECIAL_DATA_KEYS: not valid JSON"


def test_serve_says_so_when_the_database_does_not_answer(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = _run("serve", cwd=tmp_path, env={
        "ATS_MONGODB_URI": f"mongodb://ats:{PASSWORD}@127.0.0.1:{port}/?directConnection=true",
        "ATS_DEV_KEYS_PATH": str(tmp_path / "keys")})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and PASSWORD not in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("error: the database did not answer")
