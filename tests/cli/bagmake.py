#!/usr/bin/env python3
"""Makes bags for the end-to-end tests with nothing but the standard library (and cjpeg
for small clean JPEGs): a good photovox bag, variants of it, and hostile bags.

    bagmake.py KIND OUT [OPTIONS]

KIND: good, clash (another photo with the ref P07-01), tombstone SHA (a bag whose
tombstones name SHA), dirty GPSJPEG (a photo with GPS metadata, manifests correct),
zipslip, symlink, liar (a manifest that lies), truncated, many (100,000 empty entries),
hugetar (a tar entry declaring 1 TB), hugezip (a zip entry declaring 4 GB),
bad FIELD (the good bag with one bad value, in its last photo or in its last declarations,
so that a tool writing as it reads would have written the rest first; FIELD is one of
BAD_FIELDS), big N (N photos of some 100 kB each, to fill a small disk),
limit WHAT (the good bag at or past one of import's limits; WHAT is one of LIMITS).
"""
import hashlib
import io
import json
import os
import struct
import subprocess
import sys
import tarfile
import tempfile
import zipfile

TOP = "bag"

# Captions a CSV or JSON writer must not break: quotes, commas, line breaks, emoji,
# right-to-left Arabic, Welsh.
TRICKY = {
    "title": 'Bread, "fresh", shared',
    "story": 'We said "welcome", and then, well\u2026\r\nA new line.\nCarrots \U0001F955',
}
ARABIC = "\u0645\u0631\u062d\u0628\u0627 \u0628\u0643\u0645 \u0641\u064a \u0627\u0644\u0645\u0632\u0631\u0639\u0629"
WELSH = "Roedd y fferm yn hyfryd; cawsom groeso cynnes iawn. Diolch yn fawr!"


def jpeg(seed):
    """A small JPEG made by cjpeg from made-up pixels: JFIF only, no metadata."""
    w = h = 16
    px = bytes((i * 7 + seed * 31) % 256 for i in range(w * h * 3))
    ppm = b"P6 %d %d 255\n" % (w, h) + px
    return subprocess.run(["cjpeg", "-quality", "85"], input=ppm, check=True,
                          capture_output=True).stdout


def photo(ref, site, session, audience, people, caption, seed, themes=(), sensitive=False,
          data=None):
    data = data if data is not None else jpeg(seed)
    part = ref.split("-")[0]
    return {
        "entry": {
            "ref": ref,
            "file": "data/photos/cornwall/%s/%s.jpg" % (site, ref),
            "sha256": hashlib.sha256(data).hexdigest(),
            "ext": "jpg", "width": 16, "height": 16, "orientation": 1,
            "pair": "cornwall", "site": site, "participant": part, "session": session,
            "audience": audience, "people": people, "sensitive": sensitive, "minor": False,
            "themes": list(themes),
            "caption": dict({"lang": "en", "title": None, "story": None, "alt": "A plain view",
                             "prompts": {}, "translation": None}, **caption),
        },
        "data": data,
    }


def collection(tombstones=(), extra=()):
    photos = [
        photo("P07-01", "truro-foodbank", "2026-05-12-truro", "report", "none",
              dict(TRICKY, prompts={"see": 'Loaves, "many"', "happening": "Sharing\nfood"}),
              1, ["feeling-welcome"]),
        photo("P07-02", "cornwall-farm", "2026-06-02-farm", "public", "consented",
              {"title": ARABIC, "story": "=1+1", "lang": "ar"}, 2, ["food-and-growing"]),
        photo("P08-01", "truro-foodbank", None, "group", "none",
              {"title": "Group only", "story": "For the group"}, 3),
        photo("P08-02", "truro-foodbank", None, "report", "unknown",
              {"title": "People, no answer yet", "story": "unknown people"}, 4),
        photo("P09-01", "cornwall-farm", "2026-06-02-farm", "public", "none",
              {"title": "Y fferm", "story": WELSH, "lang": "cy",
               "translation": {"lang": "en", "title": "The farm",
                               "story": "The farm was lovely.", "alt": None, "prompts": {}}},
              5, ["food-and-growing"], sensitive=True),
    ] + list(extra)
    doc = {
        "format": "photovox-bag", "version": 1, "title": "Cornwall photovoice",
        "audience": "group",
        "prompts": [{"key": "see", "question": "What do you See here?"},
                    {"key": "happening", "question": "What is really Happening here?"},
                    {"key": "our-lives", "question": "How does this relate to Our lives?"},
                    {"key": "why", "question": "Why does this situation (concern, or strength) exist?"},
                    {"key": "do", "question": "What can we Do about it?"}],
        "themes": [{"slug": "feeling-welcome", "name": "Feeling welcome"},
                   {"slug": "food-and-growing", "name": "Food and growing"}],
        "pairs": [{"slug": "cornwall", "name": "Cornwall twinning"}],
        "sites": [{"slug": "cornwall-farm", "name": "Cornwall Community Farm",
                   "pair": "cornwall", "setting": "rural"},
                  {"slug": "truro-foodbank", "name": "Truro Food Bank", "pair": "cornwall",
                   "setting": "urban"}],
        "participants": [{"code": "P07", "site": "truro-foodbank", "minor": False},
                         {"code": "P08", "site": "truro-foodbank", "minor": False},
                         {"code": "P09", "site": "cornwall-farm", "minor": False}],
        "sessions": [{"slug": "2026-05-12-truro", "site": "truro-foodbank",
                      "date": "2026-05-12"},
                     {"slug": "2026-06-02-farm", "site": "cornwall-farm",
                      "date": "2026-06-02"}],
        "photos": [p["entry"] for p in photos],
        "tombstones": [{"sha256": s, "date": "2026-06-10"} for s in tombstones],
    }
    files = {p["entry"]["file"]: p["data"] for p in photos}
    files["data/catalog.json"] = json.dumps(doc, indent=2, ensure_ascii=False).encode()
    files["data/README.txt"] = b"Made for a test.\n"
    return files


