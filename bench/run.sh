#!/usr/bin/env bash
# Invite redemption and look-up throughput of the app beside raw SQL through Npgsql (see README, "Performance").
# Starts its own PostgreSQL (or uses HOUSEHOLDAPP_BENCH_DB). Options: --households N --lookups N --concurrency N
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
ensure_pg_bin >/dev/null
dotnet run -c Release --project bench/HouseholdApp.Bench -- "$@"
