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
    # From / : the server programs look up their working directory, which a private checkout hides from them.
    (cd / && runuser -u postgres -- "$@")
  else
    "$@"
  fi
}

# Prints the data folder of run.sh's private cluster for checkout $1, creating it when needed. As root the
# server runs as 'postgres', which must reach that folder: .data/postgres when it can (or when a cluster is
# already there), otherwise /var/lib/householdapp/<hash of the checkout's path>/postgres. A clone under a
# private folder (such as /root) lands there, and no folder of the checkout is opened up.
private_cluster_dir() {
  local root="$1" dir
  dir="$root/.data/postgres"
  if [ "$(id -u)" != "0" ]; then
    mkdir -p "$dir"
    echo "$dir"
    return 0
  fi
  if (cd / && runuser -u postgres -- test -x "$root/.data") 2>/dev/null; then
    mkdir -p "$dir" && chown postgres:postgres "$dir" && chmod 700 "$dir"
    echo "$dir"
    return 0
  fi
  dir="/var/lib/householdapp/$(printf '%s' "$root" | sha256sum | cut -c1-16)/postgres"
  mkdir -p "$dir" && chmod 755 /var/lib/householdapp "$(dirname "$dir")"
  chown postgres:postgres "$dir" && chmod 700 "$dir"
  printf '%s\n' "$root" > "$(dirname "$dir")/checkout"
  echo "$dir"
}

# pg_hba.conf of the private cluster: the socket in the data folder (only its owner reaches it) is trusted for
# administration; over TCP every role needs its password. Also replaces the trust-everything file of older clusters.
write_private_hba() {
  pg_run sh -c "cat > '$1/pg_hba.conf'" <<'HBA'
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  scram-sha-256
host    all       all   ::1/128       scram-sha-256
HBA
}

# The app's own role (not a superuser) with a generated password kept in $3 (mode 600), and its database.
# A database made by an older run.sh (owned by postgres) is handed over to the role, tables included.
ensure_app_role() {
  local dir="$1" port="$2" password_file="$3" password
  if [ ! -s "$password_file" ]; then
    (umask 077; head -c 32 /dev/urandom | base64 | tr -d '/+=\n' | cut -c1-32 > "$password_file")
  fi
  chmod 600 "$password_file"
  password="$(cat "$password_file")"
  pg_run "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -q -v pw="$password" >/dev/null <<'SQL'
SET password_encryption = 'scram-sha-256';
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'householdapp') AS create_role \gset
\if :create_role
CREATE ROLE householdapp LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
\endif
ALTER ROLE householdapp WITH LOGIN NOSUPERUSER PASSWORD :'pw';
SELECT NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = 'householdapp') AS create_db \gset
\if :create_db
CREATE DATABASE householdapp OWNER householdapp;
\endif
ALTER DATABASE householdapp OWNER TO householdapp;
SQL
  pg_run "$PG_BIN/psql" -h "$dir" -p "$port" -U postgres -d householdapp -v ON_ERROR_STOP=1 -q >/dev/null <<'SQL'
ALTER SCHEMA public OWNER TO householdapp;
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'm') AND pg_get_userbyid(c.relowner) <> 'householdapp'
             AND NOT (c.relkind = 'S' AND EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i')))
  LOOP
    EXECUTE format(CASE r.relkind WHEN 'S' THEN 'ALTER SEQUENCE public.%I OWNER TO householdapp'
                                  WHEN 'v' THEN 'ALTER VIEW public.%I OWNER TO householdapp'
                                  WHEN 'm' THEN 'ALTER MATERIALIZED VIEW public.%I OWNER TO householdapp'
                                  ELSE 'ALTER TABLE public.%I OWNER TO householdapp' END, r.relname);
  END LOOP;
END $$;
SQL
}
