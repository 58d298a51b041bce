#!/usr/bin/env bash
# Everything the tests need beyond the .NET SDK, installed idempotently into folders git ignores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"

# Azurite, the Azure Storage emulator the Azure storage tests run against; started per test class by the tests.
azurite_version="3.35.0"
azurite_dir="$tools/azurite"
installed="$(cat "$azurite_dir/.version" 2>/dev/null || true)"
if [ "$installed" != "$azurite_version" ] || [ ! -x "$azurite_dir/node_modules/.bin/azurite" ]; then
  mkdir -p "$azurite_dir"
  [ -f "$azurite_dir/package.json" ] || echo '{"name":"mybot-test-tools","private":true}' > "$azurite_dir/package.json"
  npm install --prefix "$azurite_dir" --no-audit --no-fund --loglevel=error --save-exact "azurite@$azurite_version" >/dev/null
  echo "$azurite_version" > "$azurite_dir/.version"
fi
