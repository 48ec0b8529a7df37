VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test lint format install clean-data lock

$(STAMP): pyproject.toml requirements.lock
	test -x $(PY) || $$(scripts/find-python) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

## Start the whole platform (web, worker, beat) with demo data.
run: $(STAMP)
	$(PY) scripts/stack.py run

## Run every test (browser tests included when Chromium is present).
test: $(STAMP)
	$(PY) scripts/stack.py test $(ARGS)

lint: $(STAMP)
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint --check templates
	$(VENV)/bin/djlint --lint templates
	$(PY) scripts/stack.py manage makemigrations --check --dry-run

format: $(STAMP)
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/djlint --reformat templates

## Refresh requirements.lock after changing pyproject.toml.
lock: $(STAMP)
	$(PY) -m pip install --quiet uv
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.12 -o requirements.lock

clean-data:
	rm -rf .data
