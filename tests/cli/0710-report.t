#!/bin/sh
# vox report: the evaluator's report. Its figures equal vox stats --json for the same
# selection (read back from the page by Python's HTML parser: tests/cli/report-figures.py);
# each chart is an SVG image with a title, a description and its numbers written beside
# its bars; the stories hold only the photos consent allows, without names or file names;
# consent over time and the method note count from the catalog; the report is an output
# (marker, refusals, record, stale, rebuild).
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 32
mkphotos
mkcollection
export VOX_COLLECTION="$T/c" T
vox participant -q add P07 --site truro-foodbank --name "Zelda Realname"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" title=GROUPONLY alt=A consent=group theme=community session=2026-05-12-truro name=SECRET_SOURCE_1.jpg >/dev/null
catalog-add "$T/c" P07 truro-foodbank "$T/p2.jpg" "story=We share <soup> & bread" alt="A pot on a stove" consent=report people=none theme=community theme=food-and-growing session=2026-05-12-truro name=SECRET_SOURCE_2.jpg >/dev/null
catalog-add "$T/c" P02 cornwall-farm "$T/p3.jpg" consent=report people=unknown theme=community >/dev/null
catalog-add "$T/c" P03 cardiff-refugees "$T/p4.jpg" title=W >/dev/null
catalog-add "$T/c" P05 cornwall-farm "$T/p5.jpg" title=Gate story=STORY_GATE alt="A farm gate" consent=public people=none theme=food-and-growing session=2026-06-02-farm >/dev/null
catalog-add "$T/c" P08 truro-foodbank "$T/p6.jpg" consent=public people=consented theme=community session=2026-06-02-farm >/dev/null
vox consent -q P08-01 --sensitive yes >/dev/null 2>&1
vox consent -q P02-01 --people consented >/dev/null 2>&1
vox consent -q P02-01 --people unknown >/dev/null 2>&1
vox withdraw -qy P03-01 >/dev/null
# A photo through ingest, which records what the scrub removed (its GPS among it), then
# redacted.
cp "$VOX_CORPUS/jpg/gps/DSCN0010.jpg" "$T/gps.jpg"
vox ingest -q -p P09 -s truro-foodbank --consent report --people none "$T/gps.jpg" >/dev/null
vox redact -q P09-01 --box 0,0,20,20 >/dev/null 2>&1
cp tests/cli/report-figures.py "$T/report-figures"
chmod +x "$T/report-figures"

ok "vox report builds the report" vox report -q -o "$T/r" --audience report
ok "every number in the page and figures.json equals vox stats --json --audience report" \
	report-figures "$T/r" --audience report
vox report -q -o "$T/rs" --audience report --site truro-foodbank
ok "... and for a filtered selection, vox stats with the same filter" \
	report-figures "$T/rs" --audience report --site truro-foodbank
check "the oracle can fail: the filtered report is not the whole selection's" \
	'! report-figures "$T/rs" --audience report >/dev/null 2>&1'
check "the page is one file with its styles: no script, no link to anything outside" \
	'! grep -Eiq "<script|<link|https?://|@import|url\(" "$T/r/index.html" && grep -q "<style>" "$T/r/index.html"'
check "sites by setting: 1 urban site and 1 rural hold report photos (vox stats --by setting,site)" \
	"grep -q 'data-by=\"setting,site\" data-k0=\"urban\" data-col=\"rows\">1<' '$T/r/index.html' &&
	 grep -q 'data-by=\"setting,site\" data-k0=\"rural\" data-col=\"rows\">1<' '$T/r/index.html'"
check "theme x setting and theme x site are cross-tables with totals" \
	"grep -q 'data-by=\"theme,setting\" data-k0=\"community\" data-k1=\"urban\" data-col=\"photos\">2<' '$T/r/index.html' &&
	 grep -q 'data-by=\"theme,site\" data-k0=\"food-and-growing\" data-k1=\"cornwall-farm\" data-col=\"photos\">1<' '$T/r/index.html'"

# Charts: each an image with its name and description, its numbers on the bars, beside a table.
cat >"$T/charts.py" <<'PY'
import re, sys
from html.parser import HTMLParser
html = open(sys.argv[1], encoding="utf-8").read()
svgs = re.findall(r"<svg[^>]*>.*?</svg>", html, re.S)
assert len(svgs) >= 4, len(svgs)
for s in svgs:
    head = re.match(r"<svg([^>]*)>", s).group(1)
    assert 'role="img"' in head and "aria-labelledby" in head, head
    ids = re.search(r'aria-labelledby="([^"]*)"', head).group(1).split()
    for i in ids:
        assert re.search(r'<(title|desc) id="%s">[^<]+</' % i, s), (i, s[:200])
    bars = len(re.findall(r'class="bar"', s))
    values = re.findall(r'class="value">(\d+)<', s)
    desc = re.search(r"<desc[^>]*>([^<]*)</desc>", s).group(1)
    assert bars == len(values) > 0, s[:300]
    for v in values:
        assert (": %s." % v) in desc, (v, desc)
# every chart sits beside a table (the same block holds both)
blocks = re.findall(r'<div class="pair-of">(.*?)</table>', html, re.S)
assert len(blocks) == len(svgs) and all("<svg" in b and "<table>" in b for b in blocks)
print(len(svgs), "charts")
PY
ok "each chart: role=img, title and desc, a number on every bar, its table beside it" \
	python3 "$T/charts.py" "$T/r/index.html"

