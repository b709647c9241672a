/*
 * vox pair — declares the twinning pairs of a collection.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox pair [-q] [-C DIR] add PAIR [--name NAME] [--name LANG=NAME]...\n"
    "       vox pair [-q] [-C DIR] set PAIR [--name NAME] [--name LANG=NAME]... [--cover REF]\n"
    "       vox pair [-q] [-C DIR] ls [--json]\n"
    "       vox pair [-q] [-C DIR] rm PAIR...\n"
    "       vox pair [-q] [-C DIR] rename OLD NEW [--name LANG=NAME]...\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_PAIR, usage, argc, argv);
}
