/*
 * A fixture for tests/cli/0400-gallery.t: makes, in DIR, the Cornwall collection of the
 * gallery tests (tests/helpers/collection.h), scrubbed photos from $CORPUS recorded through
 * the catalog's API.
 *
 *   gallery-collection DIR
 */
#include <stdio.h>

#include "../helpers/collection.h"

int
main(int argc, char **argv)
{
	if (argc != 2) {
		fputs("usage: gallery-collection DIR\n", stderr);
		return 2;
	}
	tc_gallery_collection(argv[1], tc_env_corpus);
	return 0;
}
