# SI-CCS: `make demo` to try it, `make test` to check it. Everything a fresh machine
# needs is installed from here (uv, Python packages, Chromium for browser tests).
SHELL := /bin/bash
.DEFAULT_GOAL := help
export UV_PYTHON_DOWNLOADS := never
export PYTHONDONTWRITEBYTECODE := 1
UV := $(shell command -v uv 2>/dev/null || echo $(CURDIR)/.tools/bin/uv)
PY := .venv/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DEBUG=1 DATABASE_URL=sqlite:///$(CURDIR)/var/demo.sqlite3

.PHONY: help install demo demo-data serve test lint test-sqlite test-postgres test-production browsers messages bench loadtest clean

help:
	@echo "make demo   install, load demo data and serve on http://127.0.0.1:8000"
	@echo "make test   lint and run the whole test suite (SQLite, then PostgreSQL if reachable)"
	@echo "make bench  dashboard and report timings at national scale"
	@echo "make loadtest  200 concurrent users against the production configuration (PostgreSQL)"

$(UV):
	python3 -m pip install --quiet --target $(CURDIR)/.tools uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --python 3.12
	@touch $@

install: .venv/.synced
	$(MANAGE) compilemessages --ignore=.venv --ignore=.tools -v 0

demo: demo-data
	@$(MAKE) --no-print-directory serve

# The demo database alone (var/demo.sqlite3), e.g. for tools/phone_screenshots.py.
demo-data: install
	@mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --no-input -v 0
	$(DEMO_ENV) $(MANAGE) collectstatic --no-input -v 0
	$(DEMO_ENV) $(MANAGE) load_demo

serve:
	@echo "Starting the task worker and the web server (Ctrl-C stops both)."
	@trap 'kill 0' EXIT; \
	  $(DEMO_ENV) $(MANAGE) worker --interval 1 --no-reload & \
	  $(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000 --noreload

# Chromium for the browser journeys; Java for ODK Validate (shipped by pyxform), which
# checks the field forms in the tests. chromium-l10n: Chromium's French interface, without
# which its date inputs read mm/dd/yyyy whatever the page's locale (conftest.py).
browsers:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null && \
	  test -f /usr/lib/chromium/locales/fr.pak || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver chromium-l10n >/dev/null)
	@command -v java >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run -v 1
	PYTHONPATH=$(CURDIR) .venv/bin/lint-imports --no-cache --no-logo

# The whole suite on SQLite, then on PostgreSQL when a server answers on 127.0.0.1:5432,
# then once the production smoke run on PostgreSQL (REQUIRE_POSTGRES=1, as in CI, makes a
# missing server an error instead of a notice).
test: install browsers lint test-sqlite
	@if pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then \
	  $(MAKE) --no-print-directory test-postgres && $(MAKE) --no-print-directory test-production; \
	elif [ -n "$$REQUIRE_POSTGRES" ]; then echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; \
	else echo "PostgreSQL not reachable on 127.0.0.1:5432: suite ran on SQLite only."; fi

# --durations: the slowest tests of each run, so that a slow newcomer is seen at once.
# -n: one pytest-xdist worker per core (TEST_WORKERS=0 runs in one process); loadscope
# keeps a module's tests on one worker, so a fixture built once per module is built once.
# On PostgreSQL the tests marked `serial` run after, alone: the dashboard's cache reads the
# cluster-wide snapshot, which the other worker's writes (in its own database) move.
TEST_WORKERS ?= auto
PYTEST := .venv/bin/pytest -q --durations=15 -n $(TEST_WORKERS) --dist loadscope

test-sqlite:
	$(PYTEST)

test-postgres: install browsers
	@db=siccs_test_$$$$; \
	  psql -h 127.0.0.1 -U postgres -q -c "CREATE DATABASE $$db" && \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/$$db $(PYTEST) -m "not serial" && \
	  DATABASE_URL=postgres://postgres@127.0.0.1:5432/$$db .venv/bin/pytest -q -m serial; rc=$$?; \
	  for t in $$db test_$$db test_$${db}_gw0 test_$${db}_gw1 test_$${db}_gw2 test_$${db}_gw3; do \
	    psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $$t" >/dev/null 2>&1; done; exit $$rc

# gunicorn with DEBUG off on PostgreSQL, static files collected with their manifest,
# behind a forwarding proxy: every role walks its pages, a citizen sends a report.
test-production: install
	$(PY) deploy/smoke.py

loadtest: install
	$(PY) deploy/loadtest.py --users 200 --rounds 2

messages: install
	cd siccs && ../$(PY) ../manage.py makemessages -l fr -l en --ignore='*/tests/*' -v 0
	$(MANAGE) compilemessages --ignore=.venv --ignore=.tools -v 0

bench: install
	$(PY) -m tools.bench

clean:
	rm -rf .venv .tools var
