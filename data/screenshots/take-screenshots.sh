#!/bin/sh
# take-screenshots.sh: remake data/screenshots/*.png (AppStream metainfo)
# from a throwaway vault, under Xvfb. Needs Xvfb, xdotool and
# ImageMagick's import. Usage: take-screenshots.sh BUILD_DIR [LANGUAGE]
#
# SPAREKEY_KDF_TEST=1 makes the create page use the minimum key
# derivation cost: for tests and screenshots only.
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
build=$(cd "$1" && pwd)
lang=${2:-en}
out=$(cd "$(dirname "$0")" && pwd)
[ "$lang" = en ] || out=$out/$lang
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

export SPAREKEY_VAULT="$tmp/vault.sparekey" SPAREKEY_KDF_TEST=1
export GSETTINGS_BACKEND=memory GSETTINGS_SCHEMA_DIR="$build/data"
export SPAREKEY_LOCALEDIR="$build/po" NO_AT_BRIDGE=1 GTK_A11Y=none
# The zh_CN locale itself may not be generated: LANGUAGE picks the
# translation, C.UTF-8 keeps text handling UTF-8.
if [ "$lang" != en ]; then export LANGUAGE=$lang LANG=C.UTF-8 LC_ALL=C.UTF-8; fi
printf 'demo password\n' > "$tmp/pw"
cli="$build/src/cli/sparekey-cli --password-file=$tmp/pw"
$cli init --kdf-memlimit=8K >/dev/null
$cli add \
  'otpauth://totp/GitHub:octocat?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' \
  'otpauth://totp/Google:alice%40gmail.com?secret=GEZDGNBVGY3TQOJQ&issuer=Google' \
  'otpauth://totp/%E5%BE%AE%E4%BF%A1:13800138000?secret=MFRGGZDFMZTWQ2LK&issuer=%E5%BE%AE%E4%BF%A1' \
  'otpauth://totp/Steam:gamer42?secret=ONSWG4TFOQ======&issuer=Steam' \
  'otpauth://totp/Bitwarden:alice?secret=KRSXG5CTMVRXEZLU&issuer=Bitwarden&digits=8' \
  'otpauth://hotp/Company%20VPN:alice?secret=GAYDAMBQGAYDAMBQ&issuer=Company%20VPN&counter=12' \
  'otpauth://totp/Nextcloud:alice?secret=NBSWY3DPO5XXE3DE&issuer=Nextcloud' \
  'otpauth://totp/Binance:alice?secret=MZXW6YTBOI======&issuer=Binance' >/dev/null
# Most accounts that lock people out sign in by SMS, with no codes.
$cli add --no-code --issuer QQ --name 12345678 --protection sms >/dev/null
$cli add --no-code --issuer '支付宝' --name 13800138000 --protection app >/dev/null

cat > "$tmp/run.sh" <<'INNER'
set -eu
"$BUILD/src/app/sparekey" & app=$!
sleep 2
wid=$(xdotool search --sync --onlyvisible --name 'Sparekey' | head -1)
sleep 1
import -window "$wid" "$OUT/unlock.png"
xdotool type --delay 20 'demo password'; xdotool key Return
sleep 2
import -window "$wid" "$OUT/codes.png"
xdotool key ctrl+n; sleep 1.5
xdotool type --delay 5 'otpauth://totp/Example:bob@example.com?secret=GEZDGNBVGY3TQOJQ&issuer=Example'
sleep 1.5
dlg=$(xdotool search --name '^Add Account$|^添加账号$' | tail -1)
import -window "$dlg" "$OUT/add.png"
xdotool key Escape; sleep 1
# At 360 px (a phone, or a window at a third of the screen): the list,
# then a search.
xdotool windowsize "$wid" 360 640; sleep 1.5
import -window "$wid" "$OUT/codes-narrow.png"
xdotool windowfocus --sync "$wid"; xdotool key ctrl+f; sleep 0.5
xdotool type --delay 50 'alice'; sleep 1.5
import -window "$wid" "$OUT/codes-search-narrow.png"
kill $app
wait $app || true
INNER
BUILD=$build OUT=$out "$(dirname "$0")/../../build-aux/xvfb-session.sh" --screen 1280x800x24 sh "$tmp/run.sh"
echo "screenshots in $out"
