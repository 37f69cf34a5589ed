#!/usr/bin/env bash
# Shared by backup.sh and restore.sh: which database to work on, and how to run PostgreSQL's client tools on it.
#   1. ConnectionStrings__Default, the app's own setting (Host=…;Port=…;Database=…;Username=…;Password=…), or
#   2. the standard libpq variables PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (or ~/.pgpass), or
#   3. with neither, the db service of the compose project in this checkout: the tools then run inside that
#      container (docker compose exec, or docker-compose exec), so nothing needs installing on the host.

# Sets PG* from a connection string of the app's form; keys are case-insensitive, as Npgsql reads them.
pg_env_from_connection_string() {
  local part key value
  IFS=';' read -r -a parts <<<"$1"
  for part in "${parts[@]}"; do
    [ -n "${part// /}" ] || continue
    key="$(echo "${part%%=*}" | tr '[:upper:]' '[:lower:]' | tr -d ' ')"
    value="${part#*=}"
    case "$key" in
      host | server) export PGHOST="$value" ;;
      port) export PGPORT="$value" ;;
      database | db) export PGDATABASE="$value" ;;
      username | userid | user | uid) export PGUSER="$value" ;;
      password | pwd) export PGPASSWORD="$value" ;;
    esac
  done
}

compose_cli() {
  if docker compose version >/dev/null 2>&1; then
    docker compose "$@"
  elif command -v docker-compose >/dev/null 2>&1; then
    docker-compose "$@"
  else
    echo "Neither 'docker compose' nor 'docker-compose' is installed." >&2
    return 1
  fi
}

# Runs a PostgreSQL client tool ($1) with the remaining arguments on the chosen database; standard input and output
# pass through (the file travels through them, so the same command works inside a container). pg_restore is given
# the database by name (--dbname), which it needs to restore into it rather than print SQL.
run_pg_tool() {
  local tool="$1"
  shift
  if [ -n "${ConnectionStrings__Default:-}" ]; then
    pg_env_from_connection_string "$ConnectionStrings__Default"
  fi
  if [ -n "${ConnectionStrings__Default:-}" ] || [ -n "${PGHOST:-}${PGDATABASE:-}${PGUSER:-}" ]; then
    command -v "$tool" >/dev/null 2>&1 ||
      { echo "$tool is missing: install PostgreSQL's client (Debian: apt-get install postgresql-client)." >&2; return 1; }
    [ "$tool" != pg_restore ] || set -- "$@" --dbname="${PGDATABASE:-${PGUSER:-$(id -un)}}"
    "$tool" "$@"
  else
    # The compose db service: its own user and database (compose.yaml), over its local socket.
    cd "$(dirname "${BASH_SOURCE[0]}")/.."
    local user="${POSTGRES_USER:-householdapp}" database="${POSTGRES_DB:-householdapp}" socket
    # The official image listens on /var/run/postgresql, the one scripts/postgres-image.sh builds on /tmp.
    socket="$(compose_cli exec -T db sh -c 'for d in /var/run/postgresql /tmp; do [ -S "$d/.s.PGSQL.5432" ] && echo "$d" && break; done')"
    [ -n "$socket" ] || { echo "The compose db service is not running (docker compose up -d db)." >&2; return 1; }
    [ "$tool" != pg_restore ] || set -- "$@" --dbname="$database"
    compose_cli exec -T -e PGHOST="$socket" -e PGUSER="$user" -e PGDATABASE="$database" db "$tool" "$@"
  fi
}
