# eu-ats: `make run` starts the service with demo data; `make test` runs every check.
SHELL := /bin/bash
VENV  := .venv
PY    := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
PIP_FLAGS ?= --quiet --disable-pip-version-check

.PHONY: run test lint typecheck pytest openapi system-deps bench clean help
.DEFAULT_GOAL := help

help:  ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
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
	$(PY) bench/ranking.py

clean:  ## remove the virtualenv and local data
	rm -rf $(VENV) var
