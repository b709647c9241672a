/*
 * vox init — creates a collection: vox.db with the schema, the default themes and the
 * SHOWeD prompts, store/ and cache/.
 */
#include <getopt.h>
#include <stdio.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox init [-q] [--title TITLE] [DIR]\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "title", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	const char *title = NULL, *dir = ".";
	vox_catalog *cat;
	int c, status = VOX_EXIT_OK;

	vox_cli_init("init");
	while ((c = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case 't': title = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (argc - optind > 1)
		vox_usage(usage);
	if (argc - optind == 1)
		dir = argv[optind];
	/* What was there before decides the status: an existing collection, or a store that
	 * lost its catalog, is refused; anything else that fails is an I/O failure. */
	char *db = g_build_filename(dir, "vox.db", NULL);
	char *store = g_build_filename(dir, "store", NULL);
	char *lost = g_build_filename(dir, VOX_LOST_FOUND, NULL);
	int there = g_file_test(db, G_FILE_TEST_EXISTS) || g_file_test(store, G_FILE_TEST_IS_DIR) ||
	    g_file_test(lost, G_FILE_TEST_IS_DIR);

	g_free(db);
	g_free(store);
	g_free(lost);
	if (vox_catalog_create(dir) != 0) {
		vox_warn_error();
		return there ? VOX_EXIT_REFUSED : VOX_EXIT_IO;
	}
	if (title) {
		cat = vox_catalog_open(dir);
		if (!cat || vox_catalog_set_title(cat, title) != 0) {
			vox_warn_error();
			status = VOX_EXIT_IO;
		}
		vox_catalog_close(cat);
	}
	if (status == VOX_EXIT_OK) {
		g_autofree char *abs = g_canonicalize_filename(dir, NULL);

		vox_note("made a new collection in '%s'%s%s%s", abs, title ? " titled '" : "",
		    title ? title : "", title ? "'" : "");
	}
	return vox_cli_finish(status);
}
