#!/usr/bin/env bash
# Restores a backup written by backup.sh into HouseholdApp's database, replacing what is there.
#   scripts/restore.sh FILE
# The database is found as backup.sh finds it (ConnectionStrings__Default, else PGHOST/PGPORT/PGDATABASE/PGUSER/
# PGPASSWORD, else the db service of this checkout's compose project); it must exist (an empty one will do).
# Stop the app first (docker compose stop app app-2) and start it afterwards: the restore replaces its tables.
# It runs in one transaction: if anything fails, the database is left as it was.
set -euo pipefail
[ $# -eq 1 ] || { echo "Usage: $0 FILE" >&2; exit 2; }
file="$1"
[ -r "$file" ] || { echo "Cannot read $file." >&2; exit 2; }
source "$(dirname "$0")/db-target.sh"
run_pg_tool pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error <"$file"
echo "Restored $file." >&2
