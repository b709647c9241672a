#!/bin/sh
# make demo's script, in a temporary folder: it runs to the end, the store audits clean, and
# the figures it prints are the sample workshop's.
. tests/cli/lib.sh
plan 4
VOX_DEMO_DIR="$T/demo" sh samples/demo.sh >"$T/demo.out" 2>&1
echo $? >"$T/rc"
check "samples/demo.sh runs to the end" "[ \$(cat $T/rc) -eq 0 ] && grep -q '^== Done' $T/demo.out"
check "it shows the planted metadata of the samples" \
	"grep -q 'location	EXIF GPSLatitude' $T/demo.out && grep -q 'findings in 30 files' $T/demo.out"
check "both days go in whole" "[ \$(grep -c 'vox ingest: added 15, already present 0, refused 0' \
	$T/demo.out) -eq 2 ]"
check "the stored photos audit clean and the figures count thirty" \
	"grep -q '30 files, 0 with identifying metadata' $T/demo.out && grep -Eq '^all +30 ' $T/demo.out"
done_testing
