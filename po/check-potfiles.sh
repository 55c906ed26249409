#!/bin/sh
# check-potfiles.sh: fail when a source file with translatable strings
# (_( N_( C_( NC_( g_dngettext( or translatable="yes") is missing from
# po/POTFILES.in, or when POTFILES.in lists a file that does not exist.
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u
top=${1:-$(dirname "$0")/..}
cd "$top" || exit 1

listed=$(mktemp)
trap 'rm -f "$listed"' EXIT
grep -v '^#' po/POTFILES.in | sed '/^[[:space:]]*$/d' | sort -u > "$listed"

status=0
for f in $(grep -rlE '(^|[^A-Za-z0-9_])(N?C?_|g_dngettext) ?\(|translatable="yes"' \
             --include='*.c' --include='*.h' --include='*.ui' --include='*.in' \
             src data 2>/dev/null | sort); do
  if ! grep -qxF "$f" "$listed"; then
    echo "missing from po/POTFILES.in: $f"
    status=1
  fi
done

while read -r f; do
  if [ ! -f "$f" ]; then
    echo "listed in po/POTFILES.in but absent: $f"
    status=1
  fi
done < "$listed"

if [ $status -eq 0 ]; then
  echo "po/POTFILES.in lists every source with translatable strings"
fi
exit $status
