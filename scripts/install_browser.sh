#!/usr/bin/env bash
# Install Debian's headless-capable Chromium and its WebDriver for the end-to-end tests
# (the browser tests drive /usr/bin/chromium through Playwright, without `playwright install`).
# Idempotent: does nothing when both are already installed.
#   scripts/install_browser.sh
set -euo pipefail

if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  echo "[browser] $(chromium --version 2>/dev/null | head -n1) already installed"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "[browser] need root (or sudo) to install chromium with apt-get" >&2; exit 1
  fi
fi

echo "[browser] installing chromium and chromium-driver with apt-get"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends chromium chromium-driver
echo "[browser] $(chromium --version 2>/dev/null | head -n1) installed"