# The bad values of "bad FIELD": (where, what).
BAD_FIELDS = {
    "lang": "the last photo's caption language is 'x y'",
    "trlang": "the last photo's translation language is 'x y'",
    "prompt": "the last photo answers a prompt no one asks",
    "sessiondate": "the last session's date is 2026-02-30",
    "slug": "the last theme's slug starts with '-'",
    "tombdate": "a tombstone's date is 'yesterday'",
    "nul": "the last photo's title holds a NUL (\\u0000)",
    "control": "the last photo's title holds an escape character",
    "surrogate": "the last photo's story holds a lone surrogate (not UTF-8 once decoded)",
    "answer": "the last photo's answer holds a NUL",
    "c1": "the last photo's title holds U+009B, a terminal's CSI (a C1 control)",
    "c1name": "a site's name holds U+0085 (a C1 control)",
    "c1question": "a prompt's question holds U+0090 (a C1 control)",
    "duppair": "the pair is declared twice",
    "dupsite": "a site is declared twice",
    "duptheme": "a theme is declared twice",
    "dupsession": "a session is declared twice",
    "dupparticipant": "a participant is declared twice",
    "duptomb": "a tombstone is given twice",
    "dupbytes": "a sixth photo, with its own ref and caption, has the last one's bytes",
}


def bad(field):
    files = collection()
    doc = json.loads(files["data/catalog.json"])
    last = doc["photos"][-1]
    cap = last["caption"]
    if field == "lang":
        cap["lang"] = "x y"
    elif field == "trlang":
        cap["translation"]["lang"] = "x y"
    elif field == "prompt":
        cap["prompts"] = {"no-such-prompt": "An answer"}
    elif field == "sessiondate":
        doc["sessions"][-1]["date"] = "2026-02-30"
    elif field == "slug":
        doc["themes"].append({"slug": "-bad", "name": "Bad"})
    elif field == "tombdate":
        doc["tombstones"] = [{"sha256": "ab" * 32, "date": "yesterday"}]
    elif field == "nul":
        cap["title"] = "Y fferm\u0000 and what comes after"
    elif field == "control":
        cap["title"] = "Y fferm\u001b[2J"
    elif field == "surrogate":
        cap["story"] = "Not \udc80 text"
    elif field == "answer":
        cap["prompts"] = {"see": "The farm\u0000"}
    elif field == "c1":
        cap["title"] = "Y fferm \u009b2J\u009b31mRED"
    elif field == "c1name":
        doc["sites"][-1]["name"] = "Truro \u0085Food Bank"
    elif field == "c1question":
        doc["prompts"][-1]["question"] = "What can we \u0090Do?"
    elif field.startswith("dup") and field[3:] + "s" in doc:
        doc[field[3:] + "s"].append(dict(doc[field[3:] + "s"][-1]))
    elif field == "duptomb":
        doc["tombstones"] = [{"sha256": "ab" * 32, "date": "2026-06-10"}] * 2
    elif field == "dupbytes":
        twin = dict(last, ref="P09-02", file=last["file"].replace("P09-01", "P09-02"),
                    caption=dict(cap, title="Another title"))
        doc["photos"].append(twin)
        files[twin["file"]] = files[last["file"]]
    else:
        raise SystemExit("bad: FIELD is one of " + ", ".join(sorted(BAD_FIELDS)))
    # ASCII with escapes, as a lone surrogate cannot be written in UTF-8.
    files["data/catalog.json"] = json.dumps(doc, indent=2).encode()
    return files


