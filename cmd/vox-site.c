/*
 * vox site — declares the sites (places, organisations) of each pair.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox site [-q] [-C DIR] add SITE --pair PAIR --setting rural|urban|other\n"
    "                [--name NAME] [--name LANG=NAME]...\n"
    "       vox site [-q] [-C DIR] set SITE [--name NAME] [--name LANG=NAME]... [--cover REF]\n"
    "       vox site [-q] [-C DIR] ls [--pair PAIR] [--json]\n"
    "       vox site [-q] [-C DIR] rm SITE...\n"
    "       vox site [-q] [-C DIR] rename OLD NEW [--name LANG=NAME]...\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_SITE, usage, argc, argv);
}
