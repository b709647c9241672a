#!/bin/sh
# Makes the sample workshop under samples/: about thirty photos drawn with libvips (the vips
# command), carrying metadata planted with exiftool for the scrubber to remove, and their
# captions as sidecars (cornwall/) and as a CSV manifest (gloucestershire/).
#
# The output is committed, so `make demo` does not need to run this. Run it again only to
# change the samples:   sh samples/make-samples.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command -v vips >/dev/null || { echo "make-samples: needs vips (apt-get install libvips-tools)" >&2; exit 2; }
command -v exiftool >/dev/null || { echo "make-samples: needs exiftool" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/vox-samples.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

rm -rf "$here/cornwall" "$here/gloucestershire"
n=0

# draw OUT TITLE FORMAT ORIENTATION: a gradient, a sun, a block and the title as text,
# stored rotated so that the EXIF orientation turns it upright again.
draw() {
	out=$1 title=$2 format=$3 orient=$4
	n=$((n + 1))
	w=800 h=600
	[ "$format" = jpg ] || { w=480 h=360; }
	a=$(( (n * 37) % 20 + 5 )) b=$(( (n * 53) % 25 + 3 )) c=$(( (n * 29) % 20 + 4 ))
	vips xyz "$tmp/xy.v" $w $h
	printf '2 3\n0.%02d 0.05\n0.03 0.%02d\n0.%02d 0.10\n' $a $b $c >"$tmp/m.mat"
	vips recomb "$tmp/xy.v" "$tmp/c.v" "$tmp/m.mat"
	vips linear "$tmp/c.v" "$tmp/d.v" "1 1 1" "$((n * 7 % 90)) $((40 + n * 11 % 80)) 30" --uchar
	vips draw_circle "$tmp/d.v" "250 $((150 + n * 13 % 100)) 60" $((w * 3 / 4)) $((h / 4)) \
		$((h / 8 + n % 5 * 6)) --fill
	vips draw_rect "$tmp/d.v" "$((60 + n * 17 % 120)) 70 50" $((w / 8 + n % 7 * 10)) $((h / 2)) \
		$((w / 3)) $((h / 3)) --fill
	vips text "$tmp/t.v" "$title" --width $((w - 80)) --dpi $((w * 3 / 8))
	vips draw_mask "$tmp/d.v" "255 255 255" "$tmp/t.v" 40 $((h - h / 6))
	case $orient in
	6) vips rot "$tmp/d.v" "$tmp/r.v" d270 ;;
	8) vips rot "$tmp/d.v" "$tmp/r.v" d90 ;;
	3) vips rot "$tmp/d.v" "$tmp/r.v" d180 ;;
	*) vips copy "$tmp/d.v" "$tmp/r.v" ;;
	esac
	case $format in
	jpg) vips jpegsave "$tmp/r.v" "$out" --Q 80 --strip ;;
	png) vips pngsave "$tmp/r.v" "$out" --compression 9 --strip ;;
	webp) vips webpsave "$tmp/r.v" "$out" --Q 75 --strip ;;
	esac
}

# plant FILE CODE ORIENTATION: what a phone would have left in the file, and more.
plant() {
	f=$1 code=$2 orient=$3
	lat="50.$((2600 + n * 37))" lon="5.$((400 + n * 29))"
	case $f in
	*.jpg)
		vips thumbnail "$f" "$tmp/thumb.jpg" 160
		exiftool -q -overwrite_original \
			-Make=Samsung -Model="Galaxy A12" -SerialNumber="R58N$((40000 + n * 7))" \
			-OwnerName="Hana Facilitator" -Artist="$code's phone" \
			-DateTimeOriginal="2026:05:12 1$((n % 6)):$((10 + n)):00" \
			-GPSLatitude="$lat" -GPSLatitudeRef=N -GPSLongitude="$lon" -GPSLongitudeRef=W \
			-XMP-dc:Creator="Hana Facilitator" -XMP-dc:Description="Workshop photo by $code" \
			-XMP-xmp:CreatorTool="Photo editor 2.1" \
			"-ThumbnailImage<=$tmp/thumb.jpg" -Orientation#="$orient" "$f"
		;;
	*.png)
		exiftool -q -overwrite_original -PNG:Author="Hana Facilitator" \
			-PNG:Comment="Taken by $code at the farm" \
			-XMP-dc:Creator="Hana Facilitator" -XMP-exif:GPSLatitude="$lat" "$f"
		;;
	*.webp)
		exiftool -q -m -overwrite_original -XMP-dc:Creator="Hana Facilitator" \
			-XMP-exif:GPSLatitude="$lat" \
			-EXIF:SerialNumber="R58N$((40000 + n * 7))" "$f"
		;;
	esac
}

# photo PAIR CODE NAME FORMAT ORIENTATION TRAILER TITLE
photo() {
	d="$here/$1/$2"
	mkdir -p "$d"
	draw "$d/$3.$4" "$7" "$4" "$5"
	plant "$d/$3.$4" "$2" "$5"
	if [ "$6" = trailer ]; then
		# What motion photos and some editors leave after the image's end.
		printf 'MotionPhoto_Data\0ftypmp42 recorded by %s at 50.26N 5.05W' "$2" >>"$d/$3.$4"
	fi
}

