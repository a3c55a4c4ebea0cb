# Thi đua số — the two commands a newcomer needs: `make run` and `make test`.
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1:8000

.PHONY: run test test-fast test-e2e lint install deps bench clean compose-check backup restore lock

deps:
	@./scripts/system-deps.sh $(DEPS_FLAGS)

# Exact versions with their hashes (requirements-dev.lock): two installs a week apart run
# the same code. `make lock` refreshes the lock files after a change to pyproject.toml.
$(VENV)/.installed: requirements-dev.lock
	@test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes -r requirements-dev.lock
	$(PIP) install -q --no-deps -e .
	@touch $@

LOCK_FLAGS = --python-version 3.11 --python-platform x86_64-manylinux_2_28 --generate-hashes \
	--no-emit-index-url --quiet --custom-compile-command "make lock"
lock: $(VENV)/.installed
	$(VENV)/bin/uv pip compile pyproject.toml $(LOCK_FLAGS) --upgrade -o requirements.lock
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev $(LOCK_FLAGS) --upgrade -o requirements-dev.lock

install: deps $(VENV)/.installed

run: install
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_demo
	@echo ""
	@echo "Mở http://$(HOST) và đăng nhập bằng một tài khoản mẫu ở trên."
	$(PY) manage.py runserver $(HOST)

# The whole suite on the embedded default (SQLite, eager tasks), browser tests included,
# spread over the CPU cores (pytest-xdist; each process has its own test database, live
# server and Chromium; TEST_WORKERS=1 for one process).
TEST_WORKERS ?= auto
test: DEPS_FLAGS = --browser
test: install
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/pytest -m "not broker" -q -n $(TEST_WORKERS)

test-fast: DEPS_FLAGS = --browser
test-fast: install
	$(VENV)/bin/pytest -m "not broker and not e2e" -q -n $(TEST_WORKERS)

test-e2e: DEPS_FLAGS = --browser
test-e2e: install
	$(VENV)/bin/pytest -m e2e -q

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/djlint templates --check

bench: install
	$(PY) -m tests.bench.run $(BENCH_ARGS)

# Database + media into $(BACKUP_DIR)/thidua-<date>/ with SHA-256s; restore one folder
# (BACKUP=backups/thidua-…) and verify every issued document's hash (README, Reliability).
BACKUP_DIR ?= backups
backup: install
	$(PY) manage.py backup $(BACKUP_DIR)

restore: install
	@test -n "$(BACKUP)" || { echo "Usage: make restore BACKUP=backups/thidua-YYYYmmdd-HHMMSS"; exit 2; }
	$(PY) manage.py restore $(BACKUP)

compose-check:
	docker-compose -f docker-compose.yml config -q

clean:
	rm -rf $(VENV) staticfiles db.sqlite3
