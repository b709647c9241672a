#!/bin/sh
# The dispatcher: vox TOOL runs vox-TOOL beside it; unknown tools are usage errors.
. tests/cli/lib.sh
plan 6
ok "vox --help lists the tools" sh -c 'vox --help | grep -q "ingest"'
status "vox with no tool is a usage error" 2 vox
status "an unknown tool is a usage error" 2 vox no-such-tool
check "an unknown tool is named in the message" 'vox no-such-tool 2>&1 | grep -q "no-such-tool"'
status "a tool name with a path in it is refused" 2 vox ../bin/sh
mkdir -p "$T/bin"
cp "$VOX_BIN/vox" "$T/bin/vox"
printf '#!/bin/sh\necho "ran with $*"\n' >"$T/bin/vox-hello"
chmod +x "$T/bin/vox-hello"
check "the tool beside vox runs with its arguments" '[ "$('"$T"'/bin/vox hello a b)" = "ran with a b" ]'
done_testing
