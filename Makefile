# Thi đua số — the two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast test-e2e lint install deps bench clean compose-check

deps:
	@./scripts/system-deps.sh $(DEPS_FLAGS)

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -e '.[dev]'
	@touch $@

install: deps $(VENV)/.installed

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "Mở http://$(HOST) và đăng nhập bằng một tài khoản mẫu ở trên."
	$(PY) manage.py runserver $(HOST)

# The whole suite on the embedded default (SQLite, eager tasks), browser tests included.
test: DEPS_FLAGS = --browser
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -m "not broker" -q

test-fast: install
	$(VENV)/bin/pytest -m "not broker and not e2e" -q

test-e2e: DEPS_FLAGS = --browser
test-e2e: install
	$(VENV)/bin/pytest -m e2e -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint

bench: install
	$(PY) -m tests.bench.run

compose-check:
	docker-compose -f docker-compose.yml config -q

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
