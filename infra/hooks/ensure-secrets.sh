#!/bin/sh
# azd preprovision hook: gives the azd environment an API token and a Telegram webhook secret when the user set none,
# once, so every later provision deploys the same values and `azd env get-values` shows them.
# azd passes the environment's values to the hook as environment variables.
set -eu

random_hex() {
  od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}

ensure() {
  eval "current=\${$1:-}"
  if [ -z "$current" ]; then
    azd env set "$1" "$(random_hex)"
    echo "generated $1 (read it with: azd env get-value $1)"
  fi
}

ensure MYBOT_API_TOKEN
ensure TELEGRAM_WEBHOOK_SECRET
