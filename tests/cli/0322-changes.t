#!/bin/sh
# Commands that change something say what they changed, one line on standard error
# (vox init, vox consent, vox check, vox tag, vox caption, vox participant ...), and -q
# silences it. Per-photo warnings of one kind are shown at most 5 times, then counted in
# one line that says where to find the rest; -q leaves only that line.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 25
mkphotos
c=$T/c

vox init "$c" --title "Cornwall" 2>"$T/init.err"
check "vox init says where it made the collection, and its title" \
	"grep -qx \"vox init: made a new collection in '$c' titled 'Cornwall'\" '$T/init.err'"
check "vox init -q says nothing" "vox init -q '$T/c2' 2>'$T/init2.err' && [ -d '$T/c2/store' ] && [ ! -s '$T/init2.err' ]"
export VOX_COLLECTION="$c"
vox pair -q add cornwall && vox site -q add truro-foodbank --pair cornwall --setting urban
vox participant add R04 --site truro-foodbank 2>"$T/add.err"
check "vox participant add says what it added" "grep -qx \"vox participant: added participant 'R04'\" '$T/add.err'"

for i in 1 2 3 4 5 6; do
	catalog-add "$c" R04 truro-foodbank "$T/p$i.jpg" consent=report people=consented >/dev/null
done
vox consent --audience group R04-01 2>"$T/c1.err"
check "lowering R04-01 from report to group says so" "grep -qx 'vox consent: R04-01: report → group' '$T/c1.err'"
check "and the catalog holds it" "vox show R04-01 | grep -q '^consent *group'"
vox consent --audience group R04-01 2>"$T/c2.err"
check "setting what is already there says it is unchanged" \
	"grep -qx 'vox consent: R04-01: unchanged (group)' '$T/c2.err'"
vox consent --people unknown --sensitive on R04-02 2>"$T/c3.err"
check "people and flags are named too" \
	"grep -qx 'vox consent: R04-02: people consented → unknown, sensitive on' '$T/c3.err'"
check "vox consent -q says nothing" \
	"vox consent -q --audience private R04-03 2>'$T/c4.err' && [ ! -s '$T/c4.err' ] && vox show R04-03 | grep -q '^consent *private'"
vox ls | vox consent --audience report --people consented 2>"$T/c5.err"
check "six photos changed: five lines, then one line counting the rest" \
	"[ \$(grep -c '^vox consent: R04-0[1-6]: ' '$T/c5.err') -eq 5 ] && [ \$(wc -l <'$T/c5.err') -eq 6 ] && grep -qx 'vox consent: … and 1 more photos changed' '$T/c5.err'"
printf 'ref\taudience\tpeople\nR04-01\tgroup\tconsented\nR04-02\treport\tconsented\n' >"$T/sheet.tsv"
vox consent --from "$T/sheet.tsv" 2>"$T/c6.err"
check "a consent sheet says what it changed, and only that" \
	"grep -qx 'vox consent: R04-01: report → group' '$T/c6.err' && ! grep -q 'R04-02' '$T/c6.err'"

vox tag +community R04-01 2>"$T/t1.err"
check "vox tag says what it added" "grep -qx 'vox tag: R04-01: +community' '$T/t1.err'"
vox tag +community R04-01 2>"$T/t2.err"
check "and when nothing changed, says so with the themes it has" \
	"grep -qx 'vox tag: R04-01: unchanged (community)' '$T/t2.err'"
vox tag -community R04-01 2>"$T/t3.err"
check "a removal is said too" "grep -qx 'vox tag: R04-01: -community' '$T/t3.err'"
check "vox tag -q says nothing" "vox tag -q +community R04-01 2>'$T/t4.err' && [ ! -s '$T/t4.err' ]"

vox caption --title "The gate" --alt "A green gate" R04-01 2>"$T/cap.err"
check "vox caption says which fields it set" "grep -qx 'vox caption: R04-01: title, alt text set' '$T/cap.err'"

vox prompts set see "What do you see?" why "Why this photo?" 2>"$T/pr.err"
check "vox prompts set says how many questions it set" \
	"grep -qx 'vox prompts: prompts set (2 questions)' '$T/pr.err' && [ \$(vox prompts | wc -l) -eq 2 ]"
vox prompts set showed 2>"$T/pr2.err"
check "and which set it chose" "grep -qx \"vox prompts: prompts set to 'showed' (5 questions)\" '$T/pr2.err'"
vox check >"$T/check.out" 2>"$T/check.err"
check "vox check on a sound collection says it found no problem" \
	"grep -qx 'vox check: no problems found' '$T/check.err' && [ ! -s '$T/check.out' ]"
check "vox check -q says nothing" "vox check -q 2>'$T/check2.err' && [ ! -s '$T/check2.err' ]"

# A gallery of eight photos, seven without alt text.
mkdir -p "$T/more"
for f in "$VOX_CORPUS"/jpg/*.jpg; do
	[ "$(ls "$T/more" | wc -l)" -ge 8 ] && break
	vox scrub -q -o "$T/more/$(basename "$f")" "$f" 2>/dev/null || rm -f "$T/more/$(basename "$f")"
done
for f in "$T"/more/*.jpg; do catalog-add "$c" R06 truro-foodbank "$f" consent=group >/dev/null 2>&1; done
n=$(vox ls --audience group | grep -c .)
vox gallery --audience group -o "$T/g" 2>"$T/g.err"
noalt=$((n - 1))
check "a gallery shows five 'no alt text' lines at most" \
	"[ $noalt -gt 5 ] && [ \$(grep -c \"': no alt text; the gallery says\" '$T/g.err') -eq 5 ]"
check "then one line counts the rest and says where to find them" \
	"grep -qx 'vox gallery: … and $((noalt - 5)) more photos: no alt text; the gallery says it has no description yet (vox todo lists them)' '$T/g.err'"
vox gallery -q --audience group -o "$T/g" 2>"$T/gq.err"
check "with -q, only that one line is left" \
	"[ \$(wc -l <'$T/gq.err') -eq 1 ] && grep -qx 'vox gallery: $noalt photos: no alt text; the gallery says it has no description yet (vox todo lists them)' '$T/gq.err'"
check "a gallery with few photos without alt text lists them all" \
	"vox ls --audience group | cut -f1 | head -n -2 | while read id; do vox caption -q --alt 'Something' \$id; done; vox gallery --audience group -o '$T/g' 2>'$T/g2.err'; [ \$(grep -c 'no alt text' '$T/g2.err') -eq 2 ] && ! grep -q 'more photos' '$T/g2.err'"

# Ingesting 8 photos again: five 'already present' lines, then one counting the rest.
. tests/cli/ingest.sh
mkjpegs "$T/card" 8
vox ingest -q -p R07 -s truro-foodbank "$T/card" 2>/dev/null
vox ingest -p R07 -s truro-foodbank "$T/card" 2>"$T/again.err"
check "a second ingest names five photos already present, then counts the rest" \
	"[ \$(grep -c ': already present as R07-0' '$T/again.err') -eq 5 ] && grep -qx 'vox ingest: … and 3 more already present' '$T/again.err'"
check "with -q it says nothing of them" \
	"vox ingest -q -p R07 -s truro-foodbank '$T/card' 2>'$T/again2.err'; ! grep -q 'already present' '$T/again2.err'"
done_testing
