#!/usr/bin/env bash
# Installs the system programs the test suite starts: ClamAV's clamd (Debian package).
set -euo pipefail
if [ -n "${ATS_TEST_CLAMD:-}" ] && [ -x "${ATS_TEST_CLAMD}" ]; then
  exit 0  # the tests use the clamd named there
fi
if command -v clamd >/dev/null 2>&1 || [ -x /usr/sbin/clamd ]; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; elif command -v sudo >/dev/null; then SUDO="sudo"; else
  echo "clamd is missing and this user cannot install it: apt-get install clamav-daemon" >&2
  exit 1
fi
echo "installing clamav-daemon (Debian) for the upload tests..." >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
$SUDO apt-get install -y -qq --no-install-recommends clamav-daemon >/dev/null
# The tests run their own clamd with a local signature file: the packaged one stays off.
$SUDO systemctl disable --now clamav-daemon clamav-freshclam >/dev/null 2>&1 || true
