#!/usr/bin/env bash
# Everything the tests need beyond the .NET SDK, installed idempotently into folders git ignores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
tools="$root/.tools"
mkdir -p "$tools"