# Stories: what consent allows, as vox ls selects it, and nothing private.
vox ls --audience report --json | python3 -c 'import json,sys; [print(json.loads(l)["ref"]) for l in sys.stdin]' | sort >"$T/allowed"
grep -o 'class="ref">[^<]*<' "$T/r/index.html" | sed 's/.*>\(.*\)</\1/' | sort -u >"$T/shown"
check "the stories show exactly the photos vox ls --audience report selects" \
	'[ -s "$T/allowed" ] && diff "$T/allowed" "$T/shown"'
check "a photo only the group may see is not in the report, nor its title" \
	'! grep -q "P07-01\|GROUPONLY" "$T/r/index.html" && ! ls "$T/r/img" | grep -q P07-01'
check "stories are quotations, escaped (captions are untrusted)" \
	"grep -q '<blockquote>' '$T/r/index.html' && grep -q 'We share &lt;soup&gt; &amp; bread' '$T/r/index.html'"
check "each story's photo is a scaled JPEG copy in img/ that djpeg decodes" \
	'for f in "$T"/r/img/*.jpg; do djpeg "$f" >/dev/null || exit 1; done; [ "$(ls "$T/r/img" | wc -l)" = "$(wc -l <"$T/allowed")" ]'
check "the private fields are where they belong (vox show), so the next check can find them" \
	'vox show P07-02 | grep -q SECRET_SOURCE_2 && sqlite3 "$T/c/vox.db" "SELECT name FROM participant" | grep -q Realname'
ok "no participant name and no source file name anywhere in the report" \
	absent -i -E 'Realname|SECRET_SOURCE' "$T/r"
ok "the report's images audit clean" vox audit -q "$T/r"

# Consent over time and the method note.
month=$(date -u +%Y-%m)
check "consent over time: this month 7 photos given (the withdrawn one too), 3 changes, 1 withdrawal" \
	"python3 - '$T/r/index.html' '$month' <<'PY'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
sec = html[html.index('id=\"consent-time\"'):html.index('id=\"method\"')]
row = re.search(r'<time datetime=\"%s\">[^<]*</time></th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>' % sys.argv[2], sec)
assert row and row.groups() == ('7', '3', '1'), row and row.groups()
PY"
check "the method note counts the left-out photos by reason" \
	"python3 - '$T/r/index.html' <<'PY'
import re, sys
html = open(sys.argv[1], encoding='utf-8').read()
sec = html[html.index('id=\"left-out\"'):]
n = [int(x) for x in re.findall(r'<td>(\d+)</td>', sec)[:5]]
assert n == [1, 1, 1, 0, 0], n
PY"

check "the method note: exiftool finds GPS in the original, the report counts 1 photo whose location was removed" \
	"exiftool -s -s -s -GPSLatitude '$T/gps.jpg' | grep -q . &&
	 grep -q 'data-scrub=\"location\">1<' '$T/r/index.html' &&
	 grep -q 'data-scrub=\"trailing_data\">0<' '$T/r/index.html'"
check "... and the redaction, and the photos added before scrubs were recorded (the 3 others shown)" \
	"grep -q '(redacted): 1\.' '$T/r/index.html' && grep -q 'before this was recorded: 3\.' '$T/r/index.html'"
vox report -q -o "$T/cy" --audience report --ui-lang cy
check "--ui-lang cy: the report's own words in Welsh, the same figures" \
	'grep -q "<html lang=\"cy\">" "$T/cy/index.html" && grep -q ">Ffigurau<" "$T/cy/index.html" && report-figures "$T/cy" --audience report'
status "an interface language the table does not hold is a usage error" 2 vox report -q -o "$T/x" --audience report --ui-lang fr

# The report is an output.
check "it is recorded as a report with the photos it shows" \
	"vox outputs | grep -q '^report	$T/r	report	.*	4	ok'"
check "a marker says photovox made it" 'head -1 "$T/r/.vox-output" | grep -q "report"'
vox withdraw -qy P05-01 >/dev/null 2>&1
check "a withdrawal makes it stale" "vox outputs --stale | grep -q '^report	$T/r	'"
ok "vox outputs --rebuild rebuilds it" vox outputs -q --rebuild
check "... without the withdrawn photo, and with the figures of now" \
	'! grep -q "P05-01\|STORY_GATE" "$T/r/index.html" && ! ls "$T/r/img" | grep -q P05 && report-figures "$T/r" --audience report'
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
status "a folder it did not make is refused" 3 vox report -q -o "$T/mine" --audience report
check "... and left as it was" '[ "$(cat "$T/mine/notes.txt")" = keep ]'
echo edited >>"$T/r/index.html"
status "a report someone edited is not replaced" 3 vox report -q -o "$T/r" --audience report
status "a private report is a usage error" 2 vox report -q -o "$T/p" --audience private
status "no audience is a usage error" 2 vox report -q -o "$T/p"
vox init -q --ui-lang cy+en "$T/c"
vox report -q -o "$T/r2" --audience report
check "without --ui-lang, the collection's first interface language (vox init --ui-lang cy+en)" \
	'grep -q "<html lang=\"cy\">" "$T/r2/index.html" && grep -q ">Straeon<" "$T/r2/index.html"'
