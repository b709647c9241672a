#ifndef VOX_CMD_NAMED_H
#define VOX_CMD_NAMED_H

/*
 * The tools that declare a collection's named things share one shape:
 *   vox KIND add NAME [options] | ls [--json] | rm NAME | rename OLD NEW
 * vox pair, vox site, vox participant, vox session and vox theme are each a main that
 * calls vox_named_main() with their kind and usage text.
 */

#include "vox/catalog.h"

/* Runs the tool; returns the exit status (enum vox_exit). */
int vox_named_main(enum vox_kind kind, const char *usage, int argc, char **argv);

#endif
