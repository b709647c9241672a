#!/bin/sh
# Anyone's words printed to a terminal by every tool, not only ls and show: names of pairs,
# sites and themes, prompt questions, file names vox check finds in store/ and cache/,
# output paths (vox outputs, --stale, -n --rebuild, vox check), file names and metadata
# vox audit reports, and --json listings. ESC, a C1 control (U+009B, which a terminal may
# take as ESC [), the bidi override U+202E and isolate U+2066, and a byte that is not UTF-8
# (0x9B) never reach the terminal raw: they are shown as visible escapes. A pipe gets the
# exact text. Then the exit status and the messages of what is left out or not recorded.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 20
outputs_collection || echo "Bail out! cannot make the collection"
catalog-add "$C" P02 cornwall-farm "$T/p3.jpg" title="STORYTITLE_C" alt="A gate" \
	consent=group >/dev/null

esc=$(printf '\033')
csi=$(printf '\302\233')
rlo=$(printf '\342\200\256')
lri=$(printf '\342\201\246')
raw=$(printf '\233')
# The catalog refuses ESC and bytes that are not UTF-8 in what it stores; file names and
# output paths can hold anything.
text="n${csi}2J${rlo}rev${lri}iso"
text_shown='n\u009b2J\u202erev\u2066iso'
name="f${esc}[2J${csi}${rlo}${lri}${raw}x"
name_shown='f\x1b[2J\u009b\u202e\u2066\x9bx'
export text text_shown name name_shown

# clean FILE: whether what a terminal showed holds no C0 control but tab and newline, no
# DEL, no C1 control, no bidi embedding, override or isolate and no byte that is not UTF-8
# (Python decides, not our own escaping code).
cat >"$T/clean.py" <<'PY'
import sys
text = open(sys.argv[1], 'rb').read().decode('utf-8', 'surrogateescape')
bad = [c for c in text if (ord(c) < 0x20 and c not in '\t\n') or 0x7f <= ord(c) <= 0x9f or
       0x202a <= ord(c) <= 0x202e or 0x2066 <= ord(c) <= 0x2069 or 0xdc80 <= ord(c) <= 0xdcff]
if bad or not text:
    print('raw on the terminal:', [hex(ord(c)) for c in bad[:10]], repr(text[:300]))
    sys.exit(1)
PY
# tty FILE CMD...: what a terminal showed while CMD ran (on_tty, lib.sh), into FILE.
tty() {
	_f=$1; shift
	on_tty '' "$@" >"$_f" || :
}

# The catalog refuses C1 controls in what it stores now; one written before holds them, as
# these names and questions do (put there with sqlite3).
vox pair -q add twins --name "P"
vox site -q add farm --pair twins --setting rural --name "S"
vox theme -q add odd --name "T"
vox prompts -q set see "Q"
sqlite3 "$C/vox.db" "UPDATE pair SET name = 'P$text' WHERE slug = 'twins';
	UPDATE site SET name = 'S$text' WHERE slug = 'farm';
	UPDATE theme SET name = 'T$text' WHERE slug = 'odd';
	UPDATE prompt SET question = 'Q$text' WHERE key = 'see'"
tty "$T/named" sh -c 'vox pair ls; vox site ls; vox theme ls'
check "pair, site and theme ls show a name's C1 control, RLO and LRI escaped" \
	"grep -qF 'P$text_shown' '$T/named' && grep -qF 'S$text_shown' '$T/named' &&
	grep -qF 'T$text_shown' '$T/named' && python3 '$T/clean.py' '$T/named'"
check "into a pipe the names are exact" \
	"vox pair ls | grep -qF 'P$text' && vox theme ls | grep -qF 'T$text'"
tty "$T/prompts" vox prompts
check "vox prompts shows a question escaped" \
	"grep -qF 'Q$text_shown' '$T/prompts' && python3 '$T/clean.py' '$T/prompts'"
check "into a pipe the question is exact" "vox prompts | grep -qF 'Q$text'"

# JSON escapes the same characters as \uXXXX always, losslessly.
sqlite3 "$C/vox.db" "UPDATE caption SET title = 'J$text'
	WHERE photo_id = (SELECT id FROM photo WHERE ref = 'P07-01')"
tty "$T/json" sh -c 'vox show --json P07-01; vox ls --json; vox theme ls --json;
	vox site ls --json; vox prompts --json'
check "show, ls, theme, site and prompts --json write them as \\u escapes on a terminal" \
	"[ \$(grep -cF '$text_shown' '$T/json') -eq 5 ] && python3 '$T/clean.py' '$T/json'"
check "and into a pipe too, JSON that reads back as the exact title" \
	"vox show --json P07-01 >'$T/show.json' && python3 '$T/clean.py' '$T/show.json' &&
	python3 -c 'import json, os, sys; d = json.load(open(sys.argv[1]));
