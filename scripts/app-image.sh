#!/usr/bin/env bash
# Builds the HouseholdApp image from the Dockerfile at the root and prints its name (householdapp/app:<hash>).
#   scripts/app-image.sh              prints the image of the current sources, building it when it is not there yet
#   scripts/app-image.sh --rebuild    builds the base images (when local) and the app image again
# The tag is a hash of everything the build reads (the files .dockerignore lets in, the Dockerfile, the base images'
# ids), so an unchanged tree reuses its image and a changed one gets a new image; older app images are removed.
# Base images: the official ones (DOTNET_SDK_IMAGE, DOTNET_RUNTIME_IMAGE; default mcr.microsoft.com/dotnet/sdk:10.0
# and runtime-deps:10.0) when they are here or a registry answers (tried briefly). Otherwise equivalents are built
# once per machine (as root) from Debian like scripts/postgres-image.sh does: debootstrap, then
#   householdapp/dotnet-runtime-deps:10.0-bookworm-1  what .NET needs to run (ICU, OpenSSL, CA certificates,
#                                                    time zones) and the user 'app' (APP_UID 1654), port 8080
#   householdapp/dotnet-sdk:10.0-bookworm-1           the same plus this machine's .NET SDK (/usr/share/dotnet) and
#                                                    its trusted CA certificates, so the build reaches NuGet as
#                                                    this machine does
# The app is published self-contained (the runtime packs come from NuGet), so the runtime image needs no .NET.
set -euo pipefail
cd "$(dirname "$0")/.."

OFFICIAL_SDK="${DOTNET_SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0}"
OFFICIAL_RUNTIME="${DOTNET_RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/runtime-deps:10.0}"
# Bump the last part when the recipe below changes, so machines build the new one.
LOCAL_RUNTIME="householdapp/dotnet-runtime-deps:10.0-bookworm-1"
LOCAL_SDK="householdapp/dotnet-sdk:10.0-bookworm-1"
APP_REPOSITORY="householdapp/app"
PULL_SECONDS="${HOUSEHOLDAPP_PULL_SECONDS:-20}"
DOTNET_ROOT_DIR="${DOTNET_ROOT:-/usr/share/dotnet}"

DOCKER=docker
if [ -x /usr/bin/docker ] && [ -x /usr/sbin/dockerd ]; then DOCKER=/usr/bin/docker; fi

have_image() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }
image_id() { "$DOCKER" image inspect --format '{{.Id}}' "$1"; }

debian_mirror() {
  local uri
  uri="$(grep -hs '^URIs:' /etc/apt/sources.list.d/*.sources | awk '{print $2}' | grep -v security | head -1 || true)"
  if [ -z "$uri" ]; then
    uri="$(grep -hs '^deb ' /etc/apt/sources.list /etc/apt/sources.list.d/*.list | awk '{print $2}' | grep -v security | head -1 || true)"
  fi
  echo "${uri:-http://deb.debian.org/debian}"
}

