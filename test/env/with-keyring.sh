#!/usr/bin/env bash
# Runs a command with a real, unlocked Secret Service (gnome-keyring) on a private D-Bus session bus,
# with HOME, XDG_* and TMPDIR in a fresh temp dir, so tests never touch the user's keychain.
#   bash test/env/with-keyring.sh <cmd> [args...]
# Exit code: the command's. The temp dir is removed afterwards.
set -euo pipefail

die() { echo "with-keyring: $*" >&2; exit 1; }

if [ "${1:-}" = "" ]; then echo "usage: bash test/env/with-keyring.sh <cmd> [args...]" >&2; exit 2; fi

if [ "${PERSISTCERT_WITH_KEYRING_INNER:-}" != "1" ]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || die "$tool not found; install: apt-get install dbus dbus-bin gnome-keyring"
  done
  root=$(mktemp -d "${TMPDIR:-/tmp}/persistcert-keyring.XXXXXX")
  # Clean-up never changes the exit code: a test that mounted something under $root (and crashed
  # before unmounting) must not turn a green run red.
  cleanup() {
    local mnt
    for mnt in $(awk -v r="$root" 'index($2, r) == 1 { print $2 }' /proc/mounts 2>/dev/null | sort -r); do
      umount -l "$mnt" 2>/dev/null || true
    done
    rm -rf "$root" 2>/dev/null || echo "with-keyring: could not remove $root (left in place)" >&2
  }
  trap 'cleanup || true' EXIT
  mkdir -p "$root/home" "$root/data" "$root/config" "$root/cache" "$root/runtime" "$root/tmp"
  chmod 700 "$root" "$root/runtime"
  rc=0
  # npm's cache stays the user's (a test that runs `npm ci --offline` on a fresh clone needs it).
  PERSISTCERT_WITH_KEYRING_INNER=1 npm_config_cache="${npm_config_cache:-$HOME/.npm}" HOME="$root/home" XDG_DATA_HOME="$root/data" \
    XDG_CONFIG_HOME="$root/config" XDG_CACHE_HOME="$root/cache" XDG_RUNTIME_DIR="$root/runtime" \
    TMPDIR="$root/tmp" dbus-run-session -- bash "$0" "$@" || rc=$?
  exit "$rc"
fi

# --- inside the private session bus ---
unset PERSISTCERT_WITH_KEYRING_INNER
[ -n "${DBUS_SESSION_BUS_ADDRESS:-}" ] || die "dbus-run-session started no session bus (DBUS_SESSION_BUS_ADDRESS unset)"

# --foreground keeps the daemon our child, so it is stopped by PID and waited for; --daemonize
# would orphan it, and PID 1 on the test machines does not reap.
printf pw | gnome-keyring-daemon --foreground --unlock --components=secrets \
  >"$TMPDIR/gnome-keyring.log" 2>&1 &
keyring_pid=$!
stop_keyring() {
  kill "$keyring_pid" 2>/dev/null || true
  wait "$keyring_pid" 2>/dev/null || true
}
trap stop_keyring EXIT

# Ready once it owns org.freedesktop.secrets. Polling matters: a client that came earlier would make
# the bus auto-activate a second, locked keyring.
has_owner() {
  dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'
}
deadline=$((SECONDS + 10))
until has_owner; do
  if ! kill -0 "$keyring_pid" 2>/dev/null; then
    die "gnome-keyring-daemon exited early: $(cat "$TMPDIR/gnome-keyring.log")"
  fi
  [ "$SECONDS" -lt "$deadline" ] || die "gnome-keyring-daemon did not claim org.freedesktop.secrets within 10 s: $(cat "$TMPDIR/gnome-keyring.log")"
  sleep 0.02
done
export GNOME_KEYRING_CONTROL="$XDG_RUNTIME_DIR/keyring"

rc=0
"$@" || rc=$?
exit "$rc"