d = d[0] if isinstance(d, list) else d; sys.exit(d[\"title\"] != \"J\" + os.environ[\"text\"])' \
	'$T/show.json'"
tty "$T/form" vox caption P07-01
check "vox caption shows the caption's form escaped" \
	"grep -qF 'J$text_shown' '$T/form' && python3 '$T/clean.py' '$T/form'"

# File names dropped into the store and the cache.
touch "$C/store/s$name.jpg" "$C/cache/c$name"
tty "$T/check" vox check
check "vox check shows file names in store/ and cache/ escaped" \
	"grep -qF 'store/s$name_shown.jpg: ' '$T/check' && grep -qF 'cache/c$name_shown: ' '$T/check' &&
	python3 '$T/clean.py' '$T/check'"
rm -f "$C/store/s$name.jpg" "$C/cache/c$name"

# An output path of anyone's making.
vox gallery -q -o "$O/g$name" --audience group 2>/dev/null
vox withdraw -qy P02-01 >/dev/null 2>&1
tty "$T/outputs" sh -c 'vox outputs; vox outputs --stale; vox outputs -n --rebuild'
check "vox outputs, --stale and -n --rebuild show an output's path escaped" \
	"[ \$(grep -cF '$O/g$name_shown' '$T/outputs') -eq 3 ] && python3 '$T/clean.py' '$T/outputs'"
check "into a pipe the path is exact" "vox outputs | grep -aqF '$O/g$name'"
vox gallery -q -o "$C/g$name" --audience group 2>/dev/null
vox withdraw -qy P07-02 >/dev/null 2>&1
tty "$T/check-out" vox check
check "vox check's stale output line shows the path escaped" \
	"grep -qF 'g$name_shown: stale gallery' '$T/check-out' && python3 '$T/clean.py' '$T/check-out'"
tty "$T/rebuild" vox outputs -q --rebuild
check "vox outputs --rebuild shows the paths it rebuilt escaped" \
	"[ \$(grep -cF 'rebuilt gallery $O/g$name_shown' '$T/rebuild') -eq 1 ] &&
	python3 '$T/clean.py' '$T/rebuild'"
rm -rf "$C/g$name"

# vox audit: a file name and a metadata value.
mkdir -p "$T/au"
cp "$VOX_CORPUS/jpg/Canon_40D.jpg" "$T/au/a$name.jpg"
printf 'x' >"$T/au/b$name.txt"
tty "$T/audit" vox audit -q -v "$T/au"
check "vox audit shows a file name escaped, ESC as ?, in findings and skipped lines" \
	"grep -qF 'af?[2J\\u009b\\u202e\\u2066\\x9bx.jpg	location	' '$T/audit' &&
	grep -qF 'bf?[2J\\u009b\\u202e\\u2066\\x9bx.txt	skipped	' '$T/audit' &&
	python3 '$T/clean.py' '$T/audit'"
check "into a pipe the name is exact but for ESC" \
	"vox audit -q '$T/au' | grep -aqF 'af?[2J${csi}${rlo}${lri}${raw}x.jpg	location'"
tty "$T/audit-json" vox audit -q -v --json "$T/au"
check "vox audit --json on a terminal: nothing raw, the C1 and bidi characters as \\u escapes" \
	"grep -qF '[2J\\u009b\\u202e\\u2066' '$T/audit-json' && python3 '$T/clean.py' '$T/audit-json'"

nl='
'
tty "$T/forged" vox show "P99${nl}vox show: P07-01 withdrawn"
check "a newline in what a message quotes cannot start a message of its own" \
	"grep -qF \"'P99\\x0avox show: P07-01 withdrawn'\" '$T/forged' &&
	[ \$(grep -c 'vox show' '$T/forged') -eq 1 ]"
tty "$T/typed" vox "x${csi}y"
check "a name typed for a tool is shown escaped" \
	"grep -qF \"vox: 'x\\u009by': not a vox tool\" '$T/typed' && python3 '$T/clean.py' '$T/typed'"

# A photo whose stored file is gone is left out of a rebuild: exit 1, as gallery says it.
vox gallery -q -o "$O/g2" --audience report 2>/dev/null
vox caption -q P07-01 --title "Changed" 2>/dev/null
rm -f "$(vox show --json P07-01 | python3 -c 'import json, sys; print(json.load(sys.stdin)["path"])')"
vox outputs -q --rebuild >/dev/null 2>"$T/left.err"
echo $? >"$T/left.rc"
check "vox outputs --rebuild exits 1 when it left a photo out, and names it" \
	"[ \$(cat '$T/left.rc') -eq 1 ] && grep -q \"^vox outputs: 'P07-01': left out: \" '$T/left.err'"

# A read-only collection (run as an unprivileged user, since root ignores permissions):
# under -q, the one line saying an output could not be recorded keeps its path.
if [ "$(id -u)" -eq 0 ]; then
	R="setpriv --reuid=nobody --regid=nogroup --clear-groups"
else
	R=
fi
chmod -R a-w "$C"
chmod a+rx "$T"
mkdir -m 1777 "$T/ro" "$T/ro/tmp"
trap 'chmod -R u+w "$C"; rm -rf "$T"' EXIT
export TMPDIR="$T/ro/tmp"
$R vox gallery -q -o "$T/ro/g" --audience group >/dev/null 2>"$T/ro-g.err"
check "gallery -q on a read-only collection names the output not recorded" \
	"grep -qx \"vox gallery: '$T/ro/g': not recorded, the collection cannot be written: .*\" '$T/ro-g.err' &&
	! grep -q 'photo: not recorded' '$T/ro-g.err'"
$R vox archive -q -a group -o "$T/ro/a.zip" >/dev/null 2>"$T/ro-a.err"
check "archive -q too" \
	"grep -qx \"vox archive: '$T/ro/a.zip': not recorded, the collection cannot be written: .*\" '$T/ro-a.err' &&
	! grep -q 'photo: not recorded' '$T/ro-a.err'"
done_testing
