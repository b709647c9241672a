#!/usr/bin/env python3
"""pdf-pages.py PDF TEXT...: each TEXT begins a page of PDF, in the order given, and no
page is empty (poppler's pdfinfo and pdftotext read it). Prints each page's first line."""
import re
import subprocess
import sys

pdf, wanted = sys.argv[1], sys.argv[2:]
info = subprocess.run(['pdfinfo', pdf], capture_output=True, text=True, check=True).stdout
pages = int(re.search(r'^Pages:\s+(\d+)', info, re.M).group(1))
firsts = []
for i in range(1, pages + 1):
    text = subprocess.run(['pdftotext', '-f', str(i), '-l', str(i), pdf, '-'],
                          capture_output=True, text=True, check=True).stdout
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    firsts.append(lines[0] if lines else '')
    print('page %d: %s' % (i, firsts[-1]))
if '' in firsts:
    sys.exit('an empty page')
at = 0
for w in wanted:
    while at < pages and not firsts[at].startswith(w):
        at += 1
    if at == pages:
        sys.exit('no page begins with %r after the ones before' % w)
    at += 1
