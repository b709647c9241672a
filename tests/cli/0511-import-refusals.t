#!/bin/sh
# vox import checks the whole bag before it writes anything: one bad value anywhere, even
# in the last photo, refuses the bag with nothing written, and the message names the bag
# and the entry. Text that ingest refuses (a NUL, bytes that are not UTF-8, control
# characters, C1 ones too) is refused here too, never cut short; a name declared twice, or
# two photos with the same bytes, refuse the bag before anything is written.
. tests/cli/lib.sh
plan 46
B="python3 tests/cli/bagmake.py"
C1="$T/coll"
export C1 T B

cat >"$T/snap" <<'EOF'
#!/bin/sh
{ sqlite3 "$1/vox.db" .dump | grep -v "^INSERT INTO event"; (cd "$1" && find store | sort); } >"$2"
EOF
chmod +x "$T/snap"

vox init -q "$C1"
# Something here already, so that "as before" is not "empty".
$B clash "$T/clash.zip"
vox import -q -C "$C1" "$T/clash.zip" >/dev/null
"$T/snap" "$C1" "$T/before"

# bad FIELD ENTRY: a bag with one bad value, refused with the bag and ENTRY named.
bad() {
	$B bad "$T/$1.zip" "$1"
	check "a bag whose $1 is bad is refused (exit 1), naming the bag and $2" "
		vox import -C \"\$C1\" \"\$T/$1.zip\" >/dev/null 2>\"\$T/$1.err\"; [ \$? -eq 1 ] &&
		grep -F \"'\$T/$1.zip': 'data/catalog.json': $2\" \"\$T/$1.err\""
	check "  and nothing of it was written" '"$T/snap" "$C1" "$T/after" && cmp "$T/before" "$T/after"'
}
bad lang "photos[4] (P09-01): 'x y': not a language tag"
bad trlang "photos[4] (P09-01): 'x y': not a language tag"
bad prompt "photos[4] (P09-01): 'no-such-prompt': no such prompt"
bad sessiondate "sessions[1]: '2026-02-30' is not a date"
bad slug "themes[2]: '-bad' is not a usable name"
bad tombdate "tombstones[0]: 'yesterday' is not a date"
bad nul "photos[4] (P09-01): 'title' holds a NUL character"
bad answer "photos[4] (P09-01): 'prompts' holds a NUL character"
bad control "photos[4] (P09-01): title: holds a control character (U+001B)"
bad surrogate "photos[4] (P09-01): story: not valid UTF-8"
bad c1 "photos[4] (P09-01): title: holds a control character (U+009B)"
bad c1name "sites[1]: name: holds a control character (U+0085)"
bad c1question "prompts: question: holds a control character (U+0090)"
bad duppair "pairs[1]: 'cornwall' declared twice (also pairs[0])"
bad dupsite "sites[2]: 'truro-foodbank' declared twice (also sites[1])"
bad duptheme "themes[2]: 'food-and-growing' declared twice (also themes[1])"
bad dupsession "sessions[2]: '2026-06-02-farm' declared twice (also sessions[1])"
bad dupparticipant "participants[3]: 'P09' declared twice (also participants[2])"
bad duptomb "tombstones[1]: 'abababababababababababababababababababababababababababababababab' declared twice (also tombstones[0])"
bad dupbytes "photos[5] (P09-02) has the same bytes as photos[4] (P09-01)"

check "a dry run (-n) refuses the same bag the same way" \
	'vox import -n -C "$C1" "$T/lang.zip" >/dev/null 2>"$T/n.err"; [ $? -eq 1 ] && grep -q "photos\[4\] (P09-01)" "$T/n.err"'
check "a dry run refuses a name declared twice, as the import does" \
	'vox import -n -C "$C1" "$T/duppair.zip" >/dev/null 2>"$T/n.err"; [ $? -eq 1 ] && grep -q "pairs\[1\]" "$T/n.err"'
check "the good bag still imports whole afterwards" \
	'$B good "$T/good.zip" && vox import -C "$C1" "$T/good.zip" | grep -q "5 added" && [ "$(vox ls -C "$C1" | wc -l)" -eq 6 ]'
# One text rule for ingest and import: the catalog's.
mkdir -p "$T/in"
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$T/in/a.jpg"
printf 'Title: Y fferm\033[2J\n\nA story.\n' >"$T/in/a.txt"
check "ingest refuses the control character import refuses" \
	'! vox ingest -q -C "$C1" -p P30 "$T/in" 2>"$T/i.err" && grep -q "control character" "$T/i.err" && ! vox ls -C "$C1" | grep -q P30'
printf 'Title: Y fferm \302\2332J\n\nA story.\n' >"$T/in/a.txt"
check "and a C1 control character (U+009B) in a sidecar, as import does" \
	'! vox ingest -q -C "$C1" -p P30 "$T/in" 2>"$T/i.err" && grep -q "control character (U+009B)" "$T/i.err" && ! vox ls -C "$C1" | grep -q P30'
rm "$T/in/a.txt"
printf 'file,story\na.jpg,Carrots \302\205and beans\n' >"$T/in/s.csv"
check "and in a sheet of captions" \
	'! vox ingest -q -C "$C1" -p P30 --manifest "$T/in/s.csv" "$T/in" 2>"$T/i.err" && grep -q "control character (U+0085)" "$T/i.err" && ! vox ls -C "$C1" | grep -q P30'
done_testing
