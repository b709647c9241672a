#!/bin/sh
# Catalog text printed to a terminal: control characters (ESC) and bidi overrides (RLO)
# in titles, stories and file names are shown as visible escapes by vox ls -l, vox show,
# vox ingest and every message; a pipe gets the exact text.
. tests/cli/lib.sh
. tests/cli/ingest.sh
plan 9
c=$T/c
mkcoll "$c" || echo "Bail out! cannot make a collection"
export VOX_COLLECTION="$c"
mkjpegs "$T/src" 2

# tty CMD...: CMD on a terminal (on_tty, lib.sh); what the terminal showed.
tty() {
	on_tty '' "$@" || :
}

esc=$(printf '\033')
rlo=$(printf '\342\200\256')
csi=$(printf '\302\233')       # U+009B, a C1 control some terminals take as ESC [
mkdir -p "$T/in"
cp "$T/src/IMG_000.jpg" "$T/in/photo${rlo}gpj.exe.jpg"
# The catalog refuses C0 and C1 controls such as ESC and CSI in what it stores; CR and bidi
# overrides get in, and older catalogs may hold anything: the title gets its CSI below, as
# a catalog written before C1 controls were refused holds it.
printf 'Title: red31m title %sreversed\n\nA story\r over it\n' "$rlo" \
    >"$T/in/photo${rlo}gpj.exe.txt"
head -c 300 "$T/src/IMG_001.jpg" >"$T/in/cut${rlo}gepj.jpg"

tty vox ingest -q -p P01 "$T/in" >"$T/ingest"
sqlite3 "$c/vox.db" "UPDATE caption SET title = 'red${csi}31m title ${rlo}reversed'"
check "ingest shows a file name's RLO escaped on a terminal" \
	"grep -q 'photo\\\\u202egpj.exe.jpg' $T/ingest"
check "and a refused name's RLO escaped in its message" \
	"grep -q \"refused: '.*cut\\\\\\\\u202egepj.jpg'\" $T/ingest"
check "nothing raw reached the terminal from ingest" \
	"grep -q photo $T/ingest && ! grep -q '$rlo' $T/ingest && ! grep -q '$csi' $T/ingest"

tty vox ls -l >"$T/ls"
check "vox ls -l shows the title escaped on a terminal" \
	"grep -q 'red\\\\u009b31m title \\\\u202ereversed' $T/ls && ! grep -q '$csi' $T/ls &&
	! grep -q '$rlo' $T/ls"
vox ls -l >"$T/ls-pipe"
check "vox ls -l into a pipe keeps the exact title" \
	"grep -q 'red${csi}31m title ${rlo}reversed' $T/ls-pipe"

tty vox show P01-01 >"$T/show"
check "vox show shows the title, the story and the source name escaped" \
	"grep -q '^title *red\\\\u009b31m title \\\\u202ereversed' $T/show &&
	grep -q '^story *A story\\\\x0d over it' $T/show &&
	grep -q '^source *photo\\\\u202egpj.exe.jpg' $T/show"
check "nothing raw reached the terminal from show" \
	"grep -q '^title' $T/show && ! grep -q '$csi' $T/show && ! grep -q '$rlo' $T/show &&
	! grep -q \"\$(printf '\\r')\" $T/show"
vox show P01-01 >"$T/show-pipe"
check "vox show into a pipe keeps the exact text" \
	"grep -q '^source *photo${rlo}gpj.exe.jpg' $T/show-pipe &&
	grep -q \"A story\$(printf '\\r') over\" $T/show-pipe"

tty vox show "P99${esc}[2J" >"$T/err"
check "a message quoting what was typed is escaped too" \
	"grep -q \"show: 'P99\\\\\\\\x1b\\[2J'\" $T/err && ! grep -q '$esc' $T/err"
done_testing
