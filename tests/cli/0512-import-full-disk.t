#!/bin/sh
# A disk that fills while vox import writes leaves the collection exactly as it was, at
# whatever point it fills: while the photos go into the store, or while the one
# transaction writes their rows. Run on a small tmpfs, which needs root to mount.
. tests/cli/lib.sh
plan 4
B="python3 tests/cli/bagmake.py"
M="$T/small"
export M T

mkdir "$M"
if ! mount -t tmpfs -o size=3m tmpfs "$M" 2>"$T/mount.err"; then
	why=$(head -n 1 "$T/mount.err")
	for i in 1 2 3 4; do
		echo "ok $i # SKIP cannot mount a small tmpfs to fill: ${why:-not permitted}"
	done
	exit 0
fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT

cat >"$T/snap" <<'EOF'
#!/bin/sh
{ sqlite3 "$1/vox.db" .dump | grep -v "^INSERT INTO event"; (cd "$1" && find store | sort); } >"$2"
EOF
chmod +x "$T/snap"

# Twelve photos of some 50 kB each; the collection holds the good bag already.
$B big "$T/big.zip" 12
$B good "$T/good.zip"
vox init -q "$M/c"
vox import -q -C "$M/c" "$T/good.zip" >/dev/null
"$T/snap" "$M/c" "$T/before"

# Leaves FREE kB free on the small disk, tries the import, empties the disk again. Logs
# "refused" with the error, or "imported".
try() {
	avail=$(df -k --output=avail "$M" | tail -n 1)
	if [ "$avail" -gt "$1" ]; then
		dd if=/dev/zero of="$M/fill" bs=1k count=$((avail - $1)) 2>/dev/null
	fi
	if vox import -q -C "$M/c" "$T/big.zip" >/dev/null 2>"$T/err"; then
		echo "$1 imported" >>"$T/log"
	else
		echo "$1 refused $(cat "$T/err")" >>"$T/log"
		rm -f "$M/fill"
		"$T/snap" "$M/c" "$T/after"
		if ! cmp -s "$T/before" "$T/after" ||
		    [ -n "$(find "$M/c/store/tmp" -type f)" ] || ! vox check -q -C "$M/c" >/dev/null; then
			echo "$1 CHANGED" >>"$T/log"
			diff "$T/before" "$T/after" | head -5 >>"$T/log"
		fi
	fi
	rm -f "$M/fill"
}
# Coarse steps while the photos do not fit, then page by page (4 kB) where they fit but the
# rows may not.
for free in 0 40 120 240 360 480 520 $(seq 560 4 800) 900 1000; do
	try "$free"
	grep -q "^$free imported" "$T/log" && break
done
sed 's/^/# /' "$T/log"
check "every import the full disk stopped left the collection as it was" \
	'grep -q refused "$T/log" && ! grep -q CHANGED "$T/log"'
check "the disk filled while the photos went into the store" \
	'grep -q "refused.*No space left on device" "$T/log"'
check "and while the transaction wrote the rows" \
	'grep -q "refused.*database or disk is full" "$T/log"'
check "with room enough the bag imports whole" \
	'grep -q imported "$T/log" || vox import -q -C "$M/c" "$T/big.zip" >/dev/null; [ "$(vox ls -C "$M/c" | wc -l)" -eq 17 ]'
done_testing
