#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL (started by the tests themselves) and Debian's Chromium.
# Ends with a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  missing=()
  find_pg_bin >/dev/null || missing+=(postgresql)
  [ -x "${HOUSEHOLDAPP_CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "Installing missing prerequisites: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi
if [ -z "${HOUSEHOLDAPP_TEST_DB:-}" ]; then
  ensure_pg_bin >/dev/null || exit 1
fi
if [ ! -x "${HOUSEHOLDAPP_CHROMIUM:-/usr/bin/chromium}" ]; then
  echo "Chromium not found at ${HOUSEHOLDAPP_CHROMIUM:-/usr/bin/chromium}: install it (apt-get install chromium) or set HOUSEHOLDAPP_CHROMIUM." >&2
  exit 1
fi

RESULTS_DIR="TestResults"
rm -rf "$RESULTS_DIR/trx"
dotnet tool restore >/dev/null
dotnet test HouseholdApp.sln --logger "trx;LogFileName=results.trx" --results-directory "$RESULTS_DIR/trx" "$@"
status=$?

trx="$(ls "$RESULTS_DIR"/trx/*.trx 2>/dev/null | head -1)"
if [ -n "$trx" ]; then
  passed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
  failed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'failed="[0-9]*"' | grep -o '[0-9]*')
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
