#!/usr/bin/env bash
# Helpers for test.sh: make a Docker engine answer on this machine.
#   ensure_docker_engine   installs Debian's docker.io when no engine is there (as root), starts dockerd in the
#                          background when it is not running (there is no systemd), and waits until it answers.
# The daemon listens on the default socket only (unix:///var/run/docker.sock); it publishes container ports on
# loopback. A daemon killed earlier leaves its pid files and socket behind: they are removed before a new start.


DOCKERD_PIDFILE="/var/run/docker.pid"
DOCKERD_SOCKET="/var/run/docker.sock"
DOCKERD_LOG="/var/log/householdapp-dockerd.log"
DOCKERD_LOCK="/var/lock/householdapp-dockerd.lock"
DOCKERD_START_SECONDS="${DOCKERD_START_SECONDS:-60}"

# Debian puts dockerd in /usr/sbin, which a non-root PATH may lack.
dockerd_path() {
  command -v dockerd 2>/dev/null || { [ -x /usr/sbin/dockerd ] && echo /usr/sbin/dockerd; } || true
}

# Prefer the CLI that came with the engine (Debian's /usr/bin/docker) over any other on PATH.
docker_cli() {
  if [ -x /usr/bin/docker ] && [ -n "$(dockerd_path)" ]; then
    /usr/bin/docker "$@"
  else
    docker "$@"
  fi
}

docker_answers() {
  local cli=docker
  if [ -x /usr/bin/docker ] && [ -n "$(dockerd_path)" ]; then cli=/usr/bin/docker; fi
  command -v "$cli" >/dev/null 2>&1 || return 1
  timeout 10 "$cli" version --format '{{.Server.Version}}' >/dev/null 2>&1
}

# True when the pid in FILE names a live process whose command is NAME.
pidfile_alive() {
  local file="$1" name="$2" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file" 2>/dev/null)"
  [ -n "$pid" ] && [ -d "/proc/$pid" ] || return 1
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$name" ] || return 1
  # A killed process nobody reaped stays as a zombie (state Z): it is gone all the same.
  case "$(sed 's/.*) //' "/proc/$pid/stat" 2>/dev/null | cut -d' ' -f1)" in
    Z | X | "") return 1 ;;
  esac
}

# Removes what a killed dockerd (and the containerd it started) left behind.
clear_stale_dockerd_state() {
  local containerd_pidfile=/var/run/docker/containerd/containerd.pid
  if [ -f "$DOCKERD_PIDFILE" ] && ! pidfile_alive "$DOCKERD_PIDFILE" dockerd; then
    echo "Removing a stale dockerd pid file ($DOCKERD_PIDFILE)." >&2
    rm -f "$DOCKERD_PIDFILE"
  fi
  if [ -f "$containerd_pidfile" ] && ! pidfile_alive "$containerd_pidfile" containerd; then
    rm -f "$containerd_pidfile"
  fi
  if [ -S "$DOCKERD_SOCKET" ] && ! pidfile_alive "$DOCKERD_PIDFILE" dockerd; then
    echo "Removing a stale Docker socket ($DOCKERD_SOCKET)." >&2
    rm -f "$DOCKERD_SOCKET"
  fi
}

install_docker_engine() {
  echo "No Docker engine found: installing Debian's docker.io..." >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  # policy-rc.d keeps the package from trying to start a service (there is no init system to ask).
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io iptables >/dev/null
}

start_dockerd() {
  local deadline
  (
    # One starter at a time: several test runs may begin together on this machine.
    flock -w "$DOCKERD_START_SECONDS" 9 || { echo "Timed out waiting for another dockerd start." >&2; exit 1; }
    docker_answers && exit 0
    if pidfile_alive "$DOCKERD_PIDFILE" dockerd; then
      echo "dockerd (pid $(cat "$DOCKERD_PIDFILE")) is running but does not answer yet; waiting." >&2
    else
      clear_stale_dockerd_state
      echo "Starting dockerd in the background (log: $DOCKERD_LOG)..." >&2
      # setsid: the daemon outlives this script and is not in the test run's process group.
      setsid "$(dockerd_path)" --pidfile "$DOCKERD_PIDFILE" -H "unix://$DOCKERD_SOCKET" --ip 127.0.0.1 \
        </dev/null >>"$DOCKERD_LOG" 2>&1 &
    fi
    deadline=$((SECONDS + DOCKERD_START_SECONDS))
    until docker_answers; do
      if [ $SECONDS -ge $deadline ]; then
        echo "dockerd did not answer within ${DOCKERD_START_SECONDS}s; the end of its log:" >&2
        tail -n 20 "$DOCKERD_LOG" >&2
        exit 1
      fi
      sleep 0.5
    done
  ) 9>"$DOCKERD_LOCK"
}

# Prints how to proceed without an engine; returns 1.
explain_missing_engine() {
  if [ -S "$DOCKERD_SOCKET" ] && [ ! -w "$DOCKERD_SOCKET" ]; then
    echo "A Docker engine is running, but this user may not use it ($DOCKERD_SOCKET): join its group" >&2
    echo "(sudo usermod -aG docker \"\$USER\", then log in again), or run ./test.sh as root." >&2
  fi
  cat >&2 <<'EOF'
No Docker engine answers, and this script cannot install one (it needs root and apt-get).
The tests need a PostgreSQL server. Either:
  - install a Docker engine and start it, e.g. on Debian/Ubuntu:
      sudo apt-get install docker.io && sudo dockerd &      (or: sudo systemctl start docker)
    and make sure your user may use it (sudo usermod -aG docker "$USER"); then run ./test.sh again; or
  - point the tests at a PostgreSQL server you already run, on which the user may create databases:
      HOUSEHOLDAPP_TEST_DB='Host=127.0.0.1;Port=5432;Username=postgres;Password=...' ./test.sh
EOF
  return 1
}

ensure_docker_engine() {
  docker_answers && return 0
  if [ "$(id -u)" != "0" ]; then
    explain_missing_engine
    return 1
  fi
  if [ -z "$(dockerd_path)" ]; then
    command -v apt-get >/dev/null 2>&1 || { explain_missing_engine; return 1; }
    install_docker_engine || return 1
  fi
  start_dockerd
}
