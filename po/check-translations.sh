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

*)
  echo "unknown mode “$mode”" >&2
  exit 2
  ;;
esac
exit $status
