#!/usr/bin/env python3
"""The report's figures against vox stats --json, read by a reader that is not the writer.

report-figures.py REPORT_DIR [STATS OPTION...]: every number of index.html that names its
row (data-by, data-k0, data-k1, data-col) is looked up in `vox stats --json --by BY` run with
the same options, and every grouping of figures.json must equal what vox stats prints.
Exits 1 naming the first difference; prints how many numbers it compared."""
import json, subprocess, sys
from html.parser import HTMLParser

report, opts = sys.argv[1], sys.argv[2:]
cache = {}


def stats(by):
    if by not in cache:
        args = ["vox", "stats", "--json"] + ([] if by == "all" else ["--by", by]) + opts
        out = subprocess.run(args, check=True, capture_output=True, text=True).stdout
        cache[by] = [json.loads(l) for l in out.splitlines()]
    return cache[by]


class Cells(HTMLParser):
    def __init__(self):
        super().__init__()
        self.cells, self.cur = [], None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "td" and "data-col" in a:
            self.cur = [a, ""]

    def handle_data(self, data):
        if self.cur is not None:
            self.cur[1] += data

    def handle_endtag(self, tag):
        if tag == "td" and self.cur is not None:
            self.cells.append(self.cur)
            self.cur = None


def expected(a):
    by, col = a["data-by"], a["data-col"]
    names = [] if by == "all" else by.split(",")
    keys = [a.get("data-k0"), a.get("data-k1")][:len(names)]
    rows = stats(by)
    if col == "rows":
        # how many rows have k0 first (when given) and a value (not "(none)") last
        return sum(1 for r in rows
                   if (keys[0] is None or r[names[0]] == keys[0])
                   and r[names[-1]] != "(none)")
    match = [r for r in rows if all(r[n] == k for n, k in zip(names, keys))]
    return match[0][col] if match else 0


p = Cells()
p.feed(open(report + "/index.html", encoding="utf-8").read())
if len(p.cells) < 10:
    sys.exit("only %d numbers carry their row" % len(p.cells))
for a, text in p.cells:
    want = expected(a)
    if int(text.strip()) != want:
        sys.exit("%s: the page says %s, vox stats says %s" % (a, text.strip(), want))
fig = json.load(open(report + "/figures.json", encoding="utf-8"))
for by, rows in fig["figures"].items():
    if rows != stats(by):
        sys.exit("figures.json %s differs from vox stats --json --by %s" % (by, by))
print("%d numbers and %d groupings agree" % (len(p.cells), len(fig["figures"])))
