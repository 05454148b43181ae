# Two commands matter: `make run` (demo at http://127.0.0.1:8000) and `make test`.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
export DJANGO_SETTINGS_MODULE := portal.settings

# Python dependencies come from the lock files in requirements/, generated from pyproject.toml
# by `make lock` (uv pip compile, pinned with hashes): base.txt for the runtime (the Dockerfile),
# dev.txt for the runtime and the `dev` extra (this Makefile, and so CI).
LOCK := requirements/dev.txt
UV_VERSION := 0.13.9
UV := $(VENV)/bin/uv
UV_COMPILE = $(UV) pip compile pyproject.toml --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command "make lock"

# System packages (scripts/system-packages.sh), checked on every run and installed only when
# missing: msgfmt and WeasyPrint's libraries always, and Chromium too for `make test`.
SYSTEM_PACKAGES := PYTHON=$(PYTHON) VENV=$(VENV) bash scripts/system-packages.sh \
	$(if $(filter test,$(MAKECMDGOALS)),test,run)

ifeq ($(CI),true)
export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/test
export CELERY_BROKER_URL ?= redis://127.0.0.1:6379/0
endif

.DEFAULT_GOAL := $(STAMP)
.PHONY: run test worker beat lint format bench messages setup clean system-packages lock \
	lock-upgrade

system-packages:
	$(SYSTEM_PACKAGES)

$(PY):
	$(SYSTEM_PACKAGES)
	$(PYTHON) -m venv $(VENV) || python3 -m venv $(VENV)

$(STAMP): $(LOCK) pyproject.toml | $(PY)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	$(PY) scripts/check-lock.py
	touch $(STAMP)

# Regenerates both locks from pyproject.toml, keeping every pin that still fits;
# `make lock-upgrade` moves every package to its newest allowed release. dev.txt is resolved
# within base.txt, so the runtime packages have the same versions in both.
lock: | $(PY)
	$(PY) -m pip install --quiet uv==$(UV_VERSION)
	$(UV_COMPILE) $(LOCK_ARGS) -o requirements/base.txt
	$(UV_COMPILE) $(LOCK_ARGS) --extra dev -c requirements/base.txt -o requirements/dev.txt

lock-upgrade:
	$(MAKE) lock LOCK_ARGS=--upgrade

messages: system-packages $(STAMP)
	$(PY) manage.py compilemessages --ignore=.venv --verbosity 0

setup: $(STAMP) messages
	$(PY) manage.py migrate --no-input --verbosity 0
	$(PY) manage.py seed_demo
	$(PY) manage.py seed_demo_events
	$(PY) manage.py seed_demo_mediaplans
	$(PY) manage.py seed_demo_monitoring
	$(PY) manage.py seed_demo_requests
	$(PY) manage.py seed_demo_accreditation
	$(PY) manage.py seed_demo_emergencies

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

# axe-core, which the browser tests run on every page (tests/e2e/accessibility.py), from the
# npm registry at the version and checksum package-lock.json pins: `npm ci` fails loudly when
# the download does.
AXE := node_modules/axe-core/axe.min.js
$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $(AXE)

# The suite runs on TEST_WORKERS processes (pytest-xdist), each with its own test database:
# three on two cores, since the tests wait on Celery workers, Chromium and gunicorn.
TEST_WORKERS ?= 3
test: system-packages $(STAMP) $(AXE) messages lint
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(PY) -m pytest -n $(TEST_WORKERS)

# Benchmarks on a throwaway database of the engine DATABASE_URL names (SQLite when unset);
# on PostgreSQL a database bench_<pid> is created and dropped on that server:
#   make bench DATABASE_URL=postgres://postgres@127.0.0.1:5432/test
# bench.load starts gunicorn (2 workers, DEBUG off, portal/gunicorn.conf.py) and loads the
# public reads beside a bare view and static files; add CACHE_URL=redis://127.0.0.1:6379/7 to
# share the cache between workers as in production.
bench: $(STAMP) messages
	$(PY) -m bench.directory
	$(PY) -m bench.sweep
	$(PY) -m bench.events
	$(PY) -m bench.media_grid
	$(PY) -m bench.load

clean:
	rm -rf $(VENV) var db.sqlite3 staticfiles
