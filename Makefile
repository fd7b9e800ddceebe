# mocmo developer tasks. `make` (or `make help`) lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
NOTEBOOKS := $(wildcard notebooks/*.ipynb)
NBVAL_FLAGS := --nbval-lax --nbval-current-env --nbval-cell-timeout=180
# JupyterLab refuses to run as root without --allow-root.
ALLOW_ROOT := $(if $(filter 0,$(shell id -u)),--allow-root)

.PHONY: help setup system-deps workbook lab test lint format bench check-workbook clean

help: ## Show this help
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

setup: ## Create .venv and install mocmo[dev] (skipped while pyproject.toml is unchanged)
	@bash scripts/setup.sh

system-deps: ## Install LibreOffice Calc, Chromium and DejaVu fonts via apt when missing
	@bash scripts/system-deps.sh

workbook: setup ## Open the guided workbook (app mode) on your plan, first the example; plans in workspace/
	MOCMO_HOME=$(CURDIR)/workspace $(VENV)/bin/mocmo app

lab: setup ## Open the notebooks in JupyterLab (127.0.0.1), same workspace/ as the app
	MOCMO_HOME=$(CURDIR)/workspace $(VENV)/bin/jupyter lab --ip=127.0.0.1 $(ALLOW_ROOT) notebooks/

test: setup system-deps ## ruff check + mypy + pytest + notebooks (nbval); fails if any step fails
	@rc=0; \
	echo "==> ruff check ."; \
	$(VENV)/bin/ruff check . || rc=1; \
	echo "==> mypy mocmo"; \
	$(VENV)/bin/mypy mocmo || rc=1; \
	echo "==> pytest"; \
	$(PY) -m pytest || rc=1; \
	if [ -n "$(NOTEBOOKS)" ]; then \
		echo "==> pytest (nbval) notebooks/"; \
		nbhome=$$(mktemp -d); \
		MOCMO_HOME=$$nbhome $(PY) -m pytest $(NBVAL_FLAGS) notebooks/ || rc=1; \
	else \
		echo "==> no notebooks/*.ipynb: nbval skipped"; \
	fi; \
	if [ $$rc -ne 0 ]; then echo "==> make test: FAILED"; fi; \
	exit $$rc

lint: setup ## ruff check + ruff format --check + mypy mocmo
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy mocmo

format: setup ## Apply ruff fixes and formatting
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup ## Run the benchmarks (benchmarks/run.py)
	$(PY) benchmarks/run.py

check-workbook: setup ## Recalculate the example's and a 30-person plan's workbooks (LibreOffice); fail if a figure differs from the model
	$(PY) -m mocmo.verify data/examples/brightwave.yaml --synthetic 30

clean: ## Remove build output, caches and test artifacts (keeps .venv)
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis tests/artifacts
	find . -path ./.venv -prune -o \( -name __pycache__ -o -name '*.egg-info' -o -name .ipynb_checkpoints \) -type d -print0 | xargs -0 -r rm -rf
