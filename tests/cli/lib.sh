# TAP helpers for the end-to-end tests, in the manner of mblaze's t/lib.sh.
# Each tests/cli/NNNN-<tool>.t sources this, calls plan N, then ok/check lines.
# Every script runs in its own temporary folder ($T), removed at exit.
#
# The photos a script names come from $VOX_CORPUS, the repository's tests/corpus; a check
# of the whole corpus walks every folder of $CORPUS with each_corpus (see tests/run.sh).
set -u
: "${VOX_BIN:?run through make check}"
VOX_TOP=${VOX_TOP:-$PWD}
VOX_CORPUS=$VOX_TOP/tests/corpus
CORPUS=${CORPUS:-$VOX_CORPUS}
export VOX_TOP VOX_CORPUS CORPUS
PATH="$VOX_BIN:$PATH"
T=$(mktemp -d "${TMPDIR:-/tmp}/vox-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
unset VOX_COLLECTION
_n=0
_fail=0

plan() { echo "1..$1"; }

# ok DESCRIPTION COMMAND... : passes when the command exits 0.
ok() {
	_d=$1; shift
	_n=$((_n + 1))
	if "$@" >"$T/.out" 2>"$T/.err"; then
		echo "ok $_n - $_d"
	else
		echo "not ok $_n - $_d"
		sed 's/^/# /' "$T/.out" "$T/.err" | head -20
		_fail=1
	fi
}

# check DESCRIPTION 'shell snippet' : passes when the snippet exits 0.
check() {
	_d=$1
	_n=$((_n + 1))
	if sh -c "$2" >"$T/.out" 2>"$T/.err"; then
		echo "ok $_n - $_d"
	else
		echo "not ok $_n - $_d"
		echo "# ran: $2"
		sed 's/^/# /' "$T/.out" "$T/.err" | head -20
		_fail=1
	fi
}

# status DESCRIPTION EXPECTED COMMAND... : passes when the command exits with EXPECTED.
status() {
	_d=$1 _want=$2; shift 2
	_n=$((_n + 1))
	"$@" >"$T/.out" 2>"$T/.err"
	_rc=$?
	if [ "$_rc" -eq "$_want" ]; then
		echo "ok $_n - $_d"
	else
		echo "not ok $_n - $_d (exit $_rc, wanted $_want)"
		sed 's/^/# /' "$T/.out" "$T/.err" | head -20
		_fail=1
	fi
}

# absent [GREP-OPTION...] PATTERN PATH... : for ok/status. Passes when grep -r finds PATTERN
# in none of the PATHs, and fails when a PATH is missing or empty (a folder: holds no file
# that is not empty), so that "nothing found" cannot come from an output never written.
absent() {
	_o=
	while [ $# -gt 0 ]; do
		case $1 in -?*) _o="$_o $1"; shift ;; *) break ;; esac
	done
	_p=$1; shift
	[ $# -gt 0 ] || { echo "absent: no file to look in"; return 1; }
	for _f; do
		if [ -d "$_f" ]; then
			[ -n "$(find "$_f" -type f -size +0 | head -n 1)" ] ||
			    { echo "absent: '$_f' holds no file"; return 1; }
		elif [ ! -s "$_f" ]; then
			echo "absent: '$_f' is missing or empty"
			return 1
		fi
	done
	# shellcheck disable=SC2086
	grep -r $_o -- "$_p" "$@" >"$T/.absent"
	case $? in
	1) return 0 ;;
	0) echo "absent: found '$_p':"; head -5 "$T/.absent"; return 1 ;;
	*) echo "absent: grep failed"; return 1 ;;
	esac
}

# skip DESCRIPTION REASON : a check that cannot run here, for want of something optional.
# tests/run.sh counts it as skipped, not passed. Nothing `make deps` installs is optional.
skip() {
	_n=$((_n + 1))
	echo "ok $_n - $1 # SKIP $2"
}

# each_corpus FUNCTION : calls FUNCTION with each folder of $CORPUS in turn, tests/corpus
# first. A whole-corpus check is written once, in a function, and counted once a folder.
each_corpus() {
	_corpus_rest=$CORPUS
	while [ -n "$_corpus_rest" ]; do
		_corpus=${_corpus_rest%%:*}
		case $_corpus_rest in
		*:*) _corpus_rest=${_corpus_rest#*:} ;;
		*) _corpus_rest= ;;
		esac
		[ -z "$_corpus" ] || "$1" "$_corpus"
	done
}

# ncorpus : the number of folders in $CORPUS, for plan.
ncorpus() { printf '%s\n' "$CORPUS" | tr : '\n' | grep -c .; }

# on_tty ANSWER CMD...: runs CMD with a terminal (a pty) as stdin, stdout and stderr; types
# ANSWER and Enter once CMD asks "[y/N] " (never, when it does not ask); prints what the
# terminal showed (its CR LF line ends made LF) and exits as CMD did.
on_tty() {
	python3 - "$@" <<'PY'
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
out = b''
sent = False
while True:
    try:
        b = os.read(fd, 65536)
    except OSError:
        break
    if not b:
        break
    out += b
    if not sent and b'[y/N] ' in out:
        os.write(fd, sys.argv[1].encode() + b'\n')
        sent = True
_, st = os.waitpid(pid, 0)
sys.stdout.buffer.write(out.replace(b'\r\n', b'\n'))
sys.exit(os.waitstatus_to_exitcode(st))
PY
}

# noise_photos DIR FIRST LAST [W H]: DIR/photo-N.jpg for N from FIRST to LAST, distinct
# photos of coloured noise (W x H, 64 x 48 unless given), the same on every run.
noise_photos() {
	mkdir -p "$1" && python3 - "$@" <<'PY'
import os, random, subprocess, sys
d, first, last = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
w, h = (int(sys.argv[4]), int(sys.argv[5])) if len(sys.argv) > 5 else (64, 48)
for i in range(first, last + 1):
    random.seed(i)
    ppm = b"P6 %d %d 255\n" % (w, h) + bytes(random.randrange(256) for _ in range(w * h * 3))
    with open("%s/photo-%d.jpg" % (d, i), "wb") as f:
        f.write(subprocess.run(["cjpeg"], input=ppm, check=True, capture_output=True).stdout)
PY
}

done_testing() { exit $_fail; }
