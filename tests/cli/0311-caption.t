#!/bin/sh
# vox caption: options set fields; --edit opens $EDITOR on the sidecar form; untrusted
# text (markup, quotes, tabs, newlines, emoji, right-to-left) round-trips exactly through
# the catalog, vox ls --json and vox show.
. tests/cli/lib.sh
. tests/cli/catalog.sh
plan 13
mkphotos
mkcollection
export VOX_COLLECTION="$T/c"
catalog-add "$T/c" P07 truro-foodbank "$T/p1.jpg" >/dev/null
title='<script>alert("x")</script> & '"'"'quotes'"'"
story=$(printf 'Tab\there\nSecond line 🌱🚜\nשלום עולם مرحبا\n\nLast "para" \\ end')
alt=$(printf 'A gate\t<b>bold</b>')
export title story alt
ok "vox caption sets title, story, alt, lang and a prompt answer" \
	vox caption P07-01 --title "$title" --story "$story" --alt "$alt" --lang cy \
	--prompt "see=Y giât 🌱" --translation-lang en --translation "The gate"
cat >"$T/expect.py" <<'PY'
import json, os, sys
j = json.loads(sys.stdin.readline())
assert j["title"] == os.environ["title"], repr(j["title"])
assert j["story"] == os.environ["story"], repr(j["story"])
assert j["alt"] == os.environ["alt"], repr(j["alt"])
assert j["lang"] == "cy"
assert j["prompts"] == {"see": "Y giât 🌱"}, j["prompts"]
assert j["translation"]["lang"] == "en" and j["translation"]["story"] == "The gate"
PY
check "ls --json gives the text back exactly" "vox ls --json | python3 '$T/expect.py'"
check "show --json gives the text back exactly" "vox show --json P07-01 | python3 '$T/expect.py'"
check "show prints the story's lines" "vox show P07-01 | grep -q 'שלום עולם مرحبا'"
check "the catalog holds the text exactly" \
	"[ \"\$(sqlite3 '$T/c/vox.db' 'SELECT story FROM caption')\" = \"\$story\" ]"
ok "one field changes, the others stay" vox caption P07-01 --alt "A wooden gate"
check "the title and story are still there" \
	"vox show --json P07-01 | python3 -c 'import json,os,sys; j=json.load(sys.stdin); assert j[\"alt\"]==\"A wooden gate\" and j[\"title\"]==os.environ[\"title\"] and j[\"story\"]==os.environ[\"story\"], j'"
status "an unknown prompt key is refused" 1 vox caption P07-01 --prompt "nosuch=x"
status "a language tag with spaces is refused" 1 vox caption P07-01 --lang "en GB"
# --edit: the editor is a script that rewrites the Title line of the sidecar form.
printf '#!/bin/sh\nsed -i "s/^Title: .*/Title: Edited title/" "$1"\nprintf "\\nAdded line" >>"$1"\n' >"$T/ed"
chmod +x "$T/ed"
ok "--edit runs \$EDITOR on the sidecar form and stores the result" env EDITOR="$T/ed" vox caption --edit P07-01
check "the edited title and story were stored" \
	"vox show --json P07-01 | python3 -c 'import json,sys; j=json.load(sys.stdin); assert j[\"title\"]==\"Edited title\" and j[\"story\"].endswith(\"Added line\"), j'"
printf '#!/bin/sh\nprintf "Title: \\377\\376 bad\\n\\nstory" >"$1"\n' >"$T/bad"
chmod +x "$T/bad"
status "--edit refuses text that is not UTF-8" 1 env EDITOR="$T/bad" vox caption --edit P07-01
check "the caption is unchanged after a refused edit" \
	"vox show --json P07-01 | grep -q 'Edited title'"
done_testing