def big(n):
    """The good bag's names with n photos of noise, some 100 kB each."""
    files = collection()
    doc = json.loads(files["data/catalog.json"])
    files = {k: v for k, v in files.items() if not k.startswith("data/photos/")}
    doc["photos"] = []
    w = h = 200
    for i in range(n):
        state = (i + 1) * 2654435761 % 2**32
        px = bytearray()
        for _ in range(w * h * 3):
            state = (state * 1103515245 + 12345) % 2**31
            px.append(state >> 23)
        data = subprocess.run(["cjpeg", "-quality", "95"],
                              input=b"P6 %d %d 255\n" % (w, h) + bytes(px), check=True,
                              capture_output=True).stdout
        p = photo("P20-%02d" % (i + 1), "truro-foodbank", None, "group", "none",
                  {"title": "Noise %d" % (i + 1)}, 0, data=data)
        p["entry"]["width"] = p["entry"]["height"] = 200
        doc["photos"].append(p["entry"])
        files[p["entry"]["file"]] = data
    files["data/catalog.json"] = json.dumps(doc, indent=2).encode()
    return files


LIMITS = {
    "story": "the last photo's story is 1 MB and one byte, more than a caption ingest takes",
    "answer": "the last photo's answer to a prompt is 1 MB and one byte",
    "name": "a site's name is 1025 bytes",
    "size": "catalog.json is 40 MB and one byte (a long text after the photos)",
    "values": "catalog.json holds 2,000,001 values (a list of zeros, 4 MB)",
    "largest": "catalog.json of just under 40 MB describing 20,000 photos, each with a "
               "caption of some 1 kB (the photos are not in the bag)",
}


def limit(what):
    files = collection()
    doc = json.loads(files["data/catalog.json"])
    cap = doc["photos"][-1]["caption"]
    mb = 1024 * 1024
    if what == "story":
        cap["story"] = "s" * (mb + 1)
    elif what == "answer":
        cap["prompts"] = {"see": "a" * (mb + 1)}
    elif what == "name":
        doc["sites"][-1]["name"] = "n" * 1025
    elif what == "size":
        text = json.dumps(doc)
        files["data/catalog.json"] = (text[:-1] + ', "padding": "' +
                                      "p" * (40 * mb - len(text) - 14) + '"}').encode()
        assert len(files["data/catalog.json"]) == 40 * mb + 1
        return files
    elif what == "values":
        text = json.dumps(doc)
        files["data/catalog.json"] = (text[:-1] + ', "padding": [' + "0," * 2000000 +
                                      '0]}').encode()
        return files
    elif what == "largest":
        first = doc["photos"][0]
        doc["photos"] = []
        for i in range(20000):
            p = json.loads(json.dumps(first))
            p["ref"] = "P07-%d" % (i + 100)
            p["file"] = "data/photos/cornwall/truro-foodbank/P07-%d.jpg" % (i + 100)
            p["sha256"] = hashlib.sha256(b"%d" % i).hexdigest()
            p["caption"]["story"] = "x" * 1000
            doc["photos"].append(p)
        text = json.dumps(doc)
        files["data/catalog.json"] = (text[:-1] + ', "padding": "' +
                                      "p" * (40 * mb - len(text) - 14) + '"}').encode()
        assert len(files["data/catalog.json"]) == 40 * mb + 1
        files["data/catalog.json"] = files["data/catalog.json"][:-3] + b'"}'
        return files
    else:
        raise SystemExit("limit: WHAT is one of " + ", ".join(sorted(LIMITS)))
    files["data/catalog.json"] = json.dumps(doc, indent=2).encode()
    return files


def bag_files(payload, lie=False):
    """The whole bag: payload plus tag files, manifests right (or one of them lying)."""
    files = dict(payload)
    oxum = "%d.%d" % (sum(len(d) for d in payload.values()), len(payload))
    files["bagit.txt"] = b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    files["bag-info.txt"] = ("Source-Organization: Test\nBagging-Date: 2026-06-11\n"
                             "Payload-Oxum: %s\n" % oxum).encode()
    for alg in ("sha256", "sha512"):
        lines = []
        for name in sorted(payload):
            digest = hashlib.new(alg, payload[name]).hexdigest()
            if lie and name.endswith("P07-02.jpg"):
                digest = hashlib.new(alg, b"something else").hexdigest()
            lines.append("%s  %s\n" % (digest, name))
        files["manifest-%s.txt" % alg] = "".join(lines).encode()
    tags = "".join("%s  %s\n" % (hashlib.sha256(files[n]).hexdigest(), n)
                   for n in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt",
                             "manifest-sha512.txt"))
    files["tagmanifest-sha256.txt"] = tags.encode()
    return files


