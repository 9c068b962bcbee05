# Two commands do all the set-up: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
HOST ?= 127.0.0.1
PORT ?= 5000
# Links written into e-mails and calendar feeds: the address served here, unless given.
BASE_URL ?= http://$(HOST):$(PORT)
PYTEST_ARGS ?=

.PHONY: run test test-fast install translations catalogs lint serve scheduler clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

# Compiled catalogs are build products: made from the .po files at set-up.
translations: install
	$(BIN)/python -m coordination.i18n compile

run: translations
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Concertation: $(BASE_URL)  (demo accounts in README.md)"
	@# One scheduler process beside the web server (reminders, digests, deadlines).
	BASE_URL=$(BASE_URL) $(FLASK) scheduler run & SCHED=$$!; \
	trap 'kill $$SCHED 2>/dev/null' EXIT INT TERM; \
	BASE_URL=$(BASE_URL) $(FLASK) run --host $(HOST) --port $(PORT)

test: translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick loop while developing: everything but the tests marked slow (security,
# concurrency and browser suites, catalog extraction). `make test` and CI run them all.
# On SQLite two pytest-xdist workers (each its own database file) halve the time on 2
# cores; on PostgreSQL the workers would share one database, so it runs in one process.
FAST_WORKERS ?= $(if $(findstring postgres,$(DATABASE_URL)),,-n 2)
test-fast: translations
	$(BIN)/python -m pytest -m "not slow" $(FAST_WORKERS) $(PYTEST_ARGS)

# Re-extract the strings of every feature into its own catalog (developers).
catalogs: install
	$(BIN)/python -m coordination.i18n update

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) .pytest_cache
