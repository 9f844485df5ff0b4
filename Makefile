.DEFAULT_GOAL := help
.PHONY: help run test setup services-start services-stop services-status lint format messages bench

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-16s %s\n", $$1, $$2}'

run: ## Install, migrate SQLite, load the demo and serve http://127.0.0.1:8000
	scripts/run.sh

test: ## Start PostgreSQL, Redis, Celery and OpenSearch, run every check and test, stop them
	scripts/test.sh

setup: ## Install the virtual environment and migrate
	scripts/setup.sh

services-start: ## Start the full stack on 127.0.0.1 (writes .run/services.env)
	scripts/services.sh start all

services-stop: ## Stop the full stack
	scripts/services.sh stop all

services-status: ## Show which services are up
	scripts/services.sh status all

lint: ## ruff check and format check
	.venv/bin/ruff check . && .venv/bin/ruff format --check .

format: ## Format the code with ruff
	.venv/bin/ruff check --fix . && .venv/bin/ruff format .

messages: ## Update the fr/es/pt catalogues from the source
	.venv/bin/python manage.py makemessages -l fr -l es -l pt --ignore=.venv --ignore=static
	.venv/bin/python manage.py compilemessages --ignore=.venv

bench: ## Run the benchmarks (needs the full stack: make services-start)
	for b in bench/*.py; do .venv/bin/python $$b || exit 1; done
