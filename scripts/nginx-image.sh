#!/usr/bin/env bash
# Makes an nginx image available to the local Docker engine and prints its name (for compose.yaml's NGINX_IMAGE).
#   scripts/nginx-image.sh            prints the image to use, pulling or building it when needed
#   scripts/nginx-image.sh --rebuild  builds the local image again
# Order: the official image when it is already here; the locally built one; the official image when a registry
# answers (tried briefly); otherwise it is built once per machine from Debian's nginx package (debootstrap + docker
# import, as root), laid out like the official image: sites in /etc/nginx/conf.d/, logs to the container's output.
set -euo pipefail

OFFICIAL_IMAGE="${HOUSEHOLDAPP_NGINX_OFFICIAL_IMAGE:-nginx:1.27}"
# Bump the last part when the recipe below changes, so machines build the new one.
LOCAL_IMAGE="householdapp/nginx:bookworm-1"
PULL_SECONDS="${HOUSEHOLDAPP_PULL_SECONDS:-20}"

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
  [ "$(id -u)" = "0" ] || { echo "Building the nginx image needs root (debootstrap, chroot)." >&2; return 1; }
  command -v debootstrap >/dev/null 2>&1 || {
    echo "Installing debootstrap..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  }

  local work rootfs mirror suite
  work="$(mktemp -d /var/tmp/householdapp-nginx-image.XXXXXX)"
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
  mount -t proc proc "$rootfs/proc"
  mount --bind /dev "$rootfs/dev"
  mount --bind /dev/pts "$rootfs/dev/pts"
  chroot "$rootfs" /bin/sh -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx >/dev/null
    apt-get clean
    rm -rf /var/lib/apt/lists/* /etc/nginx/sites-enabled/default
    ln -sf /dev/stdout /var/log/nginx/access.log
    ln -sf /dev/stderr /var/log/nginx/error.log
  ' >"$work/chroot.log" 2>&1 || { tail -n 30 "$work/chroot.log" >&2; return 1; }
  umount -l "$rootfs/dev/pts" "$rootfs/dev" "$rootfs/proc"
  rm -f "$rootfs/usr/sbin/policy-rc.d"

  tar -C "$rootfs" --numeric-owner -c . | "$DOCKER" import \
    --change 'EXPOSE 80' \
    --change 'CMD ["nginx", "-g", "daemon off;"]' \
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
# One build per machine, even when several runs start together.
exec 8>/var/lock/householdapp-nginx-image.lock
flock -w 900 8 || { echo "Timed out waiting for another build of $LOCAL_IMAGE." >&2; exit 1; }
have_image "$LOCAL_IMAGE" || build_image
echo "$LOCAL_IMAGE"
