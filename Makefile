# satudata — two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DATA_DIR ?= ./satudata-data
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install browser demo serve test lint format bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "satudata needs Python 3.11 or newer")'
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: $(BIN)/python requirements.lock pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@touch $@

install: $(VENV)/.installed

# Browser tests drive Debian's chromium through Playwright (Playwright downloads nothing).
CHROMIUM ?= /usr/bin/chromium
browser:
	@test -x $(CHROMIUM) || command -v chromium >/dev/null || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then apt-get install -y -q chromium >/dev/null; \
	  else sudo -n apt-get install -y -q chromium >/dev/null; fi || \
	  echo "chromium could not be installed: the browser tests will be skipped"; }

demo: install
	$(BIN)/satudata --data-dir $(DATA_DIR) demo
	$(BIN)/satudata --data-dir $(DATA_DIR) serve --port $(PORT)

serve: install
	$(BIN)/satudata --data-dir $(DATA_DIR) serve --port $(PORT)

lint: install
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/lint-imports
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

test: lint browser
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: install
	$(BIN)/python bench/ingest.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
