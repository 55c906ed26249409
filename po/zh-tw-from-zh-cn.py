#!/usr/bin/env python3
# zh-tw-from-zh-cn.py: append to po/zh_TW.po the messages po/zh_CN.po
# translates and zh_TW.po does not yet, converted to Traditional Chinese
# with OpenCC (s2twp) and then to Taiwan's terms (the table below, which
# is how po/zh_TW.po was made). Helpers append their new strings to
# zh_CN.po only; run this once after merging, read what it appended, and
# check with `meson test -C build --suite po`.
#
#   po/zh-tw-from-zh-cn.py [SRCROOT]
#
# Copyright 2026 The Sparekey authors
# SPDX-License-Identifier: GPL-3.0-or-later
import os
import re
import subprocess
import sys

# Ordered replacements applied after s2twp: mainland terms OpenCC leaves,
# and a few of its own choices Taiwan's apps do not make.
TAIWAN_TERMS = [
    ("登出", "註銷"),            # s2twp turns 注销 (a cancelled number) into 登出
    ("退出登入", "登出"), ("退出所有", "登出所有"), ("退出", "結束"),
    ("繫結", "綁定"), ("解綁", "解除綁定"), ("換綁", "更換綁定"),
    ("專案", "項目"), ("許可權", "權限"),
    ("賬號", "帳號"), ("賬戶", "帳戶"), ("賬", "帳"),
    ("身份", "身分"), ("二維碼", "QR 碼"),
    ("運營商", "電信業者"), ("充值", "儲值"),
    ("找回郵箱", "救援信箱"), ("恢復郵箱", "救援信箱"), ("郵箱", "信箱"),
    ("首選項", "偏好設定"), ("恢復碼", "復原碼"), ("恢復金鑰", "復原金鑰"),
    ("恢復手機", "救援手機"), ("設置", "設定"),
    ("找回", "復原"), ("應急", "緊急"),
    ("客服工單", "客服表單"), ("工單", "客服表單"), ("渠道", "管道"),
    ("動態口令", "動態密碼"), ("口令", "密碼"),
    ("終端機", "終端"), ("終端", "終端機"),
    ("存儲", "儲存"), ("當前", "目前"), ("實時", "即時"), ("倒計時", "倒數計時"),
    ("禁用", "停用"), ("會話鎖屏", "工作階段鎖定螢幕"), ("會話", "工作階段"),
    ("平臺", "平台"), ("臺", "台"),
    ("密保問題", "安全提問"), ("密保手機", "安全手機"), ("密保", "安全"),
    ("打印", "列印"), ("本地", "本機"), ("型別", "類型"), ("引數", "參數"),
    ("Google 身分驗證器", "Google 驗證器"), ("常規", "一般"),
    ("https 地址", "https 網址"), ("生成", "產生"), ("指名", "指明"),
    ("識別", "辨識"), ("快捷鍵", "快速鍵"), ("攝像頭", "攝影機"), ("視頻", "影片"),
    ("匹配", "符合"), ("詳情", "詳細資訊"),
    ("PDF 文件", "PDF 檔案"),
    ("應用程式", "應用"), ("應用", "應用程式"),
    ("舉報", "檢舉"), ("12377 檢舉", "12377 舉報"),
    ("“", "「"), ("”", "」"), ("‘", "『"), ("’", "』"),
]


def taiwan(text):
    for old, new in TAIWAN_TERMS:
        text = text.replace(old, new)
    # "QR 碼" keeps a space after a Chinese character, as Latin words do.
    return re.sub(r'(?<=[\u4e00-\u9fff])QR 碼', ' QR 碼', text)


def entries(path):
    """The entries of a PO file: (key, lines), key = msgctxt + msgid."""
    # An entry ends at a blank line or where the next one starts (some
    # appended entries have no blank line between them).
    blocks, block = [], []
    with open(path, encoding='utf-8') as f:
        for l in f.read().split('\n'):
            starts = l.startswith(('#', 'msgctxt ', 'msgid '))
            if not l or (starts and any(x.startswith('msgstr') for x in block)):
                if block:
                    blocks.append(block)
                block = []
            if l:
                block.append(l)
    if block:
        blocks.append(block)
    for lines in blocks:
        if not lines or all(l.startswith('#') for l in lines):
            continue
        # The key joins the string pieces: the files wrap lines differently.
        key, part = [], None
        for l in lines:
            m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?) (".*")$', l)
            if m:
                part = m.group(1)
                if part in ('msgctxt', 'msgid'):
                    key.append(part + ':')
                l = m.group(3)
            if part in ('msgctxt', 'msgid') and l.startswith('"'):
                key.append(l[1:-1])
        yield ''.join(key), lines


def main():
    top = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), '..')
    cn_path = os.path.join(top, 'po', 'zh_CN.po')
    tw_path = os.path.join(top, 'po', 'zh_TW.po')
    have = {key for key, _ in entries(tw_path)}
    missing = [(key, lines) for key, lines in entries(cn_path)
               if key not in have and key != 'msgid:']
    if not missing:
        print('po/zh_TW.po has every message of po/zh_CN.po')
        return 0

    # One OpenCC run for every translation line, one line each.
    todo = []
    for _, lines in missing:
        part = None
        for i, l in enumerate(lines):
            m = re.match(r'(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?) ', l)
            if m:
                part = m.group(1)
            if part is not None and part.startswith('msgstr') and not l.startswith('#'):
                todo.append((lines, i))
    text = '\n'.join(lines[i] for lines, i in todo) + '\n'
    out = subprocess.run(['opencc', '-c', 's2twp'], input=text, capture_output=True,
                         text=True, check=True).stdout.split('\n')
    for n, (lines, i) in enumerate(todo):
        lines[i] = taiwan(out[n])

    with open(tw_path, 'a', encoding='utf-8') as f:
        for _, lines in missing:
            # Source references are for the template, not for appended entries.
            f.write('\n' + '\n'.join(l for l in lines if not l.startswith('#:')) + '\n')
    print('appended %d message(s) to po/zh_TW.po: read them for Taiwan\'s terms' % len(missing))
    return 0


if __name__ == '__main__':
    sys.exit(main())