# Both local base images from one debootstrap: the runtime image first, then the SDK on top of the same tree.
build_base_images() {
  [ "$(id -u)" = "0" ] || { echo "Building the .NET base images needs root (debootstrap, chroot)." >&2; return 1; }
  [ -x "$DOTNET_ROOT_DIR/dotnet" ] && [ -d "$DOTNET_ROOT_DIR/sdk" ] ||
    { echo "No .NET SDK in $DOTNET_ROOT_DIR to put into $LOCAL_SDK (set DOTNET_ROOT)." >&2; return 1; }
  command -v debootstrap >/dev/null 2>&1 || {
    echo "Installing debootstrap..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null ||
      { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null; }
  }

  local work rootfs mirror suite started=$SECONDS
  work="$(mktemp -d /var/tmp/householdapp-dotnet-image.XXXXXX)"
  rootfs="$work/rootfs"
  mkdir -m 755 "$rootfs"
  mirror="$(debian_mirror)"
  suite="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  # shellcheck disable=SC2064
  trap "umount -l '$rootfs/dev/pts' '$rootfs/dev' '$rootfs/proc' 2>/dev/null || true; rm -rf '$work'" EXIT

  echo "Building $LOCAL_RUNTIME and $LOCAL_SDK from Debian $suite ($mirror); this happens once per machine..." >&2
  debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
    { tail -n 30 "$work/debootstrap.log" >&2; return 1; }
  cp -a /etc/apt/apt.conf.d/. "$rootfs/etc/apt/apt.conf.d/"
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  mount -t proc proc "$rootfs/proc"
  mount --bind /dev "$rootfs/dev"
  mount --bind /dev/pts "$rootfs/dev/pts"
  # The packages and the user of the official runtime-deps image, taken from Debian.
  chroot "$rootfs" /bin/sh -c '
    set -e
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends ca-certificates libc6 libgcc-s1 libicu72 libssl3 libstdc++6 tzdata >/dev/null
    apt-get clean
    rm -rf /var/lib/apt/lists/* /var/cache/debconf/*-old /var/log/apt /var/log/dpkg.log
    groupadd --gid=1654 app
    useradd --no-log-init --uid=1654 --gid=1654 --create-home app
  ' >"$work/chroot.log" 2>&1 || { tail -n 30 "$work/chroot.log" >&2; return 1; }
  umount -l "$rootfs/dev/pts" "$rootfs/dev" "$rootfs/proc"
  rm -f "$rootfs/usr/sbin/policy-rc.d"

  local common=(
    --change 'ENV APP_UID=1654'
    --change 'ENV ASPNETCORE_HTTP_PORTS=8080'
    --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true'
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'
  )
  tar -C "$rootfs" --numeric-owner -c . | "$DOCKER" import "${common[@]}" - "$LOCAL_RUNTIME" >/dev/null

  # The SDK: this machine's .NET, and the certificates this machine trusts (NuGet may be reached through a
  # proxy whose certificate authority only this machine's store holds).
  mkdir -p "$rootfs/usr/share/dotnet"
  cp -a "$DOTNET_ROOT_DIR/." "$rootfs/usr/share/dotnet/"
  ln -sf /usr/share/dotnet/dotnet "$rootfs/usr/bin/dotnet"
  cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
  local sdk_env=(
    --change 'ENV DOTNET_GENERATE_ASPNET_CERTIFICATE=false'
    --change 'ENV DOTNET_NOLOGO=true'
    --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1'
    --change 'ENV NUGET_XMLDOC_MODE=skip'
  )
  # Where this machine checks certificates offline (no revocation server answers), so must the build.
  if [ -n "${NUGET_CERT_REVOCATION_MODE:-}" ]; then
    sdk_env+=(--change "ENV NUGET_CERT_REVOCATION_MODE=$NUGET_CERT_REVOCATION_MODE")
  fi
  tar -C "$rootfs" --numeric-owner -c . | "$DOCKER" import "${common[@]}" "${sdk_env[@]}" - "$LOCAL_SDK" >/dev/null
  echo "Built $LOCAL_RUNTIME and $LOCAL_SDK in $((SECONDS - started)) s." >&2
}

# Prints "SDK RUNTIME": the official images when they are here or can be pulled, otherwise the local ones.
base_images() {
  if [ "${1:-}" != rebuild ]; then
    if have_image "$OFFICIAL_SDK" && have_image "$OFFICIAL_RUNTIME"; then
      echo "$OFFICIAL_SDK $OFFICIAL_RUNTIME"
      return 0
    fi
    if have_image "$LOCAL_SDK" && have_image "$LOCAL_RUNTIME"; then
      echo "$LOCAL_SDK $LOCAL_RUNTIME"
      return 0
    fi
    if timeout "$PULL_SECONDS" "$DOCKER" pull -q "$OFFICIAL_SDK" >/dev/null 2>&1 &&
      timeout "$PULL_SECONDS" "$DOCKER" pull -q "$OFFICIAL_RUNTIME" >/dev/null 2>&1; then
      echo "$OFFICIAL_SDK $OFFICIAL_RUNTIME"
      return 0
    fi
    echo "Could not pull $OFFICIAL_SDK and $OFFICIAL_RUNTIME (no registry answered within ${PULL_SECONDS}s)." >&2
  fi
  (
    # One build per machine, even when several runs start together.
    flock -w 900 8 || { echo "Timed out waiting for another build of the .NET base images." >&2; exit 1; }
    if [ "${1:-}" = rebuild ] || ! have_image "$LOCAL_SDK" || ! have_image "$LOCAL_RUNTIME"; then
      build_base_images
    fi
  ) 8>/var/lock/householdapp-dotnet-image.lock >&2 || return 1
  echo "$LOCAL_SDK $LOCAL_RUNTIME"
}

# A hash of what the build reads: the Dockerfile, .dockerignore, the files it lets in, and the base images.
source_hash() {
  {
    sha256sum Dockerfile .dockerignore
    find Directory.Build.props Directory.Packages.props .editorconfig HouseholdApp \
      \( -path HouseholdApp/bin -o -path HouseholdApp/obj -o -path HouseholdApp/node_modules \) -prune -o -type f -print0 |
      LC_ALL=C sort -z | xargs -0 sha256sum
    echo "$1"
  } | sha256sum | cut -c1-16
}

rebuild=""
[ "${1:-}" = "--rebuild" ] && rebuild=rebuild
read -r sdk runtime < <(base_images "$rebuild")
[ -n "${runtime:-}" ] || exit 1
tag="$APP_REPOSITORY:$(source_hash "$(image_id "$sdk") $(image_id "$runtime")")"

exec 9>/var/lock/householdapp-app-image.lock
flock -w 900 9 || { echo "Timed out waiting for another build of $APP_REPOSITORY." >&2; exit 1; }
if [ -n "$rebuild" ] || ! have_image "$tag"; then
  started=$SECONDS
  echo "Building $tag (base images $sdk, $runtime)..." >&2
  log="$(mktemp)"
  if ! "$DOCKER" build --build-arg "SDK_IMAGE=$sdk" --build-arg "RUNTIME_IMAGE=$runtime" -t "$tag" . >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    rm -f "$log"
    exit 1
  fi
  rm -f "$log"
  "$DOCKER" tag "$tag" "$APP_REPOSITORY:latest"
  echo "Built $tag in $((SECONDS - started)) s ($("$DOCKER" image inspect --format '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1 / 1000000}'))." >&2
  # Earlier builds of other sources are of no further use; images a container still uses stay.
  "$DOCKER" image ls "$APP_REPOSITORY" --format '{{.Repository}}:{{.Tag}}' |
    grep -v -x -e "$tag" -e "$APP_REPOSITORY:latest" | xargs -r "$DOCKER" image rm >/dev/null 2>&1 || true
fi
echo "$tag"
