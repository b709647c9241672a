#!/bin/sh
# vox gallery's derive workers never compile or free liborc vector code at the same time.
# liborc 0.4.33 (Debian 12) locks the allocation of code memory but not its release, so a
# worker dropping a resize while another compiles one corrupts orc's list of code chunks:
# vox gallery died with SIGSEGV in liborc after some thousands of photos. A crash that
# rare cannot be waited for in a test; instead a shim preloaded into vox gallery wraps
# orc_program_compile and orc_program_free, holds each call open a little longer (so that
# any overlap the code allows happens within a few photos) and counts the calls that began
# while another thread was inside one.
. tests/cli/lib.sh
plan 4
C="$T/c"
export C T
cat >"$T/orcguard.c" <<'C'
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static int inside, overlaps, calls;

static void
enter(void)
{
	struct timespec ts = { 0, 1000000 };

	if (__atomic_fetch_add(&inside, 1, __ATOMIC_SEQ_CST) > 0)
		__atomic_fetch_add(&overlaps, 1, __ATOMIC_SEQ_CST);
	__atomic_fetch_add(&calls, 1, __ATOMIC_SEQ_CST);
	nanosleep(&ts, NULL);
}

static void
leave(void)
{
	__atomic_fetch_sub(&inside, 1, __ATOMIC_SEQ_CST);
}

int
orc_program_compile(void *p)
{
	int (*real)(void *) = (int (*)(void *))dlsym(RTLD_NEXT, "orc_program_compile");
	int r;

	enter();
	r = real(p);
	leave();
	return r;
}

void
orc_program_free(void *p)
{
	void (*real)(void *) = (void (*)(void *))dlsym(RTLD_NEXT, "orc_program_free");

	enter();
	real(p);
	leave();
}

__attribute__((destructor)) static void
report(void)
{
	FILE *f = fopen(getenv("ORCGUARD_OUT"), "w");

	if (f) {
		fprintf(f, "%d %d\n", calls, overlaps);
		fclose(f);
	}
}
C
ok "the shim builds" cc -shared -fPIC -o "$T/orcguard.so" "$T/orcguard.c" -ldl
mkdir "$T/photos"
python3 - "$T/photos" <<'PY'
import random, subprocess, sys
for i in range(1, 25):
    random.seed(i)
    ppm = "%s/p.ppm" % sys.argv[1]
    with open(ppm, "wb") as f:
        f.write(b"P6 1000 750 255\n" + random.randbytes(1000 * 750 * 3))
    with open("%s/photo-%02d.jpg" % (sys.argv[1], i), "wb") as f:
        f.write(subprocess.run(["cjpeg", "-quality", "60", ppm], check=True,
                               capture_output=True).stdout)
PY
rm -f "$T/photos/p.ppm"
vox init -q --title Threads "$C" && vox pair -q -C "$C" add p &&
    vox site -q -C "$C" add s --pair p --setting urban &&
    vox participant -q -C "$C" add P01 --site s &&
    vox ingest -q -C "$C" -p P01 -s s --consent group --people none "$T/photos" >/dev/null
ok "a gallery of 24 photos of 1000 x 750 builds with the shim" \
    env LD_PRELOAD="$T/orcguard.so" ORCGUARD_OUT="$T/orc" \
    vox gallery -q -C "$C" -o "$T/g" --audience group
check "the shim saw libvips compile and free vector code" 'read calls overlaps <"$T/orc" && test "$calls" -gt 24'
check "no compile or free of vector code began while another was under way" \
    'cat "$T/orc"; read calls overlaps <"$T/orc" && test "$overlaps" -eq 0'
done_testing
