#!/usr/bin/env bash
# Helpers shared by run.sh and test.sh: find (or install) PostgreSQL's server binaries.

find_pg_bin() {
  local dir
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then
      echo "$dir"
      return 0
    fi
  done
  return 1
}

ensure_pg_bin() {
  if PG_BIN="$(find_pg_bin)"; then
    export PG_BIN
    return 0
  fi
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "PostgreSQL server not found: installing Debian's postgresql package..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
    if PG_BIN="$(find_pg_bin)"; then
      export PG_BIN
      return 0
    fi
  fi
  echo "PostgreSQL server binaries (initdb, pg_ctl) were not found." >&2
  echo "Install them (Debian/Ubuntu: sudo apt-get install postgresql), or set ConnectionStrings__Default" >&2
  echo "to a PostgreSQL server you already run." >&2
  return 1
}

# Runs a PostgreSQL server program; as root, as the 'postgres' user (initdb and postgres refuse root).
pg_run() {
  if [ "$(id -u)" = "0" ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
