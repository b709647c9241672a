#!/usr/bin/env python3
"""An independent BagIt (RFC 8493) checker for the tests: reads a bag as a zip, a tar
(optionally gzip-compressed) or a folder with nothing but the standard library, and checks
bagit.txt, every payload and tag manifest, that every payload file is listed, and the
Payload-Oxum. Prints one line per problem; exit 0 when valid, 1 when not.

    bagcheck.py BAG            check
    bagcheck.py --list BAG     print "sha256  path" for each payload file (for comparisons)
    bagcheck.py --cat BAG PATH print one file of the bag (path relative to the top folder)
"""
import hashlib
import os
import sys
import tarfile
import zipfile


def entries(path):
    """Yields (name relative to the top folder, bytes) for every regular file."""
    if os.path.isdir(path):
        for root, dirs, files in os.walk(path):
            dirs.sort()
            for f in sorted(files):
                full = os.path.join(root, f)
                with open(full, "rb") as fh:
                    yield os.path.relpath(full, path), fh.read()
        return
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            names = [i for i in z.infolist() if not i.is_dir()]
            tops = {i.filename.split("/", 1)[0] for i in z.infolist()}
            if len(tops) != 1:
                raise ValueError("not one top-level folder: %s" % sorted(tops))
            for i in names:
                yield i.filename.split("/", 1)[1], z.read(i)
        return
    with tarfile.open(path) as t:
        members = t.getmembers()
        tops = {m.name.split("/", 1)[0] for m in members}
        if len(tops) != 1:
            raise ValueError("not one top-level folder: %s" % sorted(tops))
        for m in members:
            if m.isdir():
                continue
            if not m.isfile():
                raise ValueError("%s: not a regular file" % m.name)
            yield m.name.split("/", 1)[1], t.extractfile(m).read()


def decode(p):
    return p.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def parse_manifest(text):
    out = {}
    for line in text.splitlines():
        if not line.strip():
            continue
        digest, path = line.split(None, 1)
        out[decode(path.strip())] = digest.lower()
    return out


def check(path):
    problems = []
    files = dict(entries(path))
    bagit = files.get("bagit.txt")
    if bagit is None:
        problems.append("bagit.txt: missing")
    elif bagit != b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n":
        problems.append("bagit.txt: not the two lines RFC 8493 asks for: %r" % bagit)
    payload = {n: d for n, d in files.items() if n.startswith("data/")}
    manifests = [n for n in files if n.startswith("manifest-") and "/" not in n]
    for need in ("manifest-sha256.txt", "manifest-sha512.txt"):
        if need not in manifests:
            problems.append("%s: missing" % need)
    for m in manifests:
        alg = m[len("manifest-"):-len(".txt")]
        listed = parse_manifest(files[m].decode("utf-8"))
        for name, digest in listed.items():
            if name not in payload:
                problems.append("%s: in %s but missing" % (name, m))
            elif hashlib.new(alg, payload[name]).hexdigest() != digest:
                problems.append("%s: %s does not match" % (name, alg))
        for name in payload:
            if name not in listed:
                problems.append("%s: not in %s" % (name, m))
    tags = [n for n in files if n.startswith("tagmanifest-") and "/" not in n]
    if "tagmanifest-sha256.txt" not in tags:
        problems.append("tagmanifest-sha256.txt: missing")
    for m in tags:
        alg = m[len("tagmanifest-"):-len(".txt")]
        listed = parse_manifest(files[m].decode("utf-8"))
        for need in ["bagit.txt", "bag-info.txt"] + manifests:
            if need not in listed:
                problems.append("%s: not in %s" % (need, m))
        for name, digest in listed.items():
            if name not in files:
                problems.append("%s: in %s but missing" % (name, m))
            elif hashlib.new(alg, files[name]).hexdigest() != digest:
                problems.append("%s: %s does not match %s" % (name, alg, m))
    info = files.get("bag-info.txt", b"").decode("utf-8")
    fields = {}
    for line in info.splitlines():
        if ":" in line and not line[:1].isspace():
            k, v = line.split(":", 1)
            fields[k.strip()] = v.strip()
    for need in ("Source-Organization", "Bagging-Date", "Payload-Oxum", "Bag-Size",
                 "External-Description", "Bag-Count"):
        if need not in fields:
            problems.append("bag-info.txt: no %s" % need)
    oxum = "%d.%d" % (sum(len(d) for d in payload.values()), len(payload))
    if fields.get("Payload-Oxum") != oxum:
        problems.append("bag-info.txt: Payload-Oxum %s, payload is %s"
                        % (fields.get("Payload-Oxum"), oxum))
    return problems, files


def main(argv):
    if len(argv) >= 3 and argv[1] == "--list":
        _, files = check(argv[2])
        for n in sorted(files):
            if n.startswith("data/"):
                print("%s  %s" % (hashlib.sha256(files[n]).hexdigest(), n))
        return 0
    if len(argv) == 4 and argv[1] == "--cat":
        sys.stdout.buffer.write(dict(entries(argv[2]))[argv[3]])
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        problems, _ = check(argv[1])
    except Exception as e:  # a bag that cannot be read is invalid
        problems = ["%s: %s" % (argv[1], e)]
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
