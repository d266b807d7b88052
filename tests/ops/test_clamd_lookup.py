"""The tests find clamd on PATH or where ATS_TEST_CLAMD says, not at one hard-coded path."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.clamd import find_clamd


def _fake_clamd(directory: Path) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    program = directory / "clamd"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def test_clamd_is_found_on_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    program = _fake_clamd(tmp_path / "bin")
    monkeypatch.delenv("ATS_TEST_CLAMD", raising=False)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    assert find_clamd() == program


def test_ats_test_clamd_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    chosen = _fake_clamd(tmp_path / "opt")
    _fake_clamd(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("ATS_TEST_CLAMD", str(chosen))
    assert find_clamd() == chosen
