#!/bin/sh
# Runs a test program under its own D-Bus session with its own
# gnome-keyring-daemon, whose login keyring is created and unlocked with a
# test password, in a private HOME and XDG folders: nothing here ever
# touches the user's real keyring.
#
# Without dbus-run-session or gnome-keyring-daemon the program still runs,
# in the private HOME and with no session bus at all, so its tests that need
# no keyring (recovery keys, the slots in the file) still count and those
# that do skip one by one (SK_TEST_KEYRING_PASSWORD is unset). With
# SK_TEST_REQUIRE_KEYRING=1 (build-aux/test.sh, CI) a missing or failing
# daemon is an error instead: there it is installed, so a skip would hide
# that the keyring was never tested.
#
# Usage: run-with-keyring.sh PROGRAM [ARGS...]
set -eu

bail () {
  echo "Bail out! $*"
  exit 1
}

if [ -z "${SK_KEYRING_INNER:-}" ]; then
  home=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-keyring-XXXXXX")
  trap 'rm -rf "$home"' EXIT
  mkdir -m 700 "$home/run"
  export HOME="$home" XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" \
    XDG_CACHE_HOME="$home/cache" XDG_RUNTIME_DIR="$home/run" SK_KEYRING_HOME="$home"
  if command -v dbus-run-session >/dev/null 2>&1 &&
     command -v gnome-keyring-daemon >/dev/null 2>&1; then
    SK_KEYRING_INNER=1 dbus-run-session -- "$0" "$@"
    exit $?
  fi
  if [ "${SK_TEST_REQUIRE_KEYRING:-}" = 1 ]; then
    bail "dbus-run-session or gnome-keyring-daemon is missing (build-aux/deps.sh --test installs them)"
  fi
  echo "# dbus-run-session or gnome-keyring-daemon is missing: the keyring tests skip"
  # A bus address that leads nowhere: never the user's own session.
  unset SK_TEST_KEYRING_PASSWORD
  DBUS_SESSION_BUS_ADDRESS="unix:path=$home/run/no-bus" "$@"
  exit $?
fi

# Inside the session: the daemon reads the login keyring's password on
# standard input, creates the keyring, unlocks it and stays in the
# background (the session ends it). It may take the Secret Service's name
# a moment later; a call to the name waits for it (or has the bus start it
# from its service file, which joins this daemon through its control
# socket).
eval "$(printf '%s' 'sparekey-test-keyring' |
        gnome-keyring-daemon --unlock --components=secrets)" >/dev/null
export GNOME_KEYRING_CONTROL 2>/dev/null || true
if ! dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \
       org.freedesktop.DBus.Peer.Ping >/dev/null; then
  if [ "${SK_TEST_REQUIRE_KEYRING:-}" = 1 ]; then
    bail "no Secret Service in the test's D-Bus session (gnome-keyring-daemon did not start)"
  fi
  echo "# gnome-keyring-daemon did not start: the keyring tests skip"
  exec "$@"
fi
export SK_TEST_KEYRING_PASSWORD=sparekey-test-keyring
exec "$@"
