# Two commands matter: `make generate` (set up and generate) and `make test` (every test).
# Each installs what it needs on first use: the .venv from requirements.txt, and node_modules
# (TypeScript 7 and 5.9, for checking the generated declarations) from package-lock.json.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed

.PHONY: generate check lint test typecheck bench clean-venv

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

generate: $(STAMP)
	$(PY) -m generator generate

check: $(STAMP)
	$(PY) -m generator check

lint: $(STAMP)
	$(PY) -m generator lint

typecheck: $(STAMP)
	$(PY) -m mypy
	$(PY) -m ruff check generator tests bench

test: check typecheck $(NODE_STAMP)
	$(PY) -m pytest

bench: $(STAMP)
	$(PY) bench/bench_generator.py

clean-venv:
	rm -rf $(VENV)
