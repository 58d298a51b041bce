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

# Chromium, which the browser tests drive through Playwright (Playwright's own browser download is not used).
if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    as_root=()
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    as_root=(sudo -n)
  else
    echo "Chromium is missing and this script cannot install it (not root, no password-less sudo)." >&2
    echo "Install it with: sudo apt-get install -y chromium   (the browser tests fail without /usr/bin/chromium)" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! apt-cache show chromium >/dev/null 2>&1; then
    "${as_root[@]}" apt-get update -qq
  fi
  "${as_root[@]}" apt-get install -y -qq chromium >/dev/null
fi
