# eu-ats: `make run` starts the service with demo data; `make test` runs every check.
SHELL := /bin/bash
# The interpreter the virtualenv is made from: Python 3.11, 3.12 or 3.13 (`make PYTHON=python3.13`).
PYTHON ?= python3
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run test lint typecheck pytest openapi system-deps bench clean help lock python-check
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

python-check:  ## check that $(PYTHON) is a Python eu-ats supports (3.11 to 3.13)
	@command -v $(PYTHON) >/dev/null || { echo "error: $(PYTHON) not found; install Python 3.11-3.13 or run make PYTHON=/path/to/python3.12" >&2; exit 1; }
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if (3, 11) <= v < (3, 14) else "error: eu-ats needs Python 3.11 to 3.13, and $(PYTHON) is %d.%d; run make PYTHON=python3.12 (say)" % v)'

$(STAMP): pyproject.toml
	@test -x $(PY) || { $(MAKE) --no-print-directory python-check && $(PYTHON) -m venv $(VENV); }
	$(PY) -m pip install $(PIP_FLAGS) --upgrade pip
	$(PY) -m pip install $(PIP_FLAGS) -e '.[dev]'
	@touch $(STAMP)

system-deps:  ## install ClamAV's clamd for the upload tests (Debian; needs root or sudo)
	@bash .ci/system-deps.sh

run: $(STAMP)  ## migrate, seed demo data once, serve on 127.0.0.1:8000 (embedded database)
	ATS_DEMO_DATA=true $(PY) -m app migrate
	ATS_DEMO_DATA=true exec $(PY) -m app serve

lint: $(STAMP)  ## ruff
	$(VENV)/bin/ruff check app tests bench

typecheck: $(STAMP)  ## mypy (strict)
	$(VENV)/bin/mypy

pytest: $(STAMP) system-deps  ## the pytest suite only
	$(VENV)/bin/pytest

test: lint typecheck pytest  ## everything CI runs

openapi: $(STAMP)  ## regenerate openapi/openapi.json
	$(PY) -m app openapi > openapi/openapi.json

bench: $(STAMP)  ## run the benchmarks in bench/
	$(PY) bench/upload_memory.py
	$(PY) bench/shutdown.py
	$(PY) bench/durability.py
	$(PY) bench/ranking.py
	$(PY) bench/api_overhead.py
	$(PY) bench/versioned_update.py

lock: $(STAMP)  ## regenerate requirements.lock (pinned, hashed runtime dependencies of the image)
	$(PY) -m pip install $(PIP_FLAGS) 'pip-tools>=7.4'
	$(VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-emit-find-links --no-emit-index-url --output-file requirements.lock pyproject.toml

clean:  ## remove the virtualenv and local data
	rm -rf $(VENV) var
