/*
 * vox participant — declares participants by pseudonymous code.
 */
#include "lib/named.h"

static const char usage[] =
    "usage: vox participant [-q] [-C DIR] add CODE [--site SITE] [--name NAME] [--minor]\n"
    "       vox participant [-q] [-C DIR] ls [--json]\n"
    "       vox participant [-q] [-C DIR] rm CODE...\n"
    "       vox participant [-q] [-C DIR] rename OLD NEW\n";

int
main(int argc, char **argv)
{
	return vox_named_main(VOX_KIND_PARTICIPANT, usage, argc, argv);
}
