#!/bin/sh
# vox archive: what a data service asks for beside the photos. The anonymisation log says,
# per photo, what kinds of identifying data ingest removed (counted, never the values),
# the HEIC conversion and the redactions; the consent record says each photo's consent and
# when it was given and changed. exiftool, an independent reader, says what the originals
# carried; Python's csv reads the files.
. tests/cli/lib.sh
plan 12
export SOURCE_DATE_EPOCH=1780000000
C1="$T/c"
vox init -q --title "Deposit test" "$C1"
vox pair -q -C "$C1" add cornwall
vox site -q -C "$C1" add truro-foodbank --pair cornwall --setting urban
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$T/gps.jpg"
cp "$VOX_CORPUS/heic/IMG_5195.HEIC" "$T/phone.heic"
vox scrub -q -o "$T/clean.jpg" "$VOX_CORPUS/jpg/Canon_40D.jpg"
for f in gps.jpg phone.heic clean.jpg; do
	vox ingest -q -C "$C1" -p P01 -s truro-foodbank --consent report --people none "$T/$f" \
	    >/dev/null 2>&1 || echo "# ingest of $f failed"
done
vox ingest -q -C "$C1" -p P02 -s truro-foodbank --consent group "$VOX_CORPUS/jpg/Nikon_D70.jpg" >/dev/null
vox redact -q -C "$C1" P01-01 --box 0,0,20,20 --box 30,30,10,10 >/dev/null 2>&1
vox consent -q -C "$C1" --audience public P01-03 >/dev/null
vox archive -q -C "$C1" -a report -o "$T/report.zip"
export C1 T

cat >"$T/log" <<'SH'
#!/bin/sh
# log FILE PYTHON: runs PYTHON with rows, the bag's data/FILE read by Python's csv by ref
python3 -c "
import csv, io, sys, zipfile
z = zipfile.ZipFile('$T/report.zip')
raw = z.read('report/data/$1')
assert raw[:3] == b'\xef\xbb\xbf' and raw.endswith(b'\r\n')
rows = {r['ref']: r for r in csv.DictReader(io.StringIO(raw.decode('utf-8-sig'), newline=''))}
$2"
SH
chmod +x "$T/log"
cat >"$T/has" <<'SH'
#!/bin/sh
# has FILE GROUP-PATTERN: whether exiftool finds tags of that kind in FILE
exiftool -a -s -G1 "$1" | grep -Eq "$2"
SH
chmod +x "$T/has"

ok "the independent bag checker accepts the bag" python3 tests/cli/bagcheck.py "$T/report.zip"
ok "vox archive --verify accepts it" vox archive --verify "$T/report.zip"
check "the anonymisation log holds the report's photos only" \
	'$T/log anonymisation-log.csv "assert set(rows) == {\"P01-01\", \"P01-02\", \"P01-03\"}, rows"'
check "exiftool sees GPS, a device and dates in the camera original; the log counts each" \
	'$T/has $T/gps.jpg "^\[GPS\]" && $T/has $T/gps.jpg "Model|Serial|MakerNote" && $T/has $T/gps.jpg DateTimeOriginal &&
	 $T/log anonymisation-log.csv "r = rows[\"P01-01\"]; assert r[\"scrub_recorded\"] == \"yes\" and int(r[\"location\"]) > 0 and int(r[\"device_ids\"]) > 0 and int(r[\"dates\"]) > 0, r"'
check "a photo scrubbed before ingest had nothing left to remove: every count 0" \
	'! $T/has $T/clean.jpg "^\[(GPS|IFD0|ExifIFD)\]" &&
	 $T/log anonymisation-log.csv "r = rows[\"P01-03\"]; assert all(r[k] == \"0\" for k in (\"location\", \"device_ids\", \"people_and_owners\", \"dates\", \"thumbnails_and_previews\", \"edit_history\", \"comments\", \"trailing_data\")), r"'
check "the HEIC photo is logged as converted to JPEG, the others not" \
	'$T/log anonymisation-log.csv "assert rows[\"P01-02\"][\"conversion\"] == \"HEIC to JPEG\" and rows[\"P01-01\"][\"conversion\"] == \"\", rows"'
check "the redaction is logged: one redaction of two boxes, with its date" \
	'$T/log anonymisation-log.csv "import re; r = rows[\"P01-01\"]; assert r[\"redactions\"] == \"1\" and r[\"redaction_boxes\"] == \"2\" and re.fullmatch(r\"\d{4}-\d\d-\d\d\", r[\"redaction_dates\"]), r"'
bsdtar -xOf "$T/report.zip" report/data/anonymisation-log.csv report/data/consent.csv >"$T/records"
check "no value of the originals is in the records: GPS, the camera model, the file names" \
	"exiftool -s -s -s -Model '$T/gps.jpg' | grep -q . && grep -q COOLPIX '$T/gps.jpg' &&
	 grep -q P01-01 '$T/records' && ! grep -Eqi 'COOLPIX|NIKON|DSCN|gps\.jpg|phone\.heic|IMG_5195' '$T/records'"
check "the consent record: audience, people and flags now, for each photo" \
	'$T/log consent.csv "assert set(rows) == {\"P01-01\", \"P01-02\", \"P01-03\"}; r = rows[\"P01-03\"]; assert (r[\"audience\"], r[\"people\"], r[\"sensitive\"], r[\"minor\"], r[\"consent_by\"]) == (\"public\", \"none\", \"no\", \"no\", \"participant\"), r"'
check "it dates consent given and last changed from the catalog's events" \
	'd=$(sqlite3 "$C1/vox.db" "select substr(max(time),1,10) from event where tool = '"'consent'"' and ref = '"'P01-03'"'") &&
	 a=$(sqlite3 "$C1/vox.db" "select substr(added,1,10) from photo where ref = '"'P01-02'"'") && [ -n "$d" ] && [ -n "$a" ] &&
	 $T/log consent.csv "r = rows[\"P01-03\"]; assert r[\"consent_last_changed\"] == \"$d\" and r[\"consent_changes\"] == \"1\", r; r = rows[\"P01-02\"]; assert r[\"consent_given\"] == r[\"consent_last_changed\"] == \"$a\" and r[\"consent_changes\"] == \"0\", r"'
check "the README lists both records" \
	"bsdtar -xOf '$T/report.zip' report/data/README.txt | grep -q anonymisation-log.csv && bsdtar -xOf '$T/report.zip' report/data/README.txt | grep -q consent.csv"
check "the bag stays byte-identical when written again" \
	"mkdir '$T/again' && vox archive -q -C '$C1' -a report -o '$T/again/report.zip' && cmp '$T/report.zip' '$T/again/report.zip'"
done_testing
