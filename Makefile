# Two commands matter: `make run` (demo at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := portal.settings

ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
endif

.PHONY: run test worker beat lint format bench messages setup clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

messages: $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

setup: $(STAMP) messages
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py seed_demo

run: setup
	mkdir -p var/broker var/broker-processed var/broker-control
	$(VENV)/bin/honcho start -f Procfile.dev

worker: $(STAMP)
	mkdir -p var/broker var/broker-processed var/broker-control
	$(VENV)/bin/celery -A portal worker --loglevel=info --concurrency=2

beat: $(STAMP)
	$(VENV)/bin/celery -A portal beat --loglevel=info

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(STAMP)
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

test: $(STAMP) messages lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest

bench: $(STAMP) messages
	$(PY) -m bench.directory
	$(PY) -m bench.sweep

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
