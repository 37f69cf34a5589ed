#!/usr/bin/env bash
# Runs HouseholdApp at http://localhost:${PORT:-5080}; HOST=0.0.0.0 listens on every interface and prints the
# address to share. Uses ConnectionStrings__Default when set; otherwise starts a private PostgreSQL cluster
# in which the app signs in as its own role with a password (kept in .data/db-password, mode 600).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(pwd)"
PORT="${PORT:-5080}"
HOST="${HOST:-localhost}"
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
  PG_PORT="${PG_PORT:-5433}"
  mkdir -p "$ROOT/.data"
  PGDATA_DIR="$(private_cluster_dir "$ROOT")"
  if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
    echo "Creating a private PostgreSQL cluster in $PGDATA_DIR..."
    # Local socket (in the data folder, reachable only by its owner): trust; TCP: passwords (scram-sha-256) only.
    pg_run "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  write_private_hba "$PGDATA_DIR"
  if pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; then
    echo "The private PostgreSQL server is already running."
    pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" reload >/dev/null
  else
    pg_run "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PGDATA_DIR -c max_connections=${PG_MAX_CONNECTIONS:-100}" start >/dev/null
    STARTED_PG=1
  fi
  ensure_app_role "$PGDATA_DIR" "$PG_PORT" "$ROOT/.data/db-password"
  export ConnectionStrings__Default="Host=127.0.0.1;Port=$PG_PORT;Database=householdapp;Username=householdapp;Password=$(cat "$ROOT/.data/db-password")"
fi

export ASPNETCORE_URLS="http://$HOST:$PORT"
case "$HOST" in
  0.0.0.0|::|'[::]'|'*'|+)
    ASPNETCORE_URLS="http://0.0.0.0:$PORT"
    SHARE_HOST="$(hostname -I 2>/dev/null | awk '{print $1}')"
    SHARE_HOST="${SHARE_HOST:-$(hostname)}"
    ;;
  *) SHARE_HOST="$HOST" ;;
esac
# Every invite link and QR code is made on App:PublicUrl; without it they would name this machine's listener.
export App__PublicUrl="${App__PublicUrl:-http://$SHARE_HOST:$PORT}"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}"
echo "Building..."
dotnet build HouseholdApp/HouseholdApp.csproj -c Release -nologo -v quiet
echo "HouseholdApp listens on $ASPNETCORE_URLS (Ctrl-C stops it)."
echo "Share this address: $App__PublicUrl"
case "$SHARE_HOST" in
  localhost|127.*|::1|'[::1]') echo "Only this computer can open such links. To let others in your home open them: HOST=0.0.0.0 ./run.sh" ;;
esac
dotnet run --project HouseholdApp/HouseholdApp.csproj -c Release --no-build --no-launch-profile &
APP_PID=$!
trap 'kill $APP_PID 2>/dev/null || true; wait $APP_PID 2>/dev/null || true; cleanup' EXIT INT TERM
wait $APP_PID
