#!/usr/bin/env bash
# Writes a backup of HouseholdApp's database to FILE (pg_dump's custom format: compressed, restored by restore.sh).
#   scripts/backup.sh FILE
# The database is found like this (the first that applies):
#   ConnectionStrings__Default   the app's own setting, e.g. 'Host=db.example.org;Port=5432;Database=householdapp;
#                                Username=householdapp;Password=…' (Host, Port, Database, Username, Password are read)
#   PGHOST, PGPORT, PGDATABASE, PGUSER, PGPASSWORD (or ~/.pgpass)   the standard PostgreSQL variables
#   neither                      the db service of this checkout's compose project (run from anywhere), through
#                                docker compose exec (or docker-compose exec): no client needed on the host
# Everything is in it: accounts, households, invites, mails and the Data Protection key ring, so sign-in cookies and
# queued mails stay valid after a restore. The file holds password hashes and keys: keep it as safe as the database.
set -euo pipefail
[ $# -eq 1 ] || { echo "Usage: $0 FILE" >&2; exit 2; }
file="$1"
source "$(dirname "$0")/db-target.sh"
tmp="$file.partial"
# Ownership is left out: the restore makes its user the owner, whoever that is on the target server.
( umask 077; run_pg_tool pg_dump --format=custom --no-owner --no-privileges >"$tmp" )
mv "$tmp" "$file"
echo "Backed up to $file ($(du -h "$file" | cut -f1))." >&2
