# One-command setup for newcomers and CI:
#   make run    set everything up and serve the site on 127.0.0.1:$PORT (default 8000)
#   make test   set everything up and run the whole test suite
# Both honour DATABASE_URL (SQLite in the project root by default).

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Local development runs with DEBUG on (and so with a development-only secret key)
# unless the environment says otherwise.
export DEBUG ?= 1

REQUIREMENTS := requirements.txt requirements-dev.txt
INSTALLED := $(VENV)/.installed-$(shell cat $(REQUIREMENTS) | sha1sum | cut -c1-16)
HDX_COUNTRY_VERSION := 4.2.5

.PHONY: install messages migrate seed run test lint format check-deploy countries worldmap clean

install: $(INSTALLED)

# Reinstall only when a requirements file changed (the stamp's name is their hash).
$(INSTALLED): $(REQUIREMENTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $@

# The interface catalogues compiled (locale/*/LC_MESSAGES/django.mo), without GNU gettext.
messages: install
	$(BIN)/python scripts/compile_messages.py

migrate: messages
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py createcachetable

seed: migrate
	$(BIN)/python manage.py load_knowledge_base

run: seed
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: messages
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The deployment checklist with production settings (as CI runs it).
check-deploy: install
	DEBUG=0 SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))') \
	ALLOWED_HOSTS=kb.example.org CACHE_URL=redis://127.0.0.1:6379/1 \
	$(BIN)/python manage.py check --deploy --fail-level WARNING

# Regenerate fixtures/reference/{countries,regions}.json from the maintained dataset.
countries: install
	rm -rf .cache/hdx && mkdir -p .cache/hdx
	$(BIN)/python -m pip download --quiet --no-deps --dest .cache/hdx hdx-python-country==$(HDX_COUNTRY_VERSION)
	cd .cache/hdx && $(CURDIR)/$(BIN)/python -m zipfile -e hdx_python_country-*.whl .
	$(BIN)/python scripts/build_country_fixture.py \
		--csv ".cache/hdx/hdx/location/Countries & Territories Taxonomy MVP - C&T Taxonomy.csv" \
		--source-label "hdx-python-country $(HDX_COUNTRY_VERSION): Countries & Territories Taxonomy MVP - C&T Taxonomy.csv"

# Regenerate coherence/data/worldmap.json (the world map's projected shapes) from Natural
# Earth's countries as the npm package world-atlas has them; the versions are pinned in
# scripts/worldmap/package-lock.json. Needs node and npm; the site itself needs neither.
WORLD_ATLAS_VERSION := $(shell sed -n 's/.*"world-atlas": "\(.*\)".*/\1/p' scripts/worldmap/package.json)
worldmap:
	rm -rf .cache/worldmap && mkdir -p .cache/worldmap
	cp scripts/worldmap/package.json scripts/worldmap/package-lock.json scripts/worldmap/build_worldmap.mjs .cache/worldmap/
	cd .cache/worldmap && npm ci --no-audit --no-fund --ignore-scripts --silent
	node .cache/worldmap/build_worldmap.mjs .cache/worldmap/node_modules/world-atlas/countries-110m.json \
		coherence/data/worldmap.json "world-atlas $(WORLD_ATLAS_VERSION): countries-110m.json (Natural Earth 4.1.0, 1:110m admin 0 countries)"

clean:
	rm -rf $(VENV) .cache .pytest_cache .ruff_cache staticfiles
