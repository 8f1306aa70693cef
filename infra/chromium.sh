#!/usr/bin/env bash
# Installs Debian's chromium for the browser test of the queue dashboard (test/ops/dashboard.browser.test.ts),
# which drives it with playwright-core. Idempotent: does nothing when /usr/bin/chromium is there. Installing
# needs root and apt-get (Debian or Ubuntu with Debian's package); otherwise it says what to do instead.
set -euo pipefail

chromium=/usr/bin/chromium
if [[ -x "$chromium" ]]; then
  echo "chromium: $("$chromium" --version 2>/dev/null || echo "$chromium")"
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "chromium.sh: $chromium is missing and apt-get is not available; install Chromium so that $chromium exists" >&2
  exit 1
fi
if [[ "$(id -u)" -ne 0 ]]; then
  echo "chromium.sh: $chromium is missing; install it as root: apt-get install -y chromium" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y --no-install-recommends chromium >/dev/null 2>&1; then
  # The package lists may be stale or absent (fresh containers): refresh once and retry, showing the errors.
  apt-get update -qq
  apt-get install -y --no-install-recommends chromium
fi
if [[ ! -x "$chromium" ]]; then
  echo "chromium.sh: apt-get installed chromium but $chromium is not there" >&2
  exit 1
fi
echo "chromium: $("$chromium" --version 2>/dev/null || echo installed)"
