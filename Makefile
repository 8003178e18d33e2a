# Two commands matter: `make generate` (set up and generate) and `make test` (every test).
# Each installs what it needs on first use: the .venv from requirements.txt, node_modules
# (TypeScript 7 and 5.9, for checking the generated declarations) from package-lock.json, and
# Debian's Chromium (for the browser tests: the Python client and the reference site) with apt.
# `make docs` builds the reference site into site/.

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export PYRIGHT_PYTHON_IGNORE_WARNINGS := 1

.PHONY: generate check lint test typecheck bench docs clean-venv diff

$(STAMP): requirements.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $(STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $(NODE_STAMP)

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends chromium

generate: $(STAMP)
	$(PY) -m generator generate

check: $(STAMP)
	$(PY) -m generator check

lint: $(STAMP)
	$(PY) -m generator lint

# What changed in the spec since a git revision, and whom it breaks: exits 1 on a breaking change that the
# spec's changelog does not acknowledge. `make diff AGAINST=origin/main FORMAT=markdown` for a pull request.
AGAINST ?= origin/main
FORMAT ?= text
diff: $(STAMP)
	$(PY) -m generator diff --against $(AGAINST) --format $(FORMAT)

typecheck: $(STAMP)
	$(PY) -m mypy
	$(PY) -m ruff check generator runtime tests bench reference

# The suite starts a hundred or so Python subprocesses; with bytecode caching allowed, each imports the
# generated packages from .pyc instead of compiling them again (about 2 s saved per process).
# Test modules run in parallel, one module per worker (their module-scoped fixtures are shared inside a
# module), a worker per core unless WORKERS says otherwise; the longest modules start first (tests/conftest.py).
WORKERS ?= auto
test: check typecheck $(NODE_STAMP) $(CHROMIUM)
	env -u PYTHONDONTWRITEBYTECODE $(PY) -m pytest -n $(WORKERS) --dist loadfile --no-loadscope-reorder --durations=25

# The reference site (generated/docs/ + generated/mkdocs.yml) built into site/; --strict fails on any warning.
docs: generate
	NO_MKDOCS_2_WARNING=1 $(PY) -m mkdocs build --strict --quiet --config-file generated/mkdocs.yml

bench: $(STAMP)
	$(PY) bench/bench_generator.py
	$(PY) bench/bench_conformance.py
	$(PY) bench/bench_browser.py
	$(PY) bench/bench_diff.py

clean-venv:
	rm -rf $(VENV)

# The JavaScript reference implementation: rebuild the committed reference/js/dist/webfuse-reference.js
# from reference/js/src/ with TypeScript 7 (see reference/js/README.md).
.PHONY: reference-js
reference-js: $(NODE_STAMP)
	node reference/js/build.mjs
