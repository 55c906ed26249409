#!/usr/bin/env bash
# Quick start, step 2: install what is missing, build, and run every test:
# the normal build, the same tests under AddressSanitizer/UBSan, and each
# libFuzzer harness for a short while. Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."

build-aux/deps.sh --test || exit 1

# deps.sh installed gnome-keyring: the keyring tests must run, not skip
# (tests/run-with-keyring.sh).
export SK_TEST_REQUIRE_KEYRING=1

logs=()
status=0

# run_suite BUILD_DIR "MESON TEST ARGS" [MESON SETUP ARGS...]
run_suite () {
  local dir=$1; shift
  local test_args=$1; shift
  local setup_args=("$@")
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "${setup_args[@]}" || return 1
  fi
  ninja -C "$dir" || return 1
  # shellcheck disable=SC2086
  meson test -C "$dir" --print-errorlogs --num-processes 2 $test_args || status=1
  logs+=("$dir/meson-logs/testlog.json")
}

echo "== Build and test"
run_suite build "" || status=1

echo "== AddressSanitizer and UBSan (core and CLI)"
run_suite build-asan "--no-suite gui" -Db_sanitize=address,undefined -Db_lundef=false -Dapp=false \
  --buildtype=debug || status=1

echo "== Fuzzers (clang, libFuzzer)"
CC=clang run_suite build-fuzz "--suite fuzz" -Dfuzzing=true -Dapp=false --buildtype=debug || status=1

python3 build-aux/summary.py "${logs[@]}" || status=1
exit $status
