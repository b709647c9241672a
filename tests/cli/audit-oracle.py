#!/usr/bin/env python3
"""Compares `vox audit --json` with exiftool, the independent reader.

usage: audit-oracle.py [--expect-clean] PATH...

Runs `exiftool -a -G0:1 -s -j -r` and `vox audit --json -q` on the same paths, maps
exiftool's groups and tags to audit's categories, and fails (exit 1, one line per problem)
when exiftool shows a category that audit does not report for a file. With --expect-clean
it also fails when either reader finds anything at all in any file.
"""
import json
import os
import re
import subprocess
import sys

LOCATION, DEVICE, PEOPLE, DATES = "location", "device ids", "people and owners", "dates"
THUMBS, HISTORY, COMMENTS, TRAILING = ("thumbnails and previews", "edit history", "comments",
                                       "trailing data")

# Groups that describe the file or the image's structure, never who, where or when.
SKIP_GROUPS = {"ExifTool", "System", "Composite", "ICC_Profile", "QuickTime", "APP14",
               "PrintIM", "InteropIFD", "ICC-header", "ICC-meas", "ICC-view", "Adobe"}

PEOPLE_TAGS = re.compile(r"^(Artist|Copyright\w*|OwnerName|CameraOwner\w*|XPAuthor|Creator|"
                         r"Rights|By-line\w*|Credit|Writer-Editor|Contact|AuthorsPosition)$")
DATE_TAGS = re.compile(r"^(DateTimeOriginal|CreateDate|ModifyDate|MetadataDate|DateCreated|"
                       r"TimeCreated|DigitalCreation\w+|OffsetTime\w*|SubSecTime\w*|"
                       r"TimeZoneOffset|DateTimeDigitized)$")
DEVICE_TAGS = re.compile(r"^(Make|Model|\w*SerialNumber|ImageUniqueID|HostComputer|LensMake|"
                         r"LensModel|UniqueCameraModel)$")
COMMENT_TAGS = re.compile(r"^(Comment|UserComment|ImageDescription|XPComment|XPTitle|"
                          r"XPSubject|XPKeywords|DocumentName|RelatedSoundFile|Description|"
                          r"Title|Caption-Abstract|ObjectName|Keywords|Headline)$")
HISTORY_TAGS = re.compile(r"^(Software|ProcessingSoftware|History\w*|CreatorTool)$")
THUMB_TAGS = re.compile(r"^(ThumbnailImage|PreviewImage|PhotoshopThumbnail)$")
LOCATION_TAGS = re.compile(r"^(GPS\w+|City|Sub-location|Province-State|Country\w*)$")


def categories(key):
    """The audit categories one exiftool key ("G0:G1:Tag" or "G0:Tag") stands for."""
    parts = key.split(":")
    if len(parts) < 2:
        return set()
    g0, tag = parts[0], parts[-1]
    g1 = parts[1] if len(parts) == 3 else g0
    if g0 in SKIP_GROUPS or g1 in SKIP_GROUPS:
        return set()
    if g0 == "File":
        if tag == "Comment":
            return {COMMENTS}
        if THUMB_TAGS.match(tag):
            return {THUMBS}
        return set()
    if g0 == "Trailer" or g1 == "Trailer":
        return {TRAILING}
    if g0 == "JFIF":
        return {THUMBS} if g1 == "JFXX" or THUMB_TAGS.match(tag) else set()
    if g0 in ("MPF", "FlashPix"):
        return {THUMBS}
    if g1 == "GPS":
        return {LOCATION}
    out = set()
    if g0 == "MakerNotes" or g0 == "Meta" or g0 == "APP12":
        out.add(DEVICE)
    if g0 in ("XMP", "IPTC", "Photoshop", "Ducky"):
        out.add(HISTORY)
    if PEOPLE_TAGS.match(tag):
        out.add(PEOPLE)
    if DATE_TAGS.match(tag) and g0 != "MakerNotes":
        out.add(DATES)
    if DEVICE_TAGS.match(tag):
        out.add(DEVICE)
    if COMMENT_TAGS.match(tag):
        out.add(COMMENTS)
    if HISTORY_TAGS.match(tag):
        out.add(HISTORY)
    if THUMB_TAGS.match(tag):
        out.add(THUMBS)
    if LOCATION_TAGS.match(tag) and g0 != "MakerNotes":
        out.add(LOCATION)
    return out


