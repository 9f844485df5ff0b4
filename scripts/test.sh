#!/usr/bin/env bash
# The whole test suite against the real services: installs and starts PostgreSQL, Redis,
# a Celery worker and OpenSearch on 127.0.0.1, runs the checks and pytest, then stops them.
#   scripts/test.sh [pytest args]     e.g. scripts/test.sh tests/test_health.py -x
#   KEEP_SERVICES=1 scripts/test.sh   leaves the services running afterwards
#   SQLITE_FUZZ=1 scripts/test.sh ARGS also runs the SQLite fuzzing step (always run without ARGS)
#   TEST_WORKERS=0 scripts/test.sh   runs pytest in one process (default: 2, pytest-xdist)
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\033[1m[test]\033[0m %s\n' "$*"; }

SETUP_SKIP_MIGRATE=1 scripts/setup.sh
step "installing the test browser (Debian chromium)"
scripts/install_browser.sh
step "installing and starting services"
scripts/services.sh install all
cleanup() {
  if [ "${KEEP_SERVICES:-0}" != 1 ]; then
    step "stopping services"
    scripts/services.sh stop all || true
  fi
}
trap cleanup EXIT
scripts/services.sh start all
# shellcheck disable=SC1091
set -a; . .run/services.env; set +a
export DJANGO_SETTINGS_MODULE=cms.settings.test
export REQUIRE_REAL_SERVICES=1

step "ruff"
.venv/bin/ruff check .
.venv/bin/ruff format --check .
step "manage.py check"
.venv/bin/python manage.py check --fail-level WARNING
step "makemigrations --check"
.venv/bin/python manage.py makemigrations --check --dry-run
step "compilemessages"
if find . -path ./.venv -prune -o -name '*.po' -print | grep -q .; then
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv
fi
# pytest-xdist: TEST_WORKERS processes (default 2, one per core of our machines; 0 runs in
# this process). Each has its own test database, search indices, cache database and media
# (cms/settings/test.py); a test file stays in one process, so its module fixtures are built once.
workers=${TEST_WORKERS:-2}
parallel=()
if [ "$workers" != 0 ]; then
  parallel=(-n "$workers" --dist loadfile)
fi
# The schemathesis tests give every API operation an item of the same node id; pytest-xdist
# keys items by node id and would run one of each. In the full run they run below, in one
# process, on PostgreSQL and then on SQLite.
FUZZ=(delivery/tests/test_api_schema.py delivery/tests/test_api_v2_fuzz.py)
fuzz_ignored=()
if [ $# -eq 0 ] && [ "$workers" != 0 ]; then
  fuzz_ignored=(--ignore="${FUZZ[0]}" --ignore="${FUZZ[1]}")
fi
step "pytest (${workers} worker processes)"
set +e
.venv/bin/python -m pytest "${parallel[@]}" "${fuzz_ignored[@]}" "$@"
status=$?
set -e
if [ $status -eq 5 ]; then
  echo "[test] pytest collected no tests: that is a failure" >&2
fi
if [ ${#fuzz_ignored[@]} -gt 0 ]; then
  step "schemathesis on PostgreSQL"
  set +e
  .venv/bin/python -m pytest "${FUZZ[@]}"
  fuzz_status=$?
  set -e
  if [ $status -eq 0 ]; then
    status=$fuzz_status
  fi
fi
# The embedded default's database: the v1 and v2 fuzzing again on SQLite (pytest-django makes
# an in-memory test database; the search engine and Redis stay the real ones). Part of the
# full run; with pytest arguments only when SQLITE_FUZZ=1.
if [ $# -eq 0 ] || [ "${SQLITE_FUZZ:-0}" = 1 ]; then
  step "schemathesis on SQLite"
  set +e
  DATABASE_URL="sqlite:///$PWD/.run/fuzz.sqlite3" .venv/bin/python -m pytest "${FUZZ[@]}"
  fuzz_status=$?
  set -e
  if [ $fuzz_status -eq 5 ]; then
    echo "[test] the SQLite fuzzing collected no tests: that is a failure" >&2
  fi
  if [ $status -eq 0 ]; then
    status=$fuzz_status
  fi
fi
exit $status
