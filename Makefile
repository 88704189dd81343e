# sala — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup static lint format lock bench clean

$(STAMP): requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	touch $(STAMP)

setup: $(STAMP) static
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_mahidol_call --open-now
	$(BIN)/python manage.py demo

# Hashed, gzip- and brotli-compressed static files in var/static, served as in production.
static: $(STAMP)
	mkdir -p var
	$(BIN)/python manage.py collectstatic --noinput -v0

run: setup
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest -n 2 -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Re-lock after changing pyproject.toml (needs uv: `pip install uv`).
lock:
	uv pip compile pyproject.toml --extra dev --python-version 3.11 --generate-hashes -o requirements/lock.txt

bench: $(STAMP)
	$(BIN)/python bench/assignment.py
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/first_load.py

clean:
	rm -rf $(VENV) var/*.sqlite3
