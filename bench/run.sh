#!/usr/bin/env bash
# Invite redemption and look-up throughput of the app beside raw SQL through Npgsql (see docs/performance.md).
# Starts its own PostgreSQL (or uses HOUSEHOLDAPP_BENCH_DB). Options: --households N --lookups N --concurrency N
# --circuits N --wrk-seconds N --cold-visits N --burst N --page-only --cold-only
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
ensure_pg_bin >/dev/null
# Debian packages for some rows, installed when missing and run as root; without one, its rows are skipped:
# wrk loads the server from a second process (the rows marked "wrk"); Chromium, the full browser a phone runs (the
# tests use its headless shell), loads the page cold and opens the circuits.
install_for_rows() {
  local package="$1" path="$2" rows="$3"
  if [ ! -e "$path" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing $package for $rows"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null 2>&1 ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null; } ||
      echo "Could not install $package: $rows are skipped"
  fi
}
install_for_rows wrk /usr/bin/wrk "the rows with load from a second process"
install_for_rows chromium "${HOUSEHOLDAPP_CHROMIUM:-/usr/bin/chromium}" "the cold-load and circuit rows"
dotnet run -c Release --project bench/HouseholdApp.Bench -- "$@"