def write_zip(out, files, extra=None, compression=zipfile.ZIP_STORED):
    with zipfile.ZipFile(out, "w", compression) as z:
        for name in sorted(files):
            z.writestr("%s/%s" % (TOP, name), files[name])
        if extra:
            extra(z)


def write_tar(out, files, extra=None):
    with tarfile.open(out, "w") as t:
        for name in sorted(files):
            info = tarfile.TarInfo("%s/%s" % (TOP, name))
            info.size = len(files[name])
            t.addfile(info, io.BytesIO(files[name]))
        if extra:
            extra(t)


def main(argv):
    kind, out = argv[1], argv[2]
    if kind == "good":
        write_zip(out, bag_files(collection()))
    elif kind == "clash":
        other = photo("P07-01", "truro-foodbank", None, "report", "none",
                      {"title": "Another first photo", "story": "from the other collection"},
                      40)
        files = collection()
        payload = {k: v for k, v in files.items() if "P0" not in k}
        doc = json.loads(files["data/catalog.json"])
        doc["photos"] = [other["entry"]]
        payload[other["entry"]["file"]] = other["data"]
        payload["data/catalog.json"] = json.dumps(doc).encode()
        write_zip(out, bag_files(payload))
    elif kind == "tombstone":
        write_tar(out, bag_files(collection(tombstones=[argv[3]])))
    elif kind == "dirty":
        with open(argv[3], "rb") as f:
            data = f.read()
        extra = [photo("P10-01", "cornwall-farm", None, "report", "none",
                       {"title": "GPS inside", "story": "x"}, 0, data=data)]
        write_zip(out, bag_files(collection(extra=extra)))
    elif kind == "zipslip":
        def slip(z):
            z.writestr("%s/../../evil.txt" % TOP, b"pwned")
        write_zip(out, bag_files(collection()), slip)
    elif kind == "symlink":
        def link(t):
            info = tarfile.TarInfo("%s/data/photos/link.jpg" % TOP)
            info.type = tarfile.SYMTYPE
            info.linkname = "/etc/passwd"
            t.addfile(info)
        write_tar(out, bag_files(collection()), link)
    elif kind == "bad":
        write_zip(out, bag_files(bad(argv[3])))
    elif kind == "big":
        write_zip(out, bag_files(big(int(argv[3]))))
    elif kind == "limit":
        write_zip(out, bag_files(limit(argv[3])), compression=zipfile.ZIP_DEFLATED)
    elif kind == "liar":
        write_zip(out, bag_files(collection(), lie=True))
    elif kind == "truncated":
        buf = io.BytesIO()
        write_zip(buf, bag_files(collection()))
        data = buf.getvalue()
        with open(out, "wb") as f:
            f.write(data[: len(data) * 2 // 3])
    elif kind == "many":
        def many(z):
            for i in range(100000):
                z.writestr("%s/data/empty/%06d" % (TOP, i), b"")
        write_zip(out, bag_files(collection()), many)
    elif kind == "hugetar":
        # A header that declares 1 TB, followed by a little data: nothing of the sort
        # must be believed, allocated or written.
        files = bag_files(collection())
        buf = io.BytesIO()
        t = tarfile.open(fileobj=buf, mode="w")
        for name in sorted(files):
            info = tarfile.TarInfo("%s/%s" % (TOP, name))
            info.size = len(files[name])
            t.addfile(info, io.BytesIO(files[name]))
        info = tarfile.TarInfo("%s/data/huge.bin" % TOP)
        info.size = 1 << 40
        with open(out, "wb") as f:
            f.write(buf.getvalue() + info.tobuf(tarfile.PAX_FORMAT) + b"\0" * 4096)
    elif kind == "hugezip":
        # A zip whose central directory declares 4 GB for a small entry.
        buf = io.BytesIO()
        write_zip(buf, bag_files(collection()),
                  lambda z: z.writestr("%s/data/huge.bin" % TOP, b"x" * 100))
        data = bytearray(buf.getvalue())
        name = ("%s/data/huge.bin" % TOP).encode()
        pos = 0
        while True:
            pos = data.find(b"PK\x01\x02", pos)
            if pos < 0:
                break
            nlen = struct.unpack_from("<H", data, pos + 28)[0]
            if bytes(data[pos + 46: pos + 46 + nlen]) == name:
                struct.pack_into("<I", data, pos + 24, 0xFFFFFFF0)
            pos += 4
        pos = 0
        while True:
            pos = data.find(b"PK\x03\x04", pos)
            if pos < 0:
                break
            nlen = struct.unpack_from("<H", data, pos + 26)[0]
            if bytes(data[pos + 30: pos + 30 + nlen]) == name:
                struct.pack_into("<I", data, pos + 22, 0xFFFFFFF0)
            pos += 4
        with open(out, "wb") as f:
            f.write(bytes(data))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
