# The two commands of the README: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test lint typecheck imports pytest bench lock clean

## Every package is installed at the version pinned in requirements.lock (a constraints
## file: pyproject.toml says what opstui needs, the lock which versions were tested).
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $(STAMP)

setup: $(STAMP)

## Open the app on the demo database (written once in the user data folder, then reused).
run: setup
	$(BIN)/opstui demo
	@echo "On the command line, the demo is read with --demo: $(BIN)/opstui --demo list sessions"

## Every check CI runs: lint, format, types, layering, tests (end-to-end ones included).
test: setup lint typecheck imports pytest

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: setup
	$(BIN)/mypy

imports: setup
	$(BIN)/lint-imports

## Three workers on CI's two cores: the end-to-end tests run one after another on one
## of them (tests/conftest.py) and mostly wait for the program they drive, so the other
## two keep both cores busy with the rest.
## One hash seed for every run: plotext places a chart's tick labels by set order, so the
## same chart could land a label one column apart from one process to the next and a
## snapshot would flake (the metrics screen's sentiment tab did, about one run in five).
pytest: setup
	PYTHONHASHSEED=0 $(BIN)/pytest -n 3 --dist loadgroup

bench: setup
	$(BIN)/python benchmarks/run.py

## Refresh the lock: the newest releases pyproject.toml allows, resolved in a scratch
## venv. Run `make test` after it (a new Textual can change the snapshots) and commit both.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[dev]'
	{ echo "# The versions make installs (pip constraints). Refresh with: make lock"; \
	  .venv-lock/bin/python -m pip freeze --exclude opstui; } > requirements.lock
	rm -rf .venv-lock build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .import_linter_cache
