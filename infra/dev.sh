#!/usr/bin/env bash
# The one entry of the README's two commands on a fresh clone: puts Node 24 on PATH (installing it when the
# system Node is older), installs the npm dependencies when they are missing or stale, then
#   infra/dev.sh test      starts the services and runs typecheck, lint and the test suite;
#   infra/dev.sh <cmd...>  runs the command (the CLI starts the services it needs itself).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
PATH="$(bash infra/node.sh):$PATH"
export PATH

if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  echo "newsmon: installing npm dependencies" >&2
  # `npm install`, not `npm ci`: npm 11 rejects its own lock file in `ci` for missing entries of other platforms'
  # optional binaries (biome, msgpackr); `install` follows the lock file for everything this platform needs.
  npm install --loglevel=error --no-audit --no-fund >&2
fi

if [[ "${1:-}" == "test" ]]; then
  bash infra/services.sh up
  npm run --silent typecheck
  npm run --silent lint
  exec npx vitest run
fi
exec "$@"
