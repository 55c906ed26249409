#!/bin/sh
# Runs a test program under its own D-Bus session with its own
# gnome-keyring-daemon, whose login keyring is created and unlocked with a
# test password, in a private HOME and XDG folders: nothing here ever
# touches the user's real keyring. The program is skipped (exit 77) when
# dbus-run-session or gnome-keyring-daemon is missing.
#
# Usage: run-with-keyring.sh PROGRAM [ARGS...]
set -eu

if [ -z "${SK_KEYRING_INNER:-}" ]; then
  if ! command -v dbus-run-session >/dev/null 2>&1 ||
     ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
    echo "1..0 # SKIP dbus-run-session or gnome-keyring-daemon is missing"
    exit 0
  fi
  home=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-keyring-XXXXXX")
  trap 'rm -rf "$home"' EXIT
  mkdir -m 700 "$home/run"
  SK_KEYRING_INNER=1 HOME="$home" XDG_DATA_HOME="$home/data" \
    XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" \
    XDG_RUNTIME_DIR="$home/run" SK_KEYRING_HOME="$home" \
    dbus-run-session -- "$0" "$@"
  exit $?
fi

# Inside the session: the daemon reads the login keyring's password on
# standard input, creates the keyring and unlocks it.
eval "$(printf '%s' 'sparekey-test-keyring' |
        gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL 2>/dev/null || true
export SK_TEST_KEYRING_PASSWORD=sparekey-test-keyring
exec "$@"
