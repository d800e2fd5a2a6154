# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PY := .venv/bin/python
DEMO_ENV := APL_REQUIRE_STAFF_MFA=false

.PHONY: run test install lint bench mutate migrate demo ci-postgres lock

install:
	@scripts/bootstrap.sh

run: install
	@echo "run: migrating the database..."
	@$(DEMO_ENV) $(PY) manage.py migrate --no-input -v0
	@echo "run: collecting static files..."
	@$(DEMO_ENV) $(PY) manage.py collectstatic --no-input -v0
	@echo "run: loading demo data (about a minute the first time)..."
	@$(DEMO_ENV) $(PY) manage.py load_demo
	@echo "run: serving APL on http://127.0.0.1:8000 (Ctrl-C stops)."
	@$(DEMO_ENV) $(PY) -m gunicorn apl.wsgi:application --bind 127.0.0.1:8000 --workers 2 --access-logfile - --log-level warning

test:
	@scripts/bootstrap.sh browser
	@scripts/verifier_install.sh
	@$(PY) -m ruff check .
	@$(PY) -m ruff format --check .
	@$(PY) manage.py makemigrations --check --dry-run -v0
	@.venv/bin/lint-imports --no-logo --no-cache
	@$(PY) -m pytest -n 2 -p no:cacheprovider

lint:
	@$(PY) -m ruff check --fix . && $(PY) -m ruff format .

bench: install
	@$(PY) -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements/bench.txt
	@$(PY) bench/run.py

# Mutation testing of the core rule modules against their own tests (mutmut, pinned in
# dev). CPU-heavy and slow: not part of `make test` or CI. `make mutate ONLY=quarters`
# runs one module; the figures and the surviving mutants are in bench/mutation.md.
mutate: install
	@$(PY) bench/mutate.py $(ONLY)

# Re-pins every dependency (with hashes) from pyproject.toml; commit requirements/*.txt.
# `make lock UPGRADE=1` moves every pin to the newest version the ranges allow.
PIP_COMPILE := .venv/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links $(if $(UPGRADE),--upgrade)
lock: install
	@$(PIP_COMPILE) --output-file requirements/base.txt pyproject.toml
	@$(PIP_COMPILE) --extra dev --constraint requirements/base.txt \
		--output-file requirements/dev.txt pyproject.toml
	@$(PIP_COMPILE) --extra dev --extra bench --constraint requirements/dev.txt \
		--output-file requirements/bench.txt pyproject.toml
	@echo "lock: requirements/base.txt (production), dev.txt (development) and bench.txt (benchmarks) updated"
