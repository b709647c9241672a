/*
 * vox import — merges bags written by vox archive into the collection.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/import.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage[] =
    "usage: vox import [-nq] [--apply-withdrawals] [-C DIR] BAG...\n";

enum { OPT_APPLY_WITHDRAWALS = 256 };

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "apply-withdrawals", no_argument, NULL, OPT_APPLY_WITHDRAWALS },
		{ "collection", required_argument, NULL, 'C' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 },
	};
	const char *coll_opt = NULL;
	unsigned flags = 0;
	int quiet = 0, status = VOX_EXIT_OK, c;
	vox_catalog *cat;

	vox_cli_init("import");
	while ((c = getopt_long(argc, argv, "C:hnq", longopts, NULL)) != -1) {
		switch (c) {
		case OPT_APPLY_WITHDRAWALS:
			flags |= VOX_IMPORT_APPLY_WITHDRAWALS;
			break;
		case 'C':
			coll_opt = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return vox_cli_finish(VOX_EXIT_OK);
		case 'n':
			flags |= VOX_IMPORT_DRY_RUN;
			break;
		case 'q':
			quiet = 1;
			break;
		default:
			vox_usage(usage);
		}
	}
	vox_cli_set_quiet(quiet);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		vox_usage(usage);
	cat = vox_catalog_find(coll_opt);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	for (int i = 0; i < argc; i++) {
		struct vox_import_result r;
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);

		vox_import_result_init(&r);
		if (vox_import_bag(cat, argv[i], flags, &r, problems) != 0) {
			for (guint k = 0; k < problems->len; k++)
				vox_warn("'%s': %s", argv[i], (char *)g_ptr_array_index(problems, k));
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else {
			/* Notices matter (renumbering, withdrawals): shown even with -q. */
			for (guint k = 0; k < r.notices->len; k++)
				vox_warn("'%s': %s", argv[i], (char *)g_ptr_array_index(r.notices, k));
			vox_line("%s\t%s%d added, %d already here, %d renumbered, %d not imported "
			    "(withdrawn), %d withdrawn here, %d tombstones, %d names declared, "
			    "%d withdrawals not applied", argv[i],
			    flags & VOX_IMPORT_DRY_RUN ? "would be: " : "", r.added, r.existing,
			    r.renumbered, r.skipped, r.withdrawn, r.tombstones, r.declared,
			    r.withheld);
			/* Withdrawals the bag asks for but the user has not confirmed: part of
			 * the bag was not applied. */
			if (r.withheld)
				status = VOX_EXIT_REFUSED;
			/* A withdrawal the bag carried leaves the photo in outputs built here. */
			if (r.withdrawn > 0 && !(flags & VOX_IMPORT_DRY_RUN) &&
			    vox_cli_stale_outputs(cat, 0, NULL) < 0)
				status = VOX_EXIT_IO;
		}
		vox_import_result_release(&r);
		g_ptr_array_unref(problems);
	}
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
