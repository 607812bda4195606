# Two commands on a fresh machine: `make run` and `make test`. Both create .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test test-pythons lint typecheck check pytest pytest-fast bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test,dev]'
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/quizapp

lint: $(VENV)/.installed-test
	$(BIN)/ruff check quizapp tests benchmarks
	$(BIN)/ruff format --check quizapp tests benchmarks

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

check: $(VENV)/.installed-test
	$(BIN)/quizapp check

# Two test workers per CPU: many tests wait on a real server, a browser or a child process, so one
# worker per CPU leaves the CPUs idle part of the time (2 cores: 267 s with 2 workers, 212 s with 4).
TEST_WORKERS ?= $(shell $(PYTHON) -c "import os; print(2 * (os.cpu_count() or 1))")

# The whole suite once, on every CPU (pytest-xdist), with the wall clock a year ahead: a test that
# reads the real clock instead of its fixed one fails here, today rather than next year.
# Compiled bytecode goes to .venv/pycache (never beside the sources), even where the environment
# says not to write it: hundreds of Python processes start in the suite, and each would compile
# quizapp again (0.3 s of CPU each).
pytest: $(VENV)/.installed-test
	PYTHONDONTWRITEBYTECODE= PYTHONPYCACHEPREFIX=$(CURDIR)/$(VENV)/pycache \
	QUIZAPP_TEST_SHIFT_DAYS=365 $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal -p no:cacheprovider

# The fast tests on the real clock, in one process (quick to rerun while working).
pytest-fast: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q -m "not slow"

test: lint typecheck check pytest

# The fast tests on the other supported Pythons present here (pyenv's or the system's), each in
# its own .venv-3.X; a version not installed is reported and skipped.
test-pythons:
	PYTHON=$(PYTHON) .ci/test-pythons

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) .venv-3.* build dist .pytest_cache .mypy_cache .ruff_cache
