#!/bin/sh
# The gallery on paper and on a phone, measured in Chromium: a photo page whose long story
# has a translation prints on one A4 sheet and on one Letter sheet; a site page prints as a
# contact sheet (at least 12 photos on an A4 sheet, each with its ref and title): 14 photos
# on one sheet, 24 on two; on a phone (390 x 844) the photo of every photo page starts
# within the first screen.
. tests/cli/lib.sh
plan 9
A11Y="$VOX_TOP/tests/a11y"
C="$T/c" G="$T/g"
export C G T A11Y
mkdir -p "$T/in/P01" "$T/in/P02"
python3 - "$T/in" <<'PY'
import subprocess, sys
top = sys.argv[1]
story = ("We walked up the lane in the rain and nobody knew what to expect. " * 9).strip()
stori = ("Cerddon ni i fyny'r lôn yn y glaw a doedd neb yn gwybod beth i'w ddisgwyl. " * 9).strip()
answers = ["The gate, the lane and the hills behind them, grey in the rain.",
           "People from the town meeting people from the farm for the first time.",
           "Most of us have never been asked onto a farm before.",
           "Nobody had told us we were welcome, so we waited.",
           "Put a sign on the gate that says come in."]
atebion = ["Y giât, y lôn a'r bryniau y tu ôl iddyn nhw, yn llwyd yn y glaw.",
           "Pobl o'r dref yn cwrdd â phobl o'r fferm am y tro cyntaf.",
           "Dydy'r rhan fwyaf ohonon ni erioed wedi cael gwahoddiad i fferm.",
           "Doedd neb wedi dweud bod croeso i ni, felly arhoson ni.",
           "Rhoi arwydd ar y giât sy'n dweud dewch i mewn."]
keys = ["See", "Happening", "Our-lives", "Why", "Do"]
for code, n in (("P01", 14), ("P02", 24)):
    for i in range(1, n + 1):
        w, h = (600, 800) if i % 3 == 0 else (800, 600)
        ppm = bytearray(b"P6 %d %d 255\n" % (w, h))
        row = bytes(v for x in range(w) for v in ((x * 255) // w, (i * 37) % 256, 60 if code == "P01" else 180))
        ppm += row * h
        jpg = subprocess.run(["cjpeg"], input=bytes(ppm), check=True, capture_output=True).stdout
        base = "%s/%s/IMG_%02d" % (top, code, i)
        open(base + ".jpg", "wb").write(jpg)
        if code == "P01" and i in (1, 3):
            # A long story with its prompts, in Welsh, and its English translation.
            with open(base + ".txt", "w") as f:
                f.write("Title: Y giât i'r fferm yn y glaw\nLang: cy\n"
                        "Alt: A gate at the end of a lane\n")
                for k, a in zip(keys, atebion):
                    f.write("%s: %s\n" % (k, a))
                f.write("\n%s\n\n%s\n" % (stori, stori))
            with open(base + ".en.txt", "w") as f:
                f.write("Title: The gate to the farm in the rain\n")
                for k, a in zip(keys, answers):
                    f.write("%s: %s\n" % (k, a))
                f.write("\n%s\n\n%s\n" % (story, story))
        else:
            with open(base + ".txt", "w") as f:
                f.write("Title: A long title for photo number %d of %s\n"
                        "Alt: A gradient, number %d\n\nStory %d.\n" % (i, code, i, i))
PY
vox init -q --title "Print and phone" "$C" && vox pair -q -C "$C" add cornwall --name "Cornwall twins" &&
    vox site -q -C "$C" add cornwall-farm --pair cornwall --setting rural \
        --name "Community farm near Truro" &&
    vox site -q -C "$C" add truro-foodbank --pair cornwall --setting urban \
        --name "Truro Food Bank" &&
    vox participant -q -C "$C" add P01 --site cornwall-farm &&
    vox participant -q -C "$C" add P02 --site truro-foodbank &&
    vox ingest -q -C "$C" -p P01 -s cornwall-farm --consent group --people none "$T/in/P01" >/dev/null &&
    vox ingest -q -C "$C" -p P02 -s truro-foodbank --consent group --people none "$T/in/P02" >/dev/null
ok "a gallery of 38 photos in two sites builds" vox gallery -q -C "$C" -o "$G" --audience group
check "the long Welsh story and its translation are on their photo pages" '
grep -q "caption translation" "$G/photo-P01-01.html" && grep -q "caption translation" "$G/photo-P01-03.html" &&
    test "$(wc -c <"$G/photo-P01-01.html")" -gt 3000'
ok "printed, every photo page (long translated stories too) is one A4 and one Letter sheet" \
    node "$A11Y/check.mjs" print "$G"
check "printed on A4, the site of 14 photos is one contact sheet showing all 14 with ref and title" '
r=$(node "$A11Y/check.mjs" sheets "$G" site-cornwall-farm.html A4) && echo "$r" &&
    test "$r" = "1 14 14 14"'
check "printed on A4, the site of 24 photos is two sheets, the first with at least 12 photos, each with ref and title" '
set -- $(node "$A11Y/check.mjs" sheets "$G" site-truro-foodbank.html A4) && echo "$*" &&
    test "$1" -eq 2 && test "$2" -ge 12 && test "$3" -eq "$2" && test "$4" -eq "$2"'
check "printed on Letter, the site of 24 photos is two sheets too" '
set -- $(node "$A11Y/check.mjs" sheets "$G" site-truro-foodbank.html Letter) && echo "$*" &&
    test "$1" -le 2 && test "$2" -ge 12'
check "the pair page of 38 photos prints on at most 3 A4 sheets" '
set -- $(node "$A11Y/check.mjs" sheets "$G" pair-cornwall.html A4) && echo "$*" && test "$1" -le 3'
check "on a phone (390 x 844) every photo starts within the first screen, in fact its top half" '
r=$(node "$A11Y/check.mjs" phone "$G") && echo "$r" &&
    top=$(echo "$r" | sed -n "s/.*starts at \([0-9]*\) px.*/\1/p") && test "$top" -lt 480'
ok "axe and the Nu HTML checker find nothing on these pages" sh -c '
node "$A11Y/check.mjs" axe "$G" &&
    java -jar "$A11Y/node_modules/vnu-jar/build/dist/vnu.jar" --errors-only --skip-non-html "$G"'
done_testing
