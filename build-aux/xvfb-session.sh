#!/bin/sh
# xvfb-session.sh: run COMMAND under a private Xvfb.
#
#   xvfb-session.sh [--screen WxHxD] COMMAND [ARG...]
#
# Xvfb picks a free display number itself and writes it to us (-displayfd)
# once it accepts connections. xvfb-run -a instead guesses a number from
# the lock files in /tmp, so two GUI tests started at once (from two
# builds, or two checkouts on one machine) can pick the same display and
# one of them talks to the other's server. No cookie is set: the server
# only listens on its local socket, and lives as long as the command.
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

screen=1024x768x24
if [ "${1:-}" = --screen ]; then
  screen=$2
  shift 2
fi
[ $# -gt 0 ] || { echo "usage: $0 [--screen WxHxD] COMMAND [ARG...]" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/sparekey-xvfb.XXXXXX")
xvfb=
cleanup () {
  if [ -n "$xvfb" ]; then
    kill "$xvfb" 2>/dev/null || true
    wait "$xvfb" 2>/dev/null || true
  fi
  rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset \
  3>"$dir/display" 2>"$dir/log" &
xvfb=$!

# Up to 60 s on a loaded machine; give up at once if the server died.
tries=0
while ! grep -q '^[0-9]' "$dir/display" 2>/dev/null; do
  if ! kill -0 "$xvfb" 2>/dev/null; then
    echo "Xvfb did not start:" >&2
    cat "$dir/log" >&2
    exit 1
  fi
  tries=$((tries + 1))
  if [ "$tries" -gt 1200 ]; then
    echo "Xvfb did not say its display within 60 s" >&2
    exit 1
  fi
  sleep 0.05
done

DISPLAY=:$(head -n 1 "$dir/display")
export DISPLAY
unset XAUTHORITY
status=0
"$@" || status=$?
exit "$status"