# Day one: Truro Food Bank visits the community farm near Truro (captions as sidecars).
photo cornwall P01 IMG_0101 jpg 1 - "Gate to the farm"
photo cornwall P01 IMG_0102 jpg 6 - "Muddy boots"
photo cornwall P01 IMG_0103 jpg 1 - "Hens in the yard"
photo cornwall P02 IMG_0201 jpg 1 - "Tea urn"
photo cornwall P02 IMG_0202 webp 1 - "Seed trays"
photo cornwall P03 IMG_0301 jpg 1 - "Y twnnel tyfu"
photo cornwall P03 IMG_0302 jpg 1 - "Bread table"
photo cornwall P03 IMG_0303 jpg 6 - "Sheep gate"
photo cornwall P04 IMG_0401 jpg 8 - "The minibus"
photo cornwall P04 IMG_0402 jpg 1 - "Potato bed"
photo cornwall P05 IMG_0501 jpg 1 - "Tools on the wall"
photo cornwall P05 IMG_0502 png 1 - "Map of the farm"
photo cornwall P05 IMG_0503 jpg 1 - "Lunch together"
photo cornwall P06 IMG_0601 jpg 1 - "Wheelbarrow"
photo cornwall P06 IMG_0602 jpg 1 trailer "Our group, waving"
# Day two: Gloucester refugee group at Stroud Valley farm (captions in a manifest).
photo gloucestershire P07 DSC_0701 jpg 1 - "Apple trees"
photo gloucestershire P07 DSC_0702 jpg 6 - "Cooking on the fire"
photo gloucestershire P07 DSC_0703 jpg 1 - "Long table"
photo gloucestershire P08 DSC_0801 jpg 1 trailer "Goats"
photo gloucestershire P08 DSC_0802 jpg 1 - "Mint and coriander"
photo gloucestershire P09 DSC_0901 jpg 1 - "The stile"
photo gloucestershire P09 DSC_0902 png 1 - "Drawing of home"
photo gloucestershire P09 DSC_0903 jpg 1 - "Compost heap"
photo gloucestershire P10 DSC_1001 jpg 3 - "Bus timetable"
photo gloucestershire P10 DSC_1002 jpg 1 - "Wellies for everyone"
photo gloucestershire P11 DSC_1101 webp 1 - "Onion sets"
photo gloucestershire P11 DSC_1102 jpg 1 - "Rain on the polytunnel"
photo gloucestershire P11 DSC_1103 jpg 1 - "Football after lunch"
photo gloucestershire P12 DSC_1201 jpg 1 - "Herb spiral"
photo gloucestershire P12 DSC_1202 jpg 8 - "Hands in the soil"

# Sidecars: some with a header, some all story, one in Welsh with its English version.
c=$here/cornwall
cat >"$c/P01/IMG_0101.txt" <<'EOF'
Title: The gate to the farm
Alt: A wooden five-bar gate at the end of a lane, fields behind it
Themes: confidence-in-new-places, nature-and-outdoors
See: The gate we came through on the first morning.
Happening: Nobody was sure whether to open it or wait.
Our-lives: In town you never open a gate without asking.
Why: We did not know the rules here yet.
Do: A sign saying "come in, shut the gate behind you" would help.

We stood at this gate for ages. Then Sam from the farm shouted "just come in!"
and everyone laughed. After that it felt fine.
EOF
cat >"$c/P01/IMG_0102.txt" <<'EOF'
Title: Muddy boots
Alt: A pair of borrowed wellington boots covered in mud
Themes: feeling-welcome

They lent us boots. Mine were two sizes too big: I didn't care.
EOF
printf '%s\n' "Hens everywhere. One followed me round the yard all morning." \
	>"$c/P01/IMG_0103.txt"
cat >"$c/P02/IMG_0201.txt" <<'EOF'
Title: Tea urn
Alt: A large metal tea urn on a trestle table with mugs beside it
Themes: community, feeling-welcome
Consent: group
People: none

The tea urn is the same one we have at the food bank. It made me feel at home.
EOF
cat >"$c/P03/IMG_0301.txt" <<'EOF'
Title: Y twnnel tyfu
Lang: cy
Alt: Inside a polytunnel, rows of young plants under a curved plastic roof
Themes: food-and-growing, nature-and-outdoors
See: Y twnnel tyfu, yn llawn planhigion bach.

Roedd hi'n gynnes y tu mewn i'r twnnel, er ei bod hi'n bwrw glaw tu allan.
Dysgais i sut i blannu tomatos.
EOF
cat >"$c/P03/IMG_0301.en.txt" <<'EOF'
Title: The polytunnel
See: The polytunnel, full of small plants.

