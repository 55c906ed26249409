#!/usr/bin/env bash
# Quick start, step 1: install what is missing, build, and start Sparekey.
set -euo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh
if [ ! -f build/build.ninja ]; then
  meson setup build --prefix="$HOME/.local"
fi
ninja -C build
# Run from the build tree: schemas and translations come from there.
exec meson devenv -C build ./src/app/sparekey "$@"