# ICC profile texts (and PNG iCCP names) of well-known standard profiles: the same rule as
# pipeline/audit/audit_icc.c, where the list is explained; "#" is one digit.
ICC_WELL_KNOWN = [
    "ICC profile", "sRGB", "sRGB IEC61966-2.1", "sRGB IEC61966-2-1 black scaled",
    "sRGB IEC61966-2-1 no black scaling", "sRGB built-in", "Display P3", "Adobe RGB (1998)",
    "Apple RGB", "ProPhoto RGB", "ROMM RGB", "Generic RGB Profile", "Generic Gray Profile",
    "Generic Gray Gamma 2.2 Profile", "Rec. ITU-R BT.709-5", "Rec. ITU-R BT.2020-1",
    "IEC http://www.iec.ch", "IEC 61966-2.1 Default RGB colour space - sRGB",
    "Reference Viewing Condition in IEC61966-2.1",
    "Copyright (c) #### Hewlett-Packard Company", "Copyright Apple Inc., ####",
    "Copyright #### Apple Inc., all rights reserved.",
    "Copyright #### Apple Computer Inc., all rights reserved.",
    "Copyright #### Adobe Systems Incorporated", "Copyright International Color Consortium, ####",
    "Google Inc. ####", "No copyright, use freely", "Public Domain",
    "icc", "ICC", "ICC Profile", "Photoshop ICC profile", "Embedded Profile",
]
ICC_WELL_KNOWN_RE = re.compile("^(%s)$" % "|".join(
    re.escape(s).replace("\\#", "[0-9]").replace("#", "[0-9]") for s in ICC_WELL_KNOWN))
ICC_TEXT = {"ProfileCopyright": PEOPLE, "ProfileDescription": COMMENTS,
            "DeviceMfgDesc": DEVICE, "DeviceModelDesc": DEVICE}


def icc_categories(rec):
    """What a file's ICC profile shows, by the rule audit follows."""
    out = set()
    texts = 0
    for key, value in rec.items():
        parts = key.split(":")
        if parts[0] == "PNG" and parts[-1] == "ProfileName" and \
                not ICC_WELL_KNOWN_RE.match(str(value)):
            out.add(COMMENTS)
        if parts[0] != "ICC_Profile" or parts[-1] not in ICC_TEXT:
            continue
        value = str(value).rstrip("\0 ")
        if not value:
            continue
        texts += 1
        if not ICC_WELL_KNOWN_RE.match(value):
            out.add(ICC_TEXT[parts[-1]])
    header = {k.split(":")[-1]: str(v) for k, v in rec.items() if ":ICC-header:" in k}
    if out or (texts == 0 and header):
        if header.get("ProfileDateTime", "0000:00:00 00:00:00") not in ("", "0000:00:00 00:00:00"):
            out.add(DATES)
        if header.get("DeviceManufacturer", "").strip() or header.get("DeviceModel", "").strip():
            out.add(DEVICE)
    return out


def exiftool(paths):
    r = subprocess.run(["exiftool", "-a", "-G0:1", "-s", "-j", "-r", "-q", "-q", "--ext", "txt",
                        "--ext", "md", "--ext", ""] + paths,
                       capture_output=True, text=True)
    if not r.stdout.strip():
        return {}
    out = {}
    for rec in json.loads(r.stdout):
        cats = set()
        for key, value in rec.items():
            # An empty tag (a blank Copyright) carries nothing that identifies.
            if isinstance(value, str) and not value.strip():
                continue
            cats |= categories(key)
        cats |= icc_categories(rec)
        warning = str(rec.get("ExifTool:Warning", ""))
        if "railer" in warning or "after JPEG EOI" in warning:
            cats.add(TRAILING)
        out[os.path.normpath(rec["SourceFile"])] = cats
    return out


def audit(paths):
    r = subprocess.run(["vox", "audit", "--json", "-q"] + paths, capture_output=True, text=True)
    if r.returncode not in (0, 1, 3):
        sys.exit("vox audit exited %d: %s" % (r.returncode, r.stderr))
    out = {}
    for line in r.stdout.splitlines():
        rec = json.loads(line)
        out[os.path.normpath(rec["path"])] = rec
    return out


def main():
    args = sys.argv[1:]
    expect_clean = False
    if args and args[0] == "--expect-clean":
        expect_clean = True
        args = args[1:]
    if not args:
        sys.exit(__doc__)
    theirs = exiftool(args)
    ours = audit(args)
    problems = 0
    compared = 0
    for path, cats in sorted(theirs.items()):
        rec = ours.get(path)
        if rec is None:
            continue  # not an image audit reads (README files and the like)
        compared += 1
        found = {f["category"] for f in rec["findings"]}
        missing = cats - found
        if missing:
            problems += 1
            print("%s: exiftool shows %s, audit reports %s" %
                  (path, sorted(missing), sorted(found)))
        if expect_clean and (cats or found or not rec["clean"]):
            problems += 1
            print("%s: expected clean; exiftool shows %s, audit reports %s" %
                  (path, sorted(cats), [f["what"] for f in rec["findings"]]))
    print("compared %d files, %d problems" % (compared, problems))
    if compared == 0:
        print("nothing compared")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
