# `make demo` and `make test` work on a fresh machine with Python >= 3.11 and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck example bench bench-extract clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	PLEDGETRACK_DB=pledges.db.example $(BIN)/pledgetrack report --as-of 2025-06-30

test: $(STAMP)
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/pytest -q -n 2

example: $(STAMP)
	$(BIN)/python examples/build_example.py src/pledgetrack/data/pledges.db.example

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/extract_bench.py

bench-extract: $(STAMP)
	$(BIN)/python benchmarks/extract_bench.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