It was warm inside the tunnel, even though it was raining outside.
I learned how to plant tomatoes.
EOF
cat >"$c/P03/IMG_0302.txt" <<'EOF'
Title: Bread table
Alt: Loaves of bread and jars of jam laid out on a table
Themes: food-and-growing, community
Sensitive: no

At the food bank we get bread. Here we made it. Same bread, different feeling:
"we made this" instead of "we were given this".
EOF
cat >"$c/P04/IMG_0401.txt" <<'EOF'
Title: The minibus
Alt: A white minibus parked in a farmyard
Themes: barriers-and-access

Without the minibus none of us could have come. There is one bus a day.
EOF
cat >"$c/P05/IMG_0501.txt" <<'EOF'
Title: Tools on the wall
Alt: Spades, forks and rakes hanging on a barn wall, each in its painted outline
Themes: work-and-skills, making-and-doing

Every tool has its place. I liked that.
EOF
cat >"$c/P06/IMG_0602.txt" <<'EOF'
Title: Our group, waving
Alt: A group of people waving at the camera in front of a barn
Themes: meeting-new-people, community
People: consented
Consent: report

Last photo of the day. Everyone wanted to be in it.
EOF

# The manifest, as a spreadsheet saves it: CRLF, quoted commas, quotes and line breaks.
g=$here/gloucestershire
printf '%s\r\n' \
	'file,participant,title,story,alt,themes,consent,people,see,why' \
	'P07/DSC_0701.jpg,P07,Apple trees,"Old apple trees, some older than the farm.","A row of old apple trees in an orchard",nature-and-outdoors,group,none,,' \
	'P07/DSC_0702.jpg,P07,Cooking on the fire,"We cooked rice on an open fire.' \
	'It tasted like home.","A pot over a wood fire, people sitting around it","food-and-growing, cooking-together",group,unknown,A pot on the fire,"Because we brought the spices, and they brought the fire"' \
	'P07/DSC_0703.jpg,P07,Long table,"One long table, everyone together: ""like a wedding"", M. said.",A long table set outdoors with many chairs,"community, meeting-new-people",report,consented,,' \
	'P08/DSC_0801.jpg,P08,Goats,The goats were the best part.,Two goats looking over a fence,nature-and-outdoors,,,,' \
	'P08/DSC_0802.jpg,P08,Mint and coriander,"Mint, coriander, parsley: the same herbs as my grandmother grew.",Pots of herbs on a bench,"food-and-growing, home-and-belonging",group,none,,' \
	'P09/DSC_0901.jpg,P09,The stile,Climbing the stile was hard with my knee.,A wooden stile in a hedge,barriers-and-access,private,none,,Nobody thought about it' \
	'P09/DSC_0902.png,P09,Drawing of home,I drew my village for the children.,A child'"'"'s drawing of houses and mountains,home-and-belonging,private,none,,' \
	'P10/DSC_1001.jpg,P10,Bus timetable,"Two buses a day. If you miss one, you wait five hours.",A bus timetable in a shelter,barriers-and-access,report,none,,' \
	'P11/DSC_1102.jpg,P11,Rain on the polytunnel,"The sound of rain on the plastic, very loud.",Raindrops on a polytunnel roof,nature-and-outdoors,group,none,,' \
	'P12/DSC_1201.jpg,P12,Herb spiral,,"A spiral of stones planted with herbs",food-and-growing,group,none,,' \
	>"$g/captions.csv"

cat >"$here/README.txt" <<'EOF'
The sample workshop
===================

A made-up photovoice project to try photovox on: nothing here is a real person or place,
and every photo was drawn by samples/make-samples.sh with libvips.

Two twinning pairs, four sites, twelve participants, two workshop days:

  cornwall          truro-foodbank (urban)            participants P01-P06
                    cornwall-farm (rural)             day 1: 2026-05-12, at the farm
  gloucestershire   gloucester-refugee-group (urban)  participants P07-P12
                    stroud-valley-farm (rural)        day 2: 2026-05-19, at the farm

cornwall/Pnn/         photos with captions in sidecar files (IMG_0101.txt beside
                      IMG_0101.jpg); IMG_0301.txt is Welsh (Lang: cy) and IMG_0301.en.txt
                      its English translation; some photos have no caption yet.
gloucestershire/Pnn/  photos whose captions are in gloucestershire/captions.csv, a sheet as
                      a spreadsheet saves it (CRLF, quoted commas, quotes, line breaks).

One folder per participant, so `vox ingest --by-folder` takes the participant from it.

Every photo carries metadata planted the way phones and editors leave it, for the scrubber
to remove: GPS position, camera serial number, owner and artist names, XMP with creator and
editing tool, an EXIF thumbnail, capture dates, PNG text chunks, and in two photos bytes
after the end of the image (as motion photos leave). Several are stored sideways or upside
down with an EXIF orientation (6, 8, 3) that turns them upright: scrubbing must keep it.
`vox audit samples` lists what is there.

samples/demo.sh (run by `make demo`) builds a collection from these under build/demo/.
EOF
du -sh "$here"
