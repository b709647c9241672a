/*
 * vox session — declares workshop days.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox session [-q] [-C DIR] add SESSION [--site SITE] [--date YYYY-MM-DD]\n"
    "       vox session [-q] [-C DIR] ls [--json]\n"
    "       vox session [-q] [-C DIR] rm SESSION...\n"
    "       vox session [-q] [-C DIR] rename OLD NEW\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_SESSION, usage, argc, argv);
}
