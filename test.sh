#!/usr/bin/env bash
# Runs the whole test suite against a real PostgreSQL (a container made by Testcontainers, or the server named by
# HOUSEHOLDAPP_TEST_DB) and Debian's Chromium. As root on Debian it installs what is missing: the packages below,
# a Docker engine (docker.io, started in the background), and a PostgreSQL image (pulled, or built once per machine).
# Ends with a line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")"
source scripts/docker-engine.sh

# Debian packages the suite needs: "package:path that shows it is installed". Add a line for another one.
PACKAGES=(
  "chromium-headless-shell:${HOUSEHOLDAPP_CHROMIUM:-/usr/lib/chromium/chromium-headless-shell}"
  "docker-compose:/usr/bin/docker-compose"
  "nginx:/usr/sbin/nginx"
  "postgresql-client:/usr/bin/psql"
)

fail() {
  [ -n "${build_pid:-}" ] && kill "$build_pid" 2>/dev/null
  echo "$*" >&2
  echo "0 passed, 1 failed"
  exit 1
}

# Build while the machine is provisioned below (packages, Docker engine, PostgreSQL image): the two overlap well,
# since one waits mostly on the network and the other on the CPU. Skipped when the caller chose build options.
build_log="$(mktemp)"
build_pid=""
case " $* " in
  *" --no-build "*|*" -c "*|*" --configuration "*|*" -f "*|*" --framework "*|*" -r "*|*" --runtime "*) ;;
  *)
    dotnet build HouseholdApp.sln -nologo -v q >"$build_log" 2>&1 &
    build_pid=$!
    ;;
esac

missing=()
for entry in "${PACKAGES[@]}"; do
  [ -e "${entry#*:}" ] || missing+=("${entry%%:*}")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing missing prerequisites: ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || fail "Could not install ${missing[*]}."
  else
    fail "Missing: ${missing[*]}. Install them (Debian/Ubuntu: sudo apt-get install ${missing[*]}), or set HOUSEHOLDAPP_CHROMIUM to a Chromium binary."
  fi
fi

if [ -z "${HOUSEHOLDAPP_TEST_DB:-}" ]; then
  ensure_docker_engine || fail "No Docker engine: see above."
  image="$(scripts/postgres-image.sh)" || fail "No PostgreSQL image: see above (or set HOUSEHOLDAPP_TEST_DB)."
  export HOUSEHOLDAPP_TEST_PG_IMAGE="$image"
  # Testcontainers asks for Docker API 1.44; Debian's engine speaks at most 1.41. Ask for what the engine speaks.
  api="$(docker_cli version --format '{{.Server.APIVersion}}' 2>/dev/null || true)"
  if [ -n "$api" ] && [ "$(printf '%s\n' "$api" 1.44 | sort -V | head -1)" != 1.44 ]; then
    export DOCKER_API_VERSION="$api"
  fi
  # Published ports are reached over loopback (this machine looks like a container to Testcontainers), and the
  # resource reaper cannot be pulled here: the tests remove their own stale containers at start.
  export TESTCONTAINERS_HOST_OVERRIDE="${TESTCONTAINERS_HOST_OVERRIDE:-127.0.0.1}"
  export TESTCONTAINERS_RYUK_DISABLED="${TESTCONTAINERS_RYUK_DISABLED:-true}"
fi

build=()
if [ -n "$build_pid" ]; then
  if ! wait "$build_pid"; then
    cat "$build_log" >&2
    rm -f "$build_log"
    fail "The build failed: see above."
  fi
  build=(--no-build)
fi
rm -f "$build_log"

RESULTS_DIR="TestResults"
rm -rf "$RESULTS_DIR/trx"
dotnet tool restore >/dev/null
dotnet test HouseholdApp.sln "${build[@]}" --logger "trx;LogFileName=results.trx" --results-directory "$RESULTS_DIR/trx" "$@"
status=$?

trx="$(ls "$RESULTS_DIR"/trx/*.trx 2>/dev/null | head -1)"
if [ -n "$trx" ]; then
  passed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'passed="[0-9]*"' | grep -o '[0-9]*')
  failed=$(grep -o '<Counters [^>]*' "$trx" | grep -o 'failed="[0-9]*"' | grep -o '[0-9]*')
  echo "${passed:-0} passed, ${failed:-0} failed"
else
  echo "0 passed, 1 failed"
  [ $status -eq 0 ] && status=1
fi
exit $status
