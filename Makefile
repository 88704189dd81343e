# sala — the two commands a newcomer needs are `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup static fonts lint format lock bench clean

$(STAMP): requirements/lock.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements/lock.txt
	touch $(STAMP)

setup: $(STAMP) static fonts
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_mahidol_call --open-now
	$(BIN)/python manage.py demo

# The printed programme's fonts (Thai, Lao, Khmer, Burmese, Chinese, Vietnamese): Debian's
# Noto and Droid Sans Fallback, installed when missing (as root, or with password-less sudo).
# Never fails the setup: without them the PDF still prints, those scripts as empty boxes.
PDF_FONTS := /usr/share/fonts/truetype/noto/NotoSansKhmer-Regular.ttf /usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf
fonts:
	@for f in $(PDF_FONTS); do [ -f $$f ] || missing=1; done; \
	if [ -n "$$missing" ]; then \
	  echo "== installing the programme PDF's fonts (fonts-noto-core fonts-droid-fallback)"; \
	  if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq fonts-noto-core fonts-droid-fallback; } >/dev/null 2>&1 \
	  || echo "WARNING: could not install fonts-noto-core fonts-droid-fallback: the programme PDF will print Thai, Lao, Khmer, Burmese and Chinese as boxes (see README, 'The printed programme')"; \
	fi

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
	$(BIN)/python bench/programme_pdf.py

clean:
	rm -rf $(VENV) var/*.sqlite3
