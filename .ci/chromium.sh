#!/usr/bin/env bash
# Install Debian's `chromium` for the browser tests of researchkit.report.html
# (tests/test_report_html_browser/), idempotently, and check that it starts headless.
#
# The tests drive this system Chromium through Playwright (executable_path); they never
# run `playwright install` (that downloads a browser build, which this setup does not
# allow). Run as root (CI is root), or as a user with sudo:
#
#   bash .ci/chromium.sh            # prints the Chromium path on its last line
#
# Without a browser the tests fail with a message pointing here; set
# RESEARCHKIT_NO_BROWSER=1 to deselect them instead.
set -euo pipefail

log() { echo "chromium.sh: $*" >&2; }

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    fi
fi

if command -v chromium >/dev/null 2>&1; then
    log "chromium already installed"
else
    if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
        log "chromium is missing and I am not root (and there is no sudo): run 'apt-get install chromium' as root"
        exit 1
    fi
    log "installing the Debian package chromium"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >&2
    $SUDO apt-get install -y -qq chromium >&2
fi

BIN="$(command -v chromium)"
log "$("$BIN" --version 2>/dev/null)"

# Smoke test: a headless start with the flags the tests use (root needs --no-sandbox).
PROFILE="$(mktemp -d)"
trap 'rm -rf "$PROFILE"' EXIT
if ! OUT="$(timeout 120 "$BIN" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$PROFILE" --dump-dom 'data:text/html,<p id=ok>chromium-ok</p>' 2>/dev/null)"; then
    log "chromium did not start headless"
    exit 1
fi
case "$OUT" in
    *chromium-ok*) log "headless start ok" ;;
    *) log "chromium started but did not render the test page"; exit 1 ;;
esac

echo "$BIN"
