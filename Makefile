# The README's two commands: `make run` (the portal with demo data) and `make test` (the whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
HOST ?= 127.0.0.1:8000

.PHONY: run test prepare system-deps test-deps lint format messages bench clean

run: prepare
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	@echo "Impactportaal runs at http://$(HOST)  (demo accounts: see README.md)"
	$(BIN)/python manage.py runserver $(HOST)

test: prepare test-deps
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/python -m pytest $(PYTEST_ARGS)

prepare: system-deps $(STAMP)
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules -v0
	$(BIN)/python manage.py collectstatic --noinput -v0

system-deps:
	@bin/ensure-system-deps

test-deps: $(STAMP)
	@bin/ensure-system-deps --tests
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --no-audit --no-fund --loglevel=error

$(STAMP): requirements.txt requirements-dev.txt
	[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements-dev.txt
	rm -f $(VENV)/.installed-* && touch $@

messages:
	$(BIN)/python manage.py makemessages -l nl -l en --ignore=.venv --ignore=node_modules --ignore=staticfiles --no-obsolete
	$(BIN)/python manage.py compilemessages --ignore=.venv --ignore=node_modules

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench:
	bench/run

clean:
	rm -rf $(VENV) staticfiles node_modules db.sqlite3
