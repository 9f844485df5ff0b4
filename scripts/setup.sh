#!/usr/bin/env bash
# Installs everything the project needs into .venv and prepares the database.
# Safe to run again: every step checks what is already there.
#   scripts/setup.sh            venv + requirements + catalogues + migrations
#   SETUP_SKIP_MIGRATE=1 ...    without touching the database
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
fail() { printf '\033[31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

need_apt=()
command -v msgfmt >/dev/null 2>&1 || need_apt+=(gettext)
# WeasyPrint (monitoring's mission report PDFs) needs pango and fonts from Debian.
if command -v ldconfig >/dev/null 2>&1 && ! ldconfig -p | grep -q 'libpango-1.0.so'; then
  need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core)
fi
PYTHON=""
for candidate in python3.11 python3; do
  if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
    PYTHON=$(command -v "$candidate"); break
  fi
done
if [ -z "$PYTHON" ]; then need_apt+=(python3 python3-venv); fi
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing system packages: ${need_apt[*]}"
  [ "$(id -u)" = 0 ] || fail "missing ${need_apt[*]}: install them with apt-get (needs root)"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
  [ -n "$PYTHON" ] || PYTHON=$(command -v python3)
fi

if [ ! -x .venv/bin/python ]; then
  step "creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv || fail "could not create the virtual environment (is python3-venv installed?)"
fi
stamp=.venv/.requirements.sha
want=$(sha256sum requirements.txt | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  step "installing Python packages from requirements.txt (a few minutes the first time)"
  .venv/bin/pip install --disable-pip-version-check -q --upgrade pip
  # -q: one line per package would bury the rest of `make run`; pip still prints its errors.
  .venv/bin/pip install --disable-pip-version-check -q --progress-bar off -r requirements.txt \
    || fail "pip could not install requirements.txt (see the messages above)"
  echo "$want" > "$stamp"
else
  step "Python packages up to date"
fi

step "compiling translation catalogues"
if find . -path ./.venv -prune -o -name '*.po' -print | grep -q .; then
  .venv/bin/python manage.py compilemessages -v0 --ignore=.venv
fi

if [ "${SETUP_SKIP_MIGRATE:-0}" != 1 ]; then
  step "migrating the database"
  .venv/bin/python manage.py migrate --no-input -v0
fi
step "done"
