#!/bin/sh
# vox stats and vox report count voice stories: the column "stories" is the photos of the
# selection that have one, under the same consent rule as every other column (a report
# counts the stories of the photos a report may show). The catalog read by sqlite3 is the
# oracle; report-figures.py checks the report's page and figures.json against vox stats.
. tests/cli/lib.sh
. tests/cli/audio.sh
. tests/cli/ingest.sh
plan 8
make_audio "$T/a" || { echo "Bail out! ffmpeg cannot make the fixtures"; exit 1; }
mkjpegs "$T/in" 4 || { echo "Bail out! cannot make photos"; exit 1; }
cp "$T/a/memo.m4a" "$T/in/IMG_000.m4a"
cp "$T/a/memo.mp3" "$T/in/IMG_001.mp3"
cp "$T/a/note.ogg" "$T/in/IMG_002.ogg"
printf 'Consent: report\nPeople: none\nThemes: community\nTranscript: Leeks.\n\nOurs.\n' >"$T/in/IMG_000.txt"
printf 'Consent: group\nPeople: none\nTranscript: Bus.\n\nWaiting.\n' >"$T/in/IMG_001.txt"
printf 'Consent: private\nTranscript: Mine.\n\nMine.\n' >"$T/in/IMG_002.txt"
printf 'Consent: report\nPeople: none\nThemes: community\n\nNo story told.\n' >"$T/in/IMG_003.txt"
export VOX_COLLECTION="$T/c"
vox init -q "$T/c"
vox ingest -q -p P01 "$T/in" >/dev/null 2>&1
cp tests/cli/report-figures.py "$T/report-figures"
chmod +x "$T/report-figures"
export PATH="$T:$PATH" T

# What the catalog holds, read by sqlite3: stories of all photos, and of report photos.
q="SELECT count(*) FROM audio a JOIN photo p ON p.id = a.photo_id"
check "the catalog holds the three stories the fixtures made" \
	"[ \"\$(sqlite3 '$T/c/vox.db' \"$q\")\" = 3 ]"
check "vox stats --json counts every story of the selection" \
	"vox stats --json | python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); print(r); assert r[\"stories\"] == 3 and r[\"photos\"] == 4'"
check "for the report audience, only the story of the photo a report may show" \
	"vox stats --json --audience report | python3 -c 'import json, sys; r = json.loads(sys.stdin.read()); print(r); assert r[\"stories\"] == 1 and r[\"photos\"] == 2'"
check "by theme, the story is counted with its photo's theme" \
	"vox stats --json --by theme | python3 -c '
import json, sys
rows = {r[\"theme\"]: r for r in map(json.loads, sys.stdin)}
print(rows)
assert rows[\"community\"][\"stories\"] == 1 and rows[\"(none)\"][\"stories\"] == 2'"
check "the table and the CSV name the column" \
	"vox stats | head -1 | grep -qw stories && vox stats --csv | head -1 | grep -q ',\"stories\",'"
ok "vox report builds the report" vox report -q -o "$T/r" --audience report
ok "every figure of the page and of figures.json agrees with vox stats" \
	report-figures "$T/r" --audience report
check "the page shows the stories among its figures" \
	"grep -q 'Photos with a voice story' '$T/r/index.html' &&
	 grep -Eq 'data-col=\"stories\"[^>]*>1</td>' '$T/r/index.html' &&
	 python3 -c 'import json, sys; f = json.load(open(sys.argv[1])); assert f[\"figures\"][\"all\"][0][\"stories\"] == 1' '$T/r/figures.json'"
