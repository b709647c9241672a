#!/bin/sh
# vox todo: what still needs doing before the next output, under a heading for each
# participant and session, each line with the command that fixes it; stale outputs last;
# --json for scripts. vox ls --consent lists the recorded level, beside --audience.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 24
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
# P07-01 lacks everything; P07-02 lacks nothing; P08-01 (a session) lacks only a theme and
# consent of people; P08-02 is withdrawn.
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" consent=group people=none theme=community \
	title="Ŵyn" alt="Two lambs" >/dev/null
catalog-add "$T/c" P08 cornwall-farm "$T/p3.jpg" session=2026-05-12-farm consent=report \
	title="Boots" alt="Muddy boots" >/dev/null
catalog-add "$T/c" P08 cornwall-farm "$T/p4.jpg" session=2026-05-12-farm consent=group \
	people=none >/dev/null
vox gallery -q --audience group -o "$T/g" 2>/dev/null
vox withdraw -q -y P08-02 >/dev/null 2>&1

vox todo >"$T/todo.out" 2>"$T/todo.err"
echo $? >"$T/todo.rc"
check "vox todo exits 0" "[ \$(cat '$T/todo.rc') -eq 0 ]"
check "a heading for each participant and session" \
	"grep -qx 'P07, no session' '$T/todo.out' && grep -qx 'P08, session 2026-05-12-farm' '$T/todo.out'"
check "P07-01: still private, people unknown, no alt text, no title or story, no theme" \
	"[ \$(grep -c '^  P07-01  ' '$T/todo.out') -eq 5 ] && grep -q '^  P07-01  still private  ' '$T/todo.out' && grep -q '^  P07-01  people unknown  ' '$T/todo.out' && grep -q '^  P07-01  no alt text  ' '$T/todo.out' && grep -q '^  P07-01  no title or story  ' '$T/todo.out' && grep -q '^  P07-01  no theme  ' '$T/todo.out'"
check "a photo with nothing missing is not listed" "! grep -q P07-02 '$T/todo.out'"
check "P08-01: people unknown and no theme only" \
	"[ \$(grep -c '^  P08-01  ' '$T/todo.out') -eq 2 ] && grep -q '^  P08-01  people unknown' '$T/todo.out' && grep -q '^  P08-01  no theme' '$T/todo.out'"
check "a withdrawn photo is never listed (only named in the stale output's reason)" "! grep -q '^  P08-02' '$T/todo.out' && [ \$(grep -c P08-02 '$T/todo.out') -eq 1 ]"
check "the gallery holding the withdrawn photo is listed as stale, with vox outputs --rebuild" \
	"grep -qx 'Outputs' '$T/todo.out' && grep -q \"^  gallery $T/g  stale: P08-02 withdrawn  vox outputs --rebuild\$\" '$T/todo.out'"
check "each line names the command that fixes it" \
	"grep -q '^  P07-01  still private  *vox consent --audience LEVEL P07-01  # LEVEL: group, report or public' '$T/todo.out' && grep -q '^  P07-01  people unknown  *vox consent --people VALUE P07-01  #' '$T/todo.out' && grep -q '^  P07-01  no alt text  *vox caption --edit P07-01  # an Alt: line' '$T/todo.out' && grep -q '^  P07-01  no title or story  *vox caption --edit P07-01\$' '$T/todo.out' && grep -q '^  P07-01  no theme  *vox tag +THEME P07-01  #' '$T/todo.out'"
cat >"$T/cols.py" <<'PY'
import sys
lines = [l for l in open(sys.argv[1], encoding='utf-8').read().splitlines()
         if l.startswith('  P0')]
assert len(lines) == 7, lines
assert len({l.index('vox ') for l in lines}) == 1, lines
assert len({l.index(l.split()[1]) for l in lines}) == 1, lines
PY
check "what is missing and the commands line up in columns" "python3 '$T/cols.py' '$T/todo.out'"
check "a closing count on standard error" \
	"grep -qx 'vox todo: 8 things to do: 2 photos, 1 stale output' '$T/todo.err'"
check "-q leaves out the count" "vox todo -q 2>'$T/q.err' >/dev/null && [ ! -s '$T/q.err' ]"

status "a fix pasted with its placeholder is refused" 2 vox consent --audience LEVEL P07-01
check "and changes nothing" "vox show P07-01 | grep -q '^consent *private'"
status "so is a theme placeholder" 2 vox tag +THEME P07-01
sed -n 's/^  P07-01  no theme  *\(vox tag\) +THEME \(P07-01\)  #.*/\1 +community \2/p' "$T/todo.out" >"$T/fix.sh"
check "the fix, with the placeholder replaced, clears that line" \
	"[ -s '$T/fix.sh' ] && sh '$T/fix.sh' 2>/dev/null && ! vox todo 2>/dev/null | grep -q 'P07-01  no theme'"

vox todo --json >"$T/todo.json"
cat >"$T/todojson.py" <<'PY'
import json, sys
items = [json.loads(l) for l in open(sys.argv[1])]
kinds = {(i.get('ref') or i.get('output'), i['kind']) for i in items}
t = sys.argv[2]
assert kinds == {('P07-01', 'private'), ('P07-01', 'people'), ('P07-01', 'alt'),
                 ('P07-01', 'caption'), ('P08-01', 'people'), ('P08-01', 'theme'),
                 ('gallery %s/g' % t, 'stale')}, kinds
p = [i for i in items if i.get('ref') == 'P08-01'][0]
assert p['participant'] == 'P08' and p['session'] == '2026-05-12-farm' and len(p['id']) == 64
assert all(i['fix'].startswith('vox ') for i in items)
PY
check "--json: one object a thing, with kind, participant, session, ref, id, what and fix" \
	"python3 '$T/todojson.py' '$T/todo.json' '$T'"
check "--participant lists only that participant, and no outputs" \
	"vox todo --participant P08 2>/dev/null | grep -q P08-01 && ! vox todo --participant P08 2>/dev/null | grep -q 'P07\|Outputs'"
status "an unknown participant is a usage error" 2 vox todo --participant P99
check "and suggests the nearest" \
	"vox todo --participant P09 2>&1 | grep -q \"'P09': no such participant (did you mean 'P0[78]'?)\""

# vox ls --consent: the level recorded, beside --audience (what may be shown).
check "ls --consent report lists P08-01, recorded report with people unknown" \
	"[ \"\$(vox ls --consent report -l | tail -n +2 | cut -c1-6)\" = 'P08-01' ]"
check "which --audience report does not list" "[ -z \"\$(vox ls --audience report)\" ]"
check "ls --consent private lists only P07-01" \
	"[ \"\$(vox ls --consent private | wc -l)\" -eq 1 ] && vox ls --consent private -l | grep -q P07-01"
status "ls --consent withdrawn is refused: withdrawn photos are never listed" 2 vox ls --consent withdrawn

# Everything done: nothing left.
vox consent -q --audience group --people none P07-01 P08-01
vox caption -q --title "Gate" --alt "A gate" P07-01
vox tag -q +community P08-01
vox outputs -q --rebuild >/dev/null
vox todo >"$T/done.out" 2>"$T/done.err"
check "when all is done, it says there is nothing to do" \
	"[ ! -s '$T/done.out' ] && grep -qx 'vox todo: nothing to do before the next output' '$T/done.err'"
done_testing
