#!/usr/bin/env python3
"""Checks `vox review --all` booklets against the catalog, read with Python's sqlite3:

    review-oracle.py COLLECTION BOOKLETS

For every participant, their booklet names every one of their photos by ref, shows an image
for each live one, and holds no ref, title, story or alt text of anyone else's photos (text
that the participant's own captions also hold is not counted against them)."""
import html
import os
import sqlite3
import sys

coll, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(f"file:{os.path.join(coll, 'vox.db')}?mode=ro", uri=True)
rows = db.execute(
    "SELECT pa.code, p.ref, p.audience, c.title, c.story, c.alt, pa.name "
    "FROM photo p JOIN participant pa ON pa.id = p.participant_id "
    "LEFT JOIN caption c ON c.photo_id = p.id").fetchall()
codes = sorted({r[0] for r in rows})
bad = 0
for code in codes:
    page = open(os.path.join(out, code, "index.html"), encoding="utf-8").read()
    text = html.unescape(page)
    mine = [r for r in rows if r[0] == code]
    own = set()
    for r in mine:
        own.update(t for t in r[3:6] if t)
        if r[1] not in page:
            print(f"{code}: own photo {r[1]} missing")
            bad += 1
        img = os.path.join(out, code, "img", r[1] + ".jpg")
        if (r[2] > 0) != os.path.exists(img):
            print(f"{code}: image of {r[1]} (audience {r[2]}) wrong")
            bad += 1
    for r in rows:
        if r[0] == code:
            continue
        if r[1] in page:
            print(f"{code}: holds {r[0]}'s ref {r[1]}")
            bad += 1
        for t in list(r[3:7]):
            if t and t not in own and t in text:
                print(f"{code}: holds {r[0]}'s words {t[:40]!r}")
                bad += 1
print(f"{len(codes)} booklets, {len(rows)} photos, {bad} problems")
sys.exit(1 if bad or not codes else 0)
