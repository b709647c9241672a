#!/bin/sh
# vox import: verify first, merge idempotently, keep or renumber refs, let tombstones win,
# and refuse hostile bags with nothing written.
. tests/cli/lib.sh
plan 34
B="python3 tests/cli/bagmake.py"
C="python3 tests/cli/bagcheck.py"
export SOURCE_DATE_EPOCH=1780000000
C1="$T/coll"
export C1 T B C

# snap COLL FILE: the state of a collection: every catalog row and every stored file.
cat >"$T/snap" <<'EOF'
#!/bin/sh
{ sqlite3 "$1/vox.db" .dump; (cd "$1" && find store -type f | sort); } >"$2"
EOF
# refs COLL: the refs of its photos, sorted, on one line.
cat >"$T/refs" <<'EOF'
#!/bin/sh
vox ls -l -C "$1" | awk 'NR > 1 { print $1 }' | sort | tr '\n' ' '
EOF
chmod +x "$T/snap" "$T/refs"
snap() { "$T/snap" "$@"; }

vox init -q --title "Cornwall photovoice" "$C1"
$B good "$T/good.zip"
ok "vox import -h prints usage" vox import -h
status "no bag is a usage error" 2 vox import -C "$C1"
snap "$C1" "$T/empty.snap"
ok "a dry run (-n) checks the bag" vox import -n -C "$C1" "$T/good.zip"
check "the dry run says what it would do and changes nothing" \
	'vox import -n -C "$C1" "$T/good.zip" | grep -q "would be: 5 added" && "$T/snap" "$C1" "$T/s" && cmp -s "$T/empty.snap" "$T/s"'
ok "imports a good bag" vox import -C "$C1" "$T/good.zip"
check "every photo is there with its ref" \
	'[ "$("$T/refs" "$C1")" = "P07-01 P07-02 P08-01 P08-02 P09-01 " ]'
check "captions, consent and sessions came along" \
	'vox show -C "$C1" P09-01 | grep -q "Roedd y fferm" && vox ls -l -C "$C1" --audience report | grep -q P07-01 && vox session -C "$C1" ls | grep -q 2026-06-02'
snap "$C1" "$T/one.snap"
ok "importing the same bag again succeeds" vox import -C "$C1" "$T/good.zip"
check "and changes nothing (idempotent)" \
	'vox import -C "$C1" "$T/good.zip" | grep -q "0 added, 5 already here" && "$T/snap" "$C1" "$T/s" && ! diff "$T/one.snap" "$T/s" | grep "^[<>]" | grep -v "INSERT INTO event" | grep -q .'

# Round trip: archive, import into a new collection, archive again: the same payload.
mkdir -p "$T/rt1" "$T/rt2"
vox archive -q -C "$C1" -a group -o "$T/rt1/bag.zip"
vox init -q --title "Cornwall photovoice" "$T/c2"
ok "a bag written by vox archive imports into a new collection" vox import -C "$T/c2" "$T/rt1/bag.zip"
check "archiving it again gives the same payload (manifests compared)" \
	'vox archive -q -C "$T/c2" -a group -o "$T/rt2/bag.zip" && $C --list "$T/rt1/bag.zip" >"$T/m1" && $C --list "$T/rt2/bag.zip" >"$T/m2" && [ -s "$T/m1" ] && cmp "$T/m1" "$T/m2"'
check "indeed the same bytes" 'cmp "$T/rt1/bag.zip" "$T/rt2/bag.zip"'

# A ref taken here by another photo is renumbered, with a notice.
$B clash "$T/clash.zip"
ok "a bag whose ref clashes imports" vox import -C "$C1" "$T/clash.zip"
check "the clashing photo got the next number and a notice said so" \
	'"$T/refs" "$C1" | grep -q "P07-03" && vox show -C "$C1" P07-03 | grep -q "Another first photo"'
check "the notice names both refs" \
	'$B clash "$T/clash2.zip" && vox init -q "$T/c3" && vox import -q -C "$T/c3" "$T/good.zip" >/dev/null && vox import -C "$T/c3" "$T/clash2.zip" 2>&1 | grep -q "P07-01: ref taken here; imported as P07-03"'

# Tombstones win on either side, but a bag cannot withdraw a photo here on its own word:
# any bag can name any photo's hash.
full=$(sqlite3 "$C1/vox.db" "SELECT sha256 FROM photo WHERE ref = 'P08-01'")
$B tombstone "$T/tomb.tar" "$full"
status "a bag with a tombstone for a photo here imports, exit 1: a withdrawal not applied" \
	1 vox import -C "$C1" "$T/tomb.tar"
