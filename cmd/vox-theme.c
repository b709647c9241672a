/*
 * vox theme — declares the themes photos are tagged with.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox theme [-q] [-C DIR] add THEME [--name NAME] [--name LANG=NAME]...\n"
    "       vox theme [-q] [-C DIR] set THEME [--name NAME] [--name LANG=NAME]...\n"
    "       vox theme [-q] [-C DIR] ls [--json]\n"
    "       vox theme [-q] [-C DIR] rm THEME...\n"
    "       vox theme [-q] [-C DIR] rename OLD NEW [--name LANG=NAME]...\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_THEME, usage, argc, argv);
}
