#!/usr/bin/env bash
# Runs HouseholdApp at http://localhost:${PORT:-5080}.
# Uses ConnectionStrings__Default when set; otherwise starts a private PostgreSQL cluster under .data/postgres.
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
PORT="${PORT:-5080}"
source scripts/postgres.sh

STARTED_PG=""
cleanup() {
  if [ -n "$STARTED_PG" ]; then
    echo "Stopping the private PostgreSQL server..."
    pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null 2>&1 || true
    STARTED_PG=""
  fi
}
trap cleanup EXIT INT TERM

if [ -z "${ConnectionStrings__Default:-}" ]; then
  ensure_pg_bin
  PGDATA_DIR="$ROOT/.data/postgres"
  PG_PORT="${PG_PORT:-5433}"
  mkdir -p "$ROOT/.data"
  if [ "$(id -u)" = "0" ]; then
    # The postgres user must be able to reach the data directory.
    chmod o+x "$ROOT" "$ROOT/.data" 2>/dev/null || true
    mkdir -p "$PGDATA_DIR" && chown postgres:postgres "$PGDATA_DIR"
  fi
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in .data/postgres..."
    pg_run "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    echo "The private PostgreSQL server is already running."
  else
    pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR" start >/dev/null
    STARTED_PG=1
  fi
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='householdapp'" | grep -q 1 \
    || "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres householdapp
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=householdapp;Username=postgres"
fi

export ASPNETCORE_URLS="http://localhost:$PORT"
# Keys that protect sign-in cookies: kept beside the data, so people stay signed in across restarts.
export DataProtection__KeysDirectory="${DataProtection__KeysDirectory:-$ROOT/.data/keys}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
echo "Building..."
dotnet build HouseholdApp/HouseholdApp.csproj -c Release -nologo -v quiet
echo "HouseholdApp: http://localhost:$PORT (Ctrl-C stops it)"
dotnet run --project HouseholdApp/HouseholdApp.csproj -c Release --no-build --no-launch-profile &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true; wait $APP_PID 2>/dev/null || true; cleanup' EXIT INT TERM
wait $APP_PID
