/*
 * A fixture for tests/bench/bench-gallery.sh when vox ingest is not built: makes, in DIR, a
 * collection of every .jpg of FOLDER, scrubbed and shared with the group.
 *
 *   folder-collection DIR FOLDER
 */
#include <stdio.h>

#include "../helpers/collection.h"

int
main(int argc, char **argv)
{
	if (argc != 3) {
		fputs("usage: folder-collection DIR FOLDER\n", stderr);
		return 2;
	}
	tc_folder_collection(argv[1], argv[2]);
	return 0;
}
