#!/bin/sh
# Themes as people read them: a theme's name as vox theme ls shows it, or its short name,
# any case, several separated by commas or semicolons, in sidecars, sheets, vox tag,
# vox ls --theme and vox caption --edit; an unknown one names file, line and closest theme.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 14
export T
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"

mkjpegs "$T/src" 6
in=$T/in
mkdir -p "$in"
for i in 0 1 2 3; do cp "$T/src/IMG_00$i.jpg" "$in/p$i.jpg"; done
printf 'Title: Names\nThemes: Home and belonging; NATURE AND THE OUTDOORS, community\n\nA story.\n' \
	>"$in/p0.txt"
printf 'Title: Typo\nLang: en\nThemes: Home and belongin\n' >"$in/p1.txt"
printf 'Themes: community feeling-welcome\n' >"$in/p2.txt"
printf 'Themes:\n Feeling welcome\n cooking-together\n' >"$in/p3.txt"
vox ingest -p R01 -s truro-foodbank "$in/p0.jpg" "$in/p1.jpg" "$in/p2.jpg" "$in/p3.jpg" \
	>"$T/out" 2>"$T/err"
echo $? >"$T/rc"
check "a refused theme makes ingest exit 1, the others go in" \
	'[ "$(cat $T/rc)" = 1 ] && [ "$(sqlite3 '"$c"'/vox.db "SELECT count(*) FROM photo")" = 3 ]'
check "names in any case, semicolons and commas give the slugs in order" \
	'[ "$(sqlite3 '"$c"'/vox.db "SELECT group_concat(slug, \",\") FROM (SELECT t.slug FROM
	  photo_theme pt JOIN theme t ON t.id = pt.theme_id JOIN photo p ON p.id = pt.photo_id
	  WHERE p.source_name = \"p0.jpg\" ORDER BY pt.position)")" = \
	  home-and-belonging,nature-and-outdoors,community ]'
check "an unknown theme names the sidecar, its line and the closest theme's name" \
	"grep -F \"'$in/p1.txt': line 3: 'Home and belongin': no such theme (did you mean 'Home and belonging'?)\" '$T/err'"
check "slugs separated by spaces alone, the old form, are still read" \
	'sqlite3 '"$c"'/vox.db "SELECT count(*) FROM photo_theme pt JOIN photo p ON p.id = pt.photo_id
	  WHERE p.source_name = \"p2.jpg\"" | grep -qx 2'
check "themes on continuation lines, one a line" \
	'sqlite3 '"$c"'/vox.db "SELECT count(*) FROM photo_theme pt JOIN photo p ON p.id = pt.photo_id
	  WHERE p.source_name = \"p3.jpg\"" | grep -qx 2'

# A sheet's themes column, with a misspelt theme on its third line.
cp "$T/src/IMG_004.jpg" "$in/s4.jpg"
cp "$T/src/IMG_005.jpg" "$in/s5.jpg"
printf 'file,themes\r\ns4.jpg,"Work and skills; making and doing"\r\ns5.jpg,Comunity\r\n' \
	>"$in/sheet.csv"
vox ingest -p R02 -s truro-foodbank --manifest "$in/sheet.csv" "$in/s4.jpg" "$in/s5.jpg" \
	>"$T/out2" 2>"$T/err2"
check "a sheet's themes column takes names too" \
	'vox ls --theme "Making and doing" | grep -q .'
check "an unknown theme in a sheet names the sheet, the row's line and the closest theme" \
	"grep -F \"line 3: 'Comunity': no such theme (did you mean 'community'?)\" '$T/err2' &&
	 grep -F \"sheet.csv\" '$T/err2'"

# vox tag and vox ls --theme.
ref=$(vox ls --theme 'work and skills' -l | awk 'NR == 2 { print $1 }')
ok "vox tag takes a theme's name in quotes" vox tag '+Meeting new people' "$ref"
check "vox ls --theme takes a name in any case and finds the tagged photo" \
	"vox ls --theme 'MEETING NEW PEOPLE' -l | grep -q '$ref'"
vox tag '+Meeting new peple' "$ref" 2>"$T/tagerr"
echo $? >"$T/tagrc"
check "vox tag exits 2 for a misspelt theme name" '[ "$(cat $T/tagrc)" = 2 ]'
check "its message names the closest theme as people read it" \
	"grep -F \"'Meeting new peple': no such theme (did you mean 'Meeting new people'?)\" '$T/tagerr'"
status "vox ls --theme refuses an unknown theme with exit 2" 2 vox ls --theme 'Gardening'

# vox caption --edit: the edited form may name themes as people read them.
cat >"$T/ed" <<'ED'
#!/bin/sh
sed 's/^Themes: .*/Themes: Food and growing; Confidence in new places/' "$1" >"$1.new" &&
mv "$1.new" "$1"
ED
chmod +x "$T/ed"
ok "vox caption --edit stores themes written by name" \
	env EDITOR="$T/ed" vox caption --edit "$ref"
check "as their slugs, in the order written" \
	"vox caption '$ref' | grep -x 'Themes: food-and-growing, confidence-in-new-places'"
done_testing
