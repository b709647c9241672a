#!/bin/sh
# vox caption --edit shows every field, empty ones included (Title, Alt, Lang, Themes, the
# prompts, the translation), with comment lines listing the valid values; what is written
# there is stored, and a form closed unchanged reads back to the same caption.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 12
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/in" 1
vox ingest -q -p R01 -s truro-foodbank "$T/in" >/dev/null 2>&1

# An editor that only keeps a copy of what it was shown.
printf '#!/bin/sh\ncp "$1" "%s/shown"\n' "$T" >"$T/look"
chmod +x "$T/look"
sqlite3 "$c/vox.db" .dump >"$T/before"
ok "--edit on an uncaptioned photo, closed unchanged" env EDITOR="$T/look" vox caption --edit R01-01
check "shows every field, the empty ones too" \
	"for f in Title Alt Lang Themes Consent People Sensitive Minor See Happening Our-lives \
	    Why Do Translation-lang Translation-title Translation-alt Translation-story; do
	    grep -q \"^\$f:\" '$T/shown' || { echo \"no \$f\"; exit 1; }; done"
check "a comment lists the themes by the names vox theme ls shows" \
	"vox theme ls | cut -f2 >'$T/names' && [ \$(wc -l <'$T/names') -ge 10 ] &&
	 while read -r n; do grep -q \"^#.*\$n\" '$T/shown' || { echo \"no \$n\"; exit 1; }; done <'$T/names'"
check "a comment lists the audiences, and one the values of People" \
	"grep -q '^#.*private, group, report or public' '$T/shown' &&
	 grep -q '^#.*none, consented, unconsented or unknown' '$T/shown'"
check "a comment gives each prompt's question" "grep -qx '# See: What do you See here?' '$T/shown'"
check "closed unchanged, nothing is written" "sqlite3 '$c/vox.db' .dump | cmp -s - '$T/before'"

# An editor that fills the empty fields as a facilitator would.
cat >"$T/fill" <<'ED'
#!/bin/sh
sed -e 's/^Title:$/Title: Y twnnel/' -e 's/^Alt:$/Alt: Seedlings in trays/' \
    -e 's/^Lang:$/Lang: cy/' -e 's/^Themes:$/Themes: Food and growing; Home and belonging/' \
    -e 's/^See:$/See: Planhigion bach/' \
    -e 's/^Translation-lang:$/Translation-lang: en/' \
    -e 's/^Translation-title:$/Translation-title: The tunnel/' \
    -e 's/^Translation-story:$/Translation-story: It was warm inside./' "$1" >"$1.new" &&
printf 'Roedd hi'"'"'n gynnes.\n' >>"$1.new" && mv "$1.new" "$1"
ED
chmod +x "$T/fill"
ok "--edit stores the fields filled in" env EDITOR="$T/fill" vox caption --edit R01-01
check "title, alt, language, themes, answer and story are stored" \
	"vox caption R01-01 >'$T/cap' && grep -qx 'Title: Y twnnel' '$T/cap' &&
	 grep -qx 'Alt: Seedlings in trays' '$T/cap' && grep -qx 'Lang: cy' '$T/cap' &&
	 grep -qx 'Themes: food-and-growing, home-and-belonging' '$T/cap' &&
	 grep -qx 'See: Planhigion bach' '$T/cap' && grep -qx \"Roedd hi'n gynnes.\" '$T/cap'"
check "and the translation, as vox ls --json shows it" \
	"vox ls --json | python3 -c 'import json, sys
p = json.loads(sys.stdin.readline())
t = p[\"translation\"]
assert (t[\"lang\"], t[\"title\"], t[\"story\"]) == (\"en\", \"The tunnel\", \"It was warm inside.\"), t'"

# Round trip: the filled form, opened and closed unchanged, reads back to the same caption.
sqlite3 "$c/vox.db" .dump >"$T/before2"
vox ls --json >"$T/json-before"
ok "--edit of the captioned photo, closed unchanged" env EDITOR="$T/look" vox caption --edit R01-01
check "reads back exactly: the catalog is unchanged" \
	"sqlite3 '$c/vox.db' .dump | cmp -s - '$T/before2' && vox ls --json | cmp -s - '$T/json-before'"
check "and the form showed the translation's fields filled" \
	"grep -qx 'Translation-title: The tunnel' '$T/shown' &&
	 grep -qx 'Translation-story: It was warm inside.' '$T/shown'"
done_testing
