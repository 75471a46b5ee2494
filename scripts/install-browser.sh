#!/usr/bin/env bash
# Install Debian's chromium for the dashboard's browser tests (Playwright drives it).
# Idempotent and non-interactive: does nothing when chromium (or $VEILLE_CHROMIUM) is
# already there. We use the distribution's browser instead of `playwright install`,
# which downloads a browser build from outside the package registries.
set -euo pipefail

if [ -n "${VEILLE_CHROMIUM:-}" ] && [ -x "${VEILLE_CHROMIUM}" ]; then
    echo "browser: using VEILLE_CHROMIUM=${VEILLE_CHROMIUM}"
    exit 0
fi
if command -v chromium >/dev/null 2>&1; then
    echo "browser: chromium already installed at $(command -v chromium)"
    exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo -n"
    else
        echo "browser: chromium is missing; run as root: apt-get install -y chromium" >&2
        exit 1
    fi
fi

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core
command -v chromium >/dev/null 2>&1 || { echo "browser: chromium install failed" >&2; exit 1; }
echo "browser: installed $(command -v chromium)"
