#!/usr/bin/env bash
# Install Debian's headless-capable Chromium and its WebDriver for the end-to-end tests
# (the browser tests drive /usr/bin/chromium through Playwright, without `playwright install`),
# and the browser-side tools of tests/a11y/package.json (axe-core for tests/test_accessibility.py,
# Lighthouse for bench/lighthouse.py) with npm, from the lock file.
# Idempotent: does nothing when everything is already installed.
#   scripts/install_browser.sh
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
apt_install() {
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "[browser] need root (or sudo) to install $* with apt-get" >&2; exit 1
  fi
  echo "[browser] installing $* with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "$@"
}

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "[browser] $(chromium --version 2>/dev/null | head -n1) already installed"
else
  apt_install chromium chromium-driver
  echo "[browser] $(chromium --version 2>/dev/null | head -n1) installed"
fi

command -v npm >/dev/null 2>&1 || apt_install nodejs npm
lock=tests/a11y/package-lock.json
stamp=tests/a11y/node_modules/.lock.sha
want=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" = "$want" ]; then
  echo "[browser] axe-core and Lighthouse already installed (tests/a11y)"
else
  echo "[browser] installing axe-core and Lighthouse from $lock (npm ci)"
  npm ci --prefix tests/a11y --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi
