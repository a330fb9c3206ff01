# Developer entry points. `make run` serves the demo, `make test` is what CI runs.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
ASSETS := app/static/vendor/.built
HOST ?= 127.0.0.1
PORT ?= 5000
BENCH_N ?= 1000
SEASON_N ?= 300000
SEASON_PG_URL ?= postgresql://postgres@127.0.0.1:5432/review_bench_season
PG_URL ?= postgresql://postgres@127.0.0.1:5432/review_bench
PG_ADMIN_URL ?= postgresql://postgres@127.0.0.1:5432/postgres
LOAD_PG_URL ?= postgresql://postgres@127.0.0.1:5432/review_bench_load
PROVINCE_N ?= 300000
PROVINCE_QUALIFIED ?= 1500000
PROVINCE_PG_URL ?= postgresql://postgres@127.0.0.1:5432/review_province
LOAD_DURATION ?= 30
# pytest-xdist workers for make test: one per core (0 runs the suite in one process)
TEST_WORKERS ?= auto

.PHONY: help install assets run serve test lint bench bench-season bench-province diagrams clean

help:
	@echo "make run    install, migrate, seed the demo data, serve http://$(HOST):$(PORT) and run the job worker"
	@echo "make serve  production server: gunicorn, several workers (set SECRET_KEY, DATABASE_URL)"
	@echo "make test   lint + pytest (SQLite always, PostgreSQL on 127.0.0.1:5432 if reachable)"
	@echo "make lint   ruff + mypy (strict on workflows, handlers and app.platform; see pyproject.toml)"
	@echo "make bench  benchmark on SQLite, and on PostgreSQL if reachable (BENCH_N=$(BENCH_N))"
	@echo "make bench-season  the clerk's season on PostgreSQL: SEASON_N=$(SEASON_N) applications, issue 9's targets"
	@echo "make bench-province  seed PROVINCE_N=$(PROVINCE_N) applications on PostgreSQL, then 8 reviewers against gunicorn with 1, 2 and 4 workers"
	@echo "make diagrams  render bpmn/*.bpmn and *.dmn to docs/diagrams/*.png (bpmn-js, chromium)"

install: $(STAMP) $(ASSETS)

assets: $(ASSETS)

# The modeler and viewer bundles (bpmn-js, dmn-js, properties panel) from the npm registry,
# pinned by package-lock.json; rebuilt when the lock file or an entry changes.
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(ASSETS): node_modules/.package-lock.json assets/build.mjs $(wildcard assets/src/* assets/src/*/*)
	node assets/build.mjs
	touch $@

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Re-runs pip only when pyproject.toml changes (or the venv is new).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -qq --disable-pip-version-check -e ".[dev]"
	touch $@

# The background job worker (large exports) runs beside the web server and stops with it.
run: install
	$(FLASK) db upgrade
	$(FLASK) seed-demo --with-titles
	$(FLASK) jobs-worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host $(HOST) --port $(PORT)

serve: install
	$(FLASK) db upgrade
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# mypy reads its files and per-package strictness from pyproject.toml; its cache in
# .mypy_cache makes a re-run with few changes take a second or two.
lint: install
	$(BIN)/ruff check app workflows handlers tests bench docs wsgi.py gunicorn.conf.py
	$(BIN)/mypy

# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: without it every worker
# compiles every module and rewrites every test module's asserts again, twice the collection.
test: lint
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n $(TEST_WORKERS) --dist worksteal

bench: install
	$(BIN)/python bench/bench_review.py -n $(BENCH_N)
	$(BIN)/python bench/seed_province.py -n $(BENCH_N) --qualified $$(( $(BENCH_N) * 5 ))
	@if $(BIN)/python -c "import psycopg; psycopg.connect('$(PG_ADMIN_URL)', connect_timeout=3).close()" 2>/dev/null; then \
		$(BIN)/python bench/bench_review.py -n $(BENCH_N) --database-url $(PG_URL) --admin-url $(PG_ADMIN_URL); \
		$(BIN)/python bench/review_load.py --seed $(BENCH_N) --workers 1,2 --clients 8 --duration 10 \
			--database-url $(LOAD_PG_URL) --admin-url $(PG_ADMIN_URL); \
	else \
		echo "PostgreSQL not reachable at $(PG_ADMIN_URL): PostgreSQL benchmark skipped"; \
	fi

# The five season operations of issue 9 against their targets, on a seeded province
# (PostgreSQL only: the targets are PostgreSQL's). About 6 minutes at the default N.
bench-season: install
	$(BIN)/python bench/bench_season.py -n $(SEASON_N) --database-url $(SEASON_PG_URL) --admin-url $(PG_ADMIN_URL)

# Issue 11 at full size: the province seeded into PostgreSQL (kept), then 8 concurrent
# reviewers against gunicorn with 1, 2 and 4 workers, LOAD_DURATION seconds each.
bench-province: install
	$(BIN)/python bench/seed_province.py -n $(PROVINCE_N) --qualified $(PROVINCE_QUALIFIED) \
		--database-url $(PROVINCE_PG_URL) --admin-url $(PG_ADMIN_URL) --keep
	$(BIN)/python bench/review_load.py --workers 1,2,4 --clients 8 --duration $(LOAD_DURATION) \
		--database-url $(PROVINCE_PG_URL)
	$(BIN)/python bench/review_load.py --workers 2 --clients 8 --duration $(LOAD_DURATION) \
		--mix step --database-url $(PROVINCE_PG_URL)

diagrams: install
	$(BIN)/python docs/render_diagrams.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info node_modules app/static/vendor
