# Two commands do all the set-up: `make run` and `make test`. Both build .venv when it is missing.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8501

.PHONY: run test lint typecheck unit browser-ready geodata bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m dashboard.serve --server.port $(PORT) $(ARGS)

# Everything: lint, types, the import contract and every test (browser and slow included).
test: $(STAMP) browser-ready lint typecheck
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The fast tier: no browser, no server (markers applied by tests/conftest.py).
unit: $(STAMP)
	$(BIN)/pytest -m "not browser and not slow"

browser-ready:
	@scripts/ensure-chromium

# Not part of `make test`: timings belong in benchmarks, never in tests.
# Issue 15's targets in one run: the table at the end reads only files written since it started.
BENCH_STARTED := $(shell date +%Y%m%dT%H%M%S)
bench: $(STAMP) browser-ready
	$(BIN)/python -m bench.run --steps 30
	$(BIN)/python -m bench.timeline --steps 60
	$(BIN)/python -m bench.timeline --scale 10 --steps 60
	$(BIN)/python -m bench.timeline --scale 100 --steps 30
	$(BIN)/python -m bench.cold_start --runs 2
	$(BIN)/python -m bench.cold_start --runs 2 --launch plain
	$(BIN)/python -m bench.load --client ws --sessions 20 --steps 50
	-$(BIN)/python -m bench.load --client browser --scrub timeline --sessions 20 --steps 50
	$(BIN)/python -m bench.targets --since $(BENCH_STARTED)

geodata: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[build]'
	$(BIN)/python -m geodata.build

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
