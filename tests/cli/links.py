#!/usr/bin/env python3
"""Every link and image source (href, src, srcset) of every page in a static folder is
relative and names a file inside it. Prints the first bad ones; exits 1 if there are any.
Usage: links.py FOLDER"""
import html.parser
import os
import sys
import urllib.parse

top = sys.argv[1]
bad = []


class Page(html.parser.HTMLParser):
    def __init__(self, name):
        super().__init__()
        self.name = name

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            urls = []
            if k in ("href", "src"):
                urls = [v]
            if k == "srcset":
                urls = [c.strip().split()[0] for c in v.split(",")]
            for u in urls:
                if u.startswith("#"):
                    continue
                p = urllib.parse.urlparse(u)
                if p.scheme or p.netloc or u.startswith("/") or u.endswith("/"):
                    bad.append((self.name, u))
                    continue
                if not os.path.isfile(os.path.join(top, urllib.parse.unquote(p.path))):
                    bad.append((self.name, u))


pages = [n for n in os.listdir(top) if n.endswith(".html")]
if not pages:
    print("no page in", top)
    sys.exit(1)
for n in pages:
    page = Page(n)
    with open(os.path.join(top, n), encoding="utf-8") as f:
        page.feed(f.read())
print(bad[:5])
sys.exit(1 if bad else 0)
