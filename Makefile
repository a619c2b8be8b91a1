# Bienvenue Docteur — the two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
DEPARTEMENT ?= 47
export DEPARTEMENT

# Debian packages: what the site needs to run (WeasyPrint) and what the test suite needs on top.
APT_RUN := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core
# (nginx-light and openssl: the reverse proxy of deploy/nginx.conf is run in front of the live server)
# (wrk: the load benchmark, make bench-charge)
APT_TEST := $(APT_RUN) chromium poppler-utils postgresql redis-server nginx-light openssl wrk

# Test services (already running on the project's machines; started by scripts/services.sh when absent).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/bienvenuedoc
TEST_REDIS_URL ?= redis://127.0.0.1:6379/0
PYTEST_ARGS ?= -n 2 --create-db -v

.PHONY: help run serve test quality pytest worker beat bench demo vendor install services clean code-2fa

help:
	@echo "make run    installe, migre, charge le territoire ($(DEPARTEMENT)) et la démo, sert http://127.0.0.1:8000"
	@echo "make test   toute la suite sur PostgreSQL + Redis + chromium, avec les contrôles qualité"
	@echo "autres : quality, worker, beat, bench, bench-charge [DUREE=10], bench-lighthouse, demo, vendor, services, clean"
	@echo "sauvegarde : make backup [DESTINATION=dossier], make restore DOSSIER=sauvegardes/AAAA-MM-JJ-HHMMSS [FORCE=1]"

$(STAMPS)/apt-run:
	@scripts/apt.sh $(APT_RUN)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/apt-test:
	@scripts/apt.sh $(APT_TEST)
	@mkdir -p $(STAMPS) && touch $@

$(STAMPS)/venv: requirements.txt requirements-dev.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	@mkdir -p $(STAMPS) && touch $@

install: $(STAMPS)/apt-run $(STAMPS)/venv

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py importer_territoire --departement $(DEPARTEMENT)
	$(PY) manage.py importer_observatoire --departement $(DEPARTEMENT)
	$(PY) manage.py generer_demo
	@echo "Back-office (démo) : http://127.0.0.1:8000/gestion/ — responsable / demo-bienvenue-2026 ;"
	@echo "  code de double authentification demandé ensuite : « make code-2fa » dans un autre terminal."
	$(PY) manage.py runserver 127.0.0.1:8000

# Second factor of a DEMO account (refused for any other): make code-2fa [COMPTE=agent-demo-4]
COMPTE ?= responsable
code-2fa:
	@$(PY) manage.py code_2fa_demo $(COMPTE)

demo: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py importer_territoire --departement $(DEPARTEMENT)
	$(PY) manage.py importer_observatoire --departement $(DEPARTEMENT)
	$(PY) manage.py generer_demo --reinitialiser

worker: install
	$(VENV)/bin/celery -A bienvenuedoc worker -l info

beat: install
	$(VENV)/bin/celery -A bienvenuedoc beat -l info

services: $(STAMPS)/apt-test
	@scripts/services.sh

quality: $(STAMPS)/venv
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	$(VENV)/bin/djlint templates --lint
	$(PY) manage.py makemigrations --check --dry-run
	DEBUG=false SECRET_KEY="$$(head -c 48 /dev/urandom | base64)" ALLOWED_HOSTS=bienvenuedoc.example.fr \
	  DATABASE_URL=$(TEST_DATABASE_URL) CELERY_BROKER_URL=$(TEST_REDIS_URL) \
	  $(PY) manage.py check --deploy --fail-level WARNING

pytest: $(STAMPS)/venv
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)

test: $(STAMPS)/apt-test $(STAMPS)/venv services quality pytest

bench: install services
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) benchmarks/run_all.py

# Load benchmark of the production shape (benchmarks/charge.py: gunicorn as docker-compose.yml runs it, wrk on
# loopback, ~DUREE s per page, about 8 minutes in all with DUREE=10); then Lighthouse on the main public pages.
DUREE ?= 10
.PHONY: bench-charge bench-lighthouse
bench-charge: install services
	@scripts/apt.sh wrk
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) benchmarks/charge.py --duree $(DUREE)

bench-lighthouse: install services
	@scripts/apt.sh chromium
	@mkdir -p .make/lighthouse && cp benchmarks/lighthouse/package.json benchmarks/lighthouse/package-lock.json .make/lighthouse/
	cd .make/lighthouse && npm ci --no-audit --no-fund --loglevel=error
	DATABASE_URL=$(TEST_DATABASE_URL) $(PY) benchmarks/lighthouse.py

vendor:
	npm install --no-audit --no-fund --no-save --prefix .make/npm $$(node -p "Object.entries(require('./package.json').dependencies).map(([n,v])=>n+'@'+v).join(' ')")
	scripts/vendor.sh .make/npm/node_modules

# Backup and restore of the database (DATABASE_URL, or the embedded SQLite file) and of the uploaded files
# (MEDIA_ROOT): scripts/sauvegarde.py. A backup is a dated folder under sauvegardes/ (SAUVEGARDES_DIR).
.PHONY: backup restore
backup: $(STAMPS)/venv
	$(PY) scripts/sauvegarde.py sauvegarder $(if $(DESTINATION),--dossier "$(DESTINATION)")

restore: $(STAMPS)/venv
	@test -n "$(DOSSIER)" || { echo "Indiquez la sauvegarde : make restore DOSSIER=sauvegardes/AAAA-MM-JJ-HHMMSS [FORCE=1]" >&2; exit 2; }
	$(PY) scripts/sauvegarde.py restaurer "$(DOSSIER)" $(if $(filter 1,$(FORCE)),--force)

clean:
	rm -rf $(STAMPS) $(VENV) staticfiles
