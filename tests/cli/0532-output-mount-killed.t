#!/bin/sh
# A gallery filling a mount point (which cannot be renamed) puts the new output in place
# entry by entry. Killed at any point of that fill, it leaves a folder the next build may
# still replace, since every entry there is of the old gallery or the new: the next build
# succeeds and leaves the gallery whole, with no journal or build folder behind, and a
# file a person puts there after the kill is still never replaced. A shim preloaded into
# vox gallery kills it (SIGKILL) at the Nth rename of the fill.
. tests/cli/lib.sh
C="$T/c"
export C T
plan 19
mkdir "$T/mnt"
if ! mount -t tmpfs -o size=64m tmpfs "$T/mnt" 2>"$T/mount.err"; then
	for i in $(seq 19); do
		skip "a fill of a mount point killed" "mount -t tmpfs refused: $(head -n 1 "$T/mount.err")"
	done
	done_testing
	exit 0
fi
trap 'umount "$T/mnt" 2>/dev/null; rm -rf "$T"' EXIT
"$VOX_BUILD/tests/cli/gallery-collection" "$C" >"$T/fixture.log" 2>&1 ||
    { echo "Bail out! cannot make the collection"; sed 's/^/# /' "$T/fixture.log"; exit 1; }
cat >"$T/killrename.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
static int calls;
int
renameat2(int ofd, const char *from, int nfd, const char *to, unsigned int flags)
{
	int (*real)(int, const char *, int, const char *, unsigned int) =
	    (int (*)(int, const char *, int, const char *, unsigned int))dlsym(RTLD_NEXT,
	    "renameat2");
	const char *at = getenv("KILL_AT");
	if (at && ++calls == atoi(at))
		kill(getpid(), SIGKILL);
	return real(ofd, from, nfd, to, flags);
}
__attribute__((destructor)) static void
report(void)
{
	FILE *f = fopen(getenv("KILL_COUNT"), "w");
	if (f) {
		fprintf(f, "%d\n", calls);
		fclose(f);
	}
}
C
cc -shared -fPIC -o "$T/killrename.so" "$T/killrename.c" -ldl ||
    { echo "Bail out! cannot build the shim"; exit 1; }

# The gallery in the mount point is whole, and nothing of a fill is left.
whole='test -s "$T/mnt/index.html" && test -s "$T/mnt/.vox-output" &&
    ! ls -A "$T/mnt" | grep -q "^\.vox-build-\|^\.vox-output-filling$" &&
    mountpoint -q "$T/mnt"'
ok "a gallery of the group's photos fills the mount point" \
	vox gallery -q -C "$C" -o "$T/mnt" --audience group
ok "a gallery for reports replaces it, the renames counted" \
	env LD_PRELOAD="$T/killrename.so" KILL_AT=0 KILL_COUNT="$T/count" \
	vox gallery -q -C "$C" -o "$T/mnt" --audience report
n=$(cat "$T/count")
export n
check "the fill renamed entries one by one ($n)" 'test "$n" -gt 3'
audience=group
for at in 1 2 $((n / 2)) $((n - 1)) "$n"; do
	env LD_PRELOAD="$T/killrename.so" KILL_AT="$at" KILL_COUNT=/dev/null \
	    vox gallery -q -C "$C" -o "$T/mnt" --audience "$audience" 2>"$T/killed.err"
	st=$?
	export st
	check "killed at rename $at of $n (status $st)" 'test "$st" -eq 137'
	ok "after the kill at rename $at, the next build replaces the folder" \
		vox gallery -q -C "$C" -o "$T/mnt" --audience "$audience"
	check "and leaves the gallery whole" "$whole"
	[ "$audience" = group ] && audience=report || audience=group
done
env LD_PRELOAD="$T/killrename.so" KILL_AT=2 KILL_COUNT=/dev/null \
    vox gallery -q -C "$C" -o "$T/mnt" --audience "$audience" 2>/dev/null
printf 'my notes' >"$T/mnt/notes.txt"
status "a file a person put there after a kill is still not replaced" 3 \
	vox gallery -q -C "$C" -o "$T/mnt" --audience group
umount "$T/mnt"
done_testing
