/*
 * vox pair — declares the twinning pairs of a collection.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox pair [-q] [-C DIR] add PAIR [--name NAME]\n"
    "       vox pair [-q] [-C DIR] ls [--json]\n"
    "       vox pair [-q] [-C DIR] rm PAIR...\n"
    "       vox pair [-q] [-C DIR] rename OLD NEW\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_PAIR, usage, argc, argv);
}
