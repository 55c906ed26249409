#!/usr/bin/env python3
# check-zh-punctuation.py: Chinese text uses full-width punctuation.
#
#   check-zh-punctuation.py PO-FILE
#
# Fails when a translation that contains Chinese has a half-width question
# or exclamation mark, or a half-width colon, comma, semicolon or
# parenthesis right next to a Chinese character ("渠道:" instead of
# "渠道：", "(来源" instead of "（来源"). Access keys keep GNOME's
# half-width form "取消(_C)".
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later
import re
import sys

HAN = r'[\u3400-\u9fff\uf900-\ufaff]'
MNEMONIC = re.compile(r'\(_.\)')
# Syntax, not prose: links and command lines, and desktop-file lists.
SYNTAX = re.compile(r'\S*(://|\?\w+=)\S*')
RULES = [
    (re.compile(r'[?!]'), 'a half-width ? or !'),
    (re.compile(HAN + r'[:;,]'), 'a half-width colon, semicolon or comma after Chinese'),
    (re.compile(r'\(' + HAN + '|' + HAN + r'\)'), 'a half-width parenthesis next to Chinese'),
]


def strings(path):
    """Yields (line, msgid, msgstr) for each translation of the file."""
    parts = {}
    key = None
    start = 0

    def entry():
        return (start, ''.join(parts.get('msgid', [])), ''.join(parts.get('msgstr', [])))

    with open(path, encoding='utf-8') as po:
        for number, line in enumerate(po, 1):
            line = line.strip()
            if line.startswith('msgid ') or line.startswith('msgctxt '):
                if 'msgstr' in parts:
                    yield entry()
                    parts = {}
                key = line.split(' ', 1)[0]
                parts[key] = [line.split(' ', 1)[1][1:-1]]
            elif line.startswith('msgstr'):
                key = 'msgstr'
                start = number
                parts.setdefault('msgstr', []).append(line.split(' ', 1)[1][1:-1])
            elif line.startswith('"') and key is not None:
                parts[key].append(line[1:-1])
        if 'msgstr' in parts:
            yield entry()


def main():
    failures = 0
    for number, msgid, text in strings(sys.argv[1]):
        if not re.search(HAN, text) or msgid.endswith(';'):
            continue
        plain = SYNTAX.sub('', MNEMONIC.sub('', text))
        for rule, what in RULES:
            if rule.search(plain):
                print(f'{sys.argv[1]}:{number}: {what}: "{text}"')
                failures += 1
    if failures:
        print(f'{failures} translation(s) with half-width punctuation in Chinese text')
        return 1
    return 0


sys.exit(main())
