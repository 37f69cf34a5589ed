#!/usr/bin/env bash
# Makes a PostgreSQL image available to the local Docker engine and prints its name.
#   scripts/postgres-image.sh            prints the image to use, pulling or building it when needed
#   scripts/postgres-image.sh --rebuild  builds the local image again
# Order: the official image when it is already here; the locally built one when it is already here; the official
# image when a registry answers (tried briefly); otherwise the image is built once per machine from Debian's
# PostgreSQL packages (debootstrap + docker import, as root) and reused by later runs.
# Everything happens in a private folder under /var/tmp; nothing is read from the checkout.
set -euo pipefail

OFFICIAL_IMAGE="${HOUSEHOLDAPP_PG_OFFICIAL_IMAGE:-postgres:15}"
# Bump the last part when the recipe below changes, so machines build the new one.
LOCAL_IMAGE="householdapp/postgres:15-bookworm-1"
PULL_SECONDS="${HOUSEHOLDAPP_PG_PULL_SECONDS:-20}"

DOCKER=docker
if [ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ]; then DOCKER=/usr/bin/docker; fi

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

debian_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

build_image() {
  [ "$(id -u)" = "0" ] || { echo "Building the PostgreSQL image needs root (debootstrap, chroot)." >&2; return 1; }
  command -v debootstrap >/dev/null 2>&1 || {
    echo "Installing debootstrap..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  }

  local work rootfs mirror suite
  work="$(mktemp -d /var/tmp/householdapp-pg-image.XXXXXX)"
  rootfs="$work/rootfs"
  mkdir -m 755 "$rootfs"
  mirror="$(debian_mirror)"
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  # shellcheck disable=SC2064
  trap "umount -l '$rootfs/dev/pts' '$rootfs/dev' '$rootfs/proc' 2>/dev/null || true; rm -rf '$work'" EXIT

  echo "Building $LOCAL_IMAGE from Debian $suite ($mirror); this happens once per machine..." >&2
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; return 1; }
  cp -a /etc/apt/apt.conf.d/. "$rootfs/etc/apt/apt.conf.d/"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  # The image makes its cluster at first start, like the official one; the package must not make one.
  mkdir -p "$rootfs/etc/postgresql-common"
  echo "create_main_cluster = false" >"$rootfs/etc/postgresql-common/createcluster.conf"

  mount -t proc proc "$rootfs/proc"
  mount --bind /dev "$rootfs/dev"
  mount --bind /dev/pts "$rootfs/dev/pts"
  chroot "$rootfs" /bin/sh -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql-15 >/dev/null
    apt-get clean
    rm -rf /var/lib/apt/lists/*
    mkdir -p /var/lib/postgresql/data /var/run/postgresql
    chown -R postgres:postgres /var/lib/postgresql /var/run/postgresql
    chmod 700 /var/lib/postgresql/data
  ' >"$work/chroot.log" 2>&1 || { tail -n 30 "$work/chroot.log" >&2; return 1; }
  umount -l "$rootfs/dev/pts" "$rootfs/dev" "$rootfs/proc"
  rm -f "$rootfs/usr/sbin/policy-rc.d"

  cat >"$rootfs/usr/local/bin/docker-entrypoint.sh" <<'ENTRYPOINT'
#!/bin/sh
# Like the official image: POSTGRES_USER, POSTGRES_PASSWORD and POSTGRES_DB make the first cluster;
# arguments (for example "-c fsync=off") go to the server.
set -e
: "${PGDATA:=/var/lib/postgresql/data}"
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ "${1#-}" != "$1" ] || [ $# -eq 0 ]; then set -- postgres "$@"; fi
if [ "$1" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  pwfile="$(mktemp)"
  printf '%s\n' "${POSTGRES_PASSWORD:-postgres}" >"$pwfile"
  initdb -D "$PGDATA" -U "$user" --pwfile="$pwfile" -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -w -o "-c listen_addresses='' -k /tmp" start >/dev/null
    psql -h /tmp -U "$user" -d postgres -v ON_ERROR_STOP=1 -q -c "CREATE DATABASE \"$db\"" >/dev/null
    pg_ctl -D "$PGDATA" -w -m fast stop >/dev/null
  fi
fi
if [ "$1" = postgres ]; then
  shift
  exec postgres -D "$PGDATA" -c listen_addresses='*' -k /tmp "$@"
fi
exec "$@"
ENTRYPOINT
  chmod 755 "$rootfs/usr/local/bin/docker-entrypoint.sh"

  tar -C "$rootfs" --numeric-owner -c . | "$DOCKER" import \
    --change 'USER postgres' \
    --change 'ENV PGDATA=/var/lib/postgresql/data' \
    --change 'ENV PATH=/usr/lib/postgresql/15/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'EXPOSE 5432' \
    --change 'ENTRYPOINT ["/usr/local/bin/docker-entrypoint.sh"]' \
    --change 'CMD ["postgres"]' \
    - "$LOCAL_IMAGE" >/dev/null
  echo "Built $LOCAL_IMAGE." >&2
}

if [ "${1:-}" = "--rebuild" ]; then
  "$DOCKER" image rm -f "$LOCAL_IMAGE" >/dev/null 2>&1 || true
elif have_image "$OFFICIAL_IMAGE"; then
  echo "$OFFICIAL_IMAGE"
  exit 0
elif have_image "$LOCAL_IMAGE"; then
  echo "$LOCAL_IMAGE"
  exit 0
elif timeout "$PULL_SECONDS" "$DOCKER" pull -q "$OFFICIAL_IMAGE" >/dev/null 2>&1; then
  echo "$OFFICIAL_IMAGE"
  exit 0
else
  echo "Could not pull $OFFICIAL_IMAGE (no registry answered within ${PULL_SECONDS}s)." >&2
fi
# One build per machine, even when several test runs start together.
exec 8>/var/lock/householdapp-pg-image.lock
flock -w 900 8 || { echo "Timed out waiting for another build of $LOCAL_IMAGE." >&2; exit 1; }
have_image "$LOCAL_IMAGE" || build_image
echo "$LOCAL_IMAGE"
