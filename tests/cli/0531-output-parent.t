#!/bin/sh
# An output path whose folder is missing (-o /media/usb/cornwall before the stick is
# mounted on /media/usb) is refused before any work, naming the missing folder, by every
# tool that writes one: gallery, archive, review, redact --preview and scrub. Nothing is made: no folder above the output, no derivative in the cache.
. tests/cli/lib.sh
plan 17
C="$T/c"
export C T
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
C2="$T/c2"
"$VOX_BUILD/tests/cli/review-collection" "$C2" >"$T/fixture2.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture2.log"; exit 1; }
export C2
ref=$(vox ls -C "$C" --audience group | head -1 | cut -f1)
export ref
mkdir -p "$T/media"
# nothing_made: nothing appeared under $T/media and the gallery cache holds no derivative.
nothing_made='[ -z "$(ls -A "$T/media")" ] && [ -z "$(find "$C/cache" -type f 2>/dev/null)" ]'

check "the collection has a photo and an empty cache to begin with" \
	"[ -n '$ref' ] && $nothing_made"
status "vox gallery -o into a missing folder exits 3" 3 \
	vox gallery -C "$C" --audience group -o "$T/media/usb/cornwall"
check "it names the missing folder and says what to do" \
	'vox gallery -C "$C" --audience group -o "$T/media/usb/cornwall" 2>&1 |
	grep -qx "vox gallery: '\''$T/media/usb/cornwall'\'': the folder '\''$T/media/usb'\'' does not exist (plug in the drive, or make the folder first with mkdir)"'
check "before any work: no folder made, no derivative in the cache" "$nothing_made"
check "a trailing slash names the same folder" \
	'vox gallery -C "$C" --audience group -o "$T/media/usb/cornwall/" 2>&1 | grep -q "the folder '\''$T/media/usb'\'' does not exist"'
check "several missing folders: the highest is named" \
	'vox gallery -C "$C" --audience group -o "$T/media/usb/a/b/cornwall" 2>&1 | grep -q "the folder '\''$T/media/usb'\'' does not exist"'
status "vox archive -o into a missing folder exits 3" 3 \
	vox archive -C "$C" -a group -o "$T/media/usb/cornwall.zip"
check "and names the folder" \
	'vox archive -C "$C" -a group -o "$T/media/usb/cornwall.zip" 2>&1 | grep -q "the folder '\''$T/media/usb'\'' does not exist"'
status "vox review -o into a missing folder exits 3" 3 vox review -C "$C2" -o "$T/media/usb/P07" P07
status "vox review --all too, without making the folders above" 3 \
	vox review -C "$C2" --all -o "$T/media/usb/booklets"
check "and names the folder" \
	'vox review -C "$C2" --all -o "$T/media/usb/booklets" 2>&1 | grep -q "the folder '\''$T/media/usb'\'' does not exist"'
status "vox redact --preview into a missing folder exits 3" 3 \
	vox redact -C "$C" --box 0,0,10,10 --preview "$T/media/usb/preview.jpg" "$ref"
check "and redacts nothing (the photo keeps its bytes)" "vox ls -C '$C' | grep -q '^$ref' && $nothing_made"
status "vox scrub -o into a missing folder exits 3" 3 \
	vox scrub -o "$T/media/usb/out.jpg" "$VOX_CORPUS/jpg/Canon_40D.jpg"
status "vox scrub -d under a missing folder exits 3" 3 \
	vox scrub -d "$T/media/usb/clean" "$VOX_CORPUS/jpg/Canon_40D.jpg"
check "nothing was made by any of them" "$nothing_made"
: >"$T/media/file"
check "a file where the folder should be is named as not a folder" \
	'vox gallery -C "$C" --audience group -o "$T/media/file/g" 2>&1 | grep -q "'\''$T/media/file'\'' is not a folder"'
rm -f "$T/media/file"

done_testing
