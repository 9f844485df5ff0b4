#!/usr/bin/env bash
# The embedded default: SQLite, database search, eager tasks. Installs, migrates, loads the
# trilingual demo content and serves http://127.0.0.1:8000. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."
export DJANGO_SETTINGS_MODULE=${DJANGO_SETTINGS_MODULE:-cms.settings.dev}
export PORT=${PORT:-8000}  # e-mail links follow it (BASE_URL defaults to this port)

scripts/setup.sh
printf '\033[1m[run]\033[0m loading demo content\n'
.venv/bin/python manage.py load_demo
cat <<INFO

  CyberSudoe is starting on http://127.0.0.1:${PORT}
    Public site  http://127.0.0.1:${PORT}/fr/  (also /es/, /pt/, /en/)
    Admin        http://127.0.0.1:${PORT}/admin/   login: admin / ${DEMO_ADMIN_PASSWORD:-cybersudoe-demo}
    API          http://127.0.0.1:${PORT}/api/v1/docs/  and  http://127.0.0.1:${PORT}/api/v2/pages/
    Health       http://127.0.0.1:${PORT}/health/
  Stop with Ctrl+C.

INFO
exec .venv/bin/python manage.py runserver "127.0.0.1:${PORT}"
