#!/bin/sh
# check-translations.sh: check the translations against the current sources.
#
#   check-translations.sh complete SRCROOT PACKAGE [XGETTEXT-ARG…]
#     fails when a language of po/LINGUAS has an untranslated or fuzzy
#     message, or when msgfmt --check rejects its .po file;
#   check-translations.sh comments SRCROOT PACKAGE [XGETTEXT-ARG…]
#     fails when a translator comment is not written "/* Translators: …"
#     or does not reach the template (it must stand on the lines just
#     above the string).
#   check-translations.sh taiwan SRCROOT PACKAGE [XGETTEXT-ARG…]
#     fails when a translation of po/zh_TW.po holds a Simplified-only
#     character or a mainland term where Taiwan says something else.
#
# Both make a fresh template the way the sparekey-pot target does (meson
# runs xgettext on po/POTFILES.in with the same arguments, given by
# po/meson.build) and write only into a temporary folder.
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later

set -u
if [ $# -lt 3 ]; then
  echo "usage: $0 complete|comments SRCROOT PACKAGE [XGETTEXT-ARG…]" >&2
  exit 2
fi
mode=$1
top=$2
package=$3
shift 3
cd "$top" || exit 1

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Everything but the header entry of a PO file (its msgid is "" and its
# msgstr starts with the fields).
entries () {
  awk 'BEGIN { RS = ""; ORS = "\n\n" }
       !/(^|\n)msgid ""\nmsgstr ""\n"[A-Za-z-]+: / { print }' "$1"
}

template=$tmp/$package.pot
if ! xgettext --package-name="$package" -f po/POTFILES.in -D . -k_ --no-wrap \
       -o "$template" "$@"; then
  echo "xgettext failed"
  exit 1
fi

status=0
case $mode in
complete)
  for lang in $(sed 's/#.*//' po/LINGUAS); do
    po=po/$lang.po
    merged=$tmp/$lang.po

    if [ ! -f "$po" ]; then
      echo "$lang: $po is missing"
      status=1
      continue
    fi
    if ! msgfmt --check -o /dev/null "$po"; then
      echo "$lang: msgfmt --check rejects $po"
      status=1
    fi
    if ! msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$merged" "$po" "$template"; then
      echo "$lang: msgmerge failed"
      status=1
      continue
    fi

    msgattrib --untranslated --no-obsolete --no-wrap -o "$tmp/untranslated" "$merged"
    msgattrib --only-fuzzy --no-obsolete --no-wrap -o "$tmp/fuzzy" "$merged"
    for kind in untranslated fuzzy; do
      if [ -f "$tmp/$kind" ]; then
        entries "$tmp/$kind" > "$tmp/$kind.entries"
        count=$(grep -c '^msgid ' "$tmp/$kind.entries")
      else
        count=0
      fi
      if [ "$count" -gt 0 ]; then
        echo "$lang: $count $kind message(s) in $po against the current sources:"
        echo
        cat "$tmp/$kind.entries"
        status=1
      fi
    done
    if [ $status -eq 0 ]; then
      printf '%s: ' "$lang"
      msgfmt --statistics -o /dev/null "$merged" 2>&1
    fi
  done
  [ $status -eq 0 ] && echo "every language of po/LINGUAS is complete"
  ;;

comments)
  sources=$(grep -v '^#' po/POTFILES.in | grep -E '\.[ch]$')
  grep -n -i -E '/\*.*translators' $sources > "$tmp/comments"
  while IFS= read -r hit; do
    where=${hit%%:*}:$(echo "${hit#*:}" | cut -d: -f1)
    line=$(echo "${hit#*:}" | cut -d: -f2-)
    case $line in
      *"/* Translators: "*) ;;
      *)
        echo "$where: write translator comments as “/* Translators: …”"
        status=1
        continue
        ;;
    esac
    # The first line of the comment, as xgettext copies it.
    text=$(echo "$line" | sed -e 's|.*/\* Translators: ||' -e 's|\*/.*||' -e 's/[[:space:]]*$//')
    if ! grep -q -F -e "#. Translators: $text" "$template"; then
      echo "$where: this translator comment does not reach the template: put it on the line(s) just above the string"
      status=1
    fi
  done < "$tmp/comments"
  [ $status -eq 0 ] && echo "every translator comment reaches the template"
  ;;

taiwan)
  # Characters that exist only in Simplified Chinese (their Traditional
  # forms: 號碼驗證這個們時間開關設軟網帳說請刪備復動無應鑰), then mainland
  # terms written in Traditional characters, as OpenCC leaves some of
  # them (Taiwan: 帳號, 軟體, 簡訊, 網路, 資訊, 設定, 預設, QR 碼, 登入,
  # 使用者, 電信業者, 儲值, 檔案, 匯入, 匯出, 資料, 螢幕, 列印, 連結).
  simplified='号|码|验|证|这|个|们|时|间|开|关|设|软|网|账|说|请|删|备|复|动|无|应|钥'
  mainland='賬|軟件|短信|網絡|信息|設置|默認|二維碼|登錄|用戶|運營商|充值|文件夾|導入|導出|數據|屏幕|打印|鏈接|視頻|攝像頭|服務器|菜單|窗口|搜索|硬件|粘貼|剪貼板|激活|質量|恢復碼|密保|工單|渠道'
  po=po/zh_TW.po
  if [ ! -f "$po" ]; then
    echo "$po is missing"
    exit 1
  fi
  # The translations only: msgstr lines and their continuations.
  msgattrib --no-obsolete --no-wrap "$po" |
    awk '/^msgstr/ { s = 1 } /^(msgid|msgctxt|#)/ { s = 0 } s { print }' > "$tmp/strings"
  for kind in simplified mainland; do
    eval "pattern=\$$kind"
    if grep -n -E "$pattern" "$tmp/strings" > "$tmp/hits"; then
      echo "$po: $kind character(s) or term(s) in these translations:"
      grep -o -E "$pattern" "$tmp/hits" | sort | uniq -c
      cat "$tmp/hits"
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "$po uses Traditional characters and Taiwan's terms"
  ;;

*)
  echo "unknown mode “$mode”" >&2
  exit 2
  ;;
esac
exit $status
