#!/usr/bin/env bash
# Invite redemption and look-up throughput of the app beside raw SQL through Npgsql (see README, "Performance").
# Starts its own PostgreSQL (or uses HOUSEHOLDAPP_BENCH_DB). Options: --households N --lookups N --concurrency N --circuits N --wrk-seconds N --page-only
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
ensure_pg_bin >/dev/null
# wrk loads the server from a second process (the rows marked "wrk"); without it those rows are skipped.
if ! command -v wrk >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing wrk for the rows with load from a second process"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null 2>&1 ||
    { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } ||
    echo "Could not install wrk: its rows are skipped"
fi
dotnet run -c Release --project bench/HouseholdApp.Bench -- "$@"