check "the photo is kept here, with no tombstone, and a notice names it" \
	'"$T/refs" "$C1" | grep -q "P08-01" && [ "$(sqlite3 "$C1/vox.db" "SELECT count(*) FROM tombstone")" -eq 0 ] && vox import -C "$C1" "$T/tomb.tar" 2>&1 | grep -q "P08-01: .*kept here (import with --apply-withdrawals"'
check "the dry run (-n) lists the withdrawal it would hold back" \
	'vox import -n -C "$C1" "$T/tomb.tar" 2>&1 | grep -q "P08-01: .*kept here" && vox import -n -C "$C1" "$T/tomb.tar" 2>/dev/null | grep -q "1 withdrawals not applied"'
check "-n --apply-withdrawals lists it as withdrawn and changes nothing" \
	'"$T/snap" "$C1" "$T/t0" && vox import -n --apply-withdrawals -C "$C1" "$T/tomb.tar" 2>&1 | grep -q "P08-01: withdrawn in the bag.s collection; would be withdrawn here too" && "$T/snap" "$C1" "$T/t1" && cmp -s "$T/t0" "$T/t1"'
ok "--apply-withdrawals applies it" vox import --apply-withdrawals -C "$C1" "$T/tomb.tar"
check "the photo is withdrawn here too" \
	'! "$T/refs" "$C1" | grep -q "P08-01" && [ "$(sqlite3 "$C1/vox.db" "SELECT count(*) FROM tombstone WHERE sha256 = '"'$full'"'")" -eq 1 ]'
$B tombstone "$T/tomb2.tar" "$(printf 'ab%.0s' $(seq 32))"
check "a tombstone of bytes no photo here has is added without asking" \
	'vox import -C "$C1" "$T/tomb2.tar" >/dev/null && [ "$(sqlite3 "$C1/vox.db" "SELECT count(*) FROM tombstone WHERE sha256 LIKE '"'abab%'"'")" -eq 1 ]'
vox init -q "$T/c4"
vox import -q -C "$T/c4" "$T/good.zip" >/dev/null
vox withdraw -y -q -C "$T/c4" P09-01 >/dev/null 2>&1
check "a photo withdrawn here is not imported again" \
	'vox import -C "$T/c4" "$T/good.zip" | grep -q "1 not imported" && ! "$T/refs" "$T/c4" | grep -q "P09-01"'

# Hostile and broken bags: refused, with nothing written to the collection.
snap "$C1" "$T/before.snap"
$B dirty "$T/dirty.zip" "$VOX_CORPUS/jpg/gps/DSCN0010.jpg"
status "a photo with GPS metadata in it is refused" 1 vox import -C "$C1" "$T/dirty.zip"
check "the refusal names identifying metadata" \
	'vox import -C "$C1" "$T/dirty.zip" 2>&1 | grep -q "identifying metadata"'
$B liar "$T/liar.zip"
status "a manifest that lies is refused" 1 vox import -C "$C1" "$T/liar.zip"
$B zipslip "$T/slip.zip"
status "a zip-slip path is refused" 1 vox import -C "$C1" "$T/slip.zip"
check "and nothing was written outside either" '[ ! -e "$T/evil.txt" ] && [ ! -e "$C1/../evil.txt" ]'
$B symlink "$T/link.tar"
status "a symlink entry is refused" 1 vox import -C "$C1" "$T/link.tar"
$B truncated "$T/trunc.zip"
status "a truncated zip is refused" 1 vox import -C "$C1" "$T/trunc.zip"
$B hugetar "$T/huge.tar"
status "an entry declaring 1 TB is refused" 1 vox import -C "$C1" "$T/huge.tar"
$B hugezip "$T/huge.zip"
status "a zip entry declaring 4 GB is refused" 1 vox import -C "$C1" "$T/huge.zip"
$B many "$T/many.zip"
check "100,000 entries are refused with a clear message" \
	'vox import -C "$C1" "$T/many.zip" 2>&1 | grep -q "more than 50000 entries"'
check "after all the refusals the collection is exactly as before" \
	'"$T/snap" "$C1" "$T/after.snap" && diff "$T/before.snap" "$T/after.snap"'
done_testing
