/*
 * vox check — the catalog and the store agree: every photo's file is there and matches
 * its hash, nothing is orphaned or half-written, nothing withdrawn is left behind.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/adopt.h"
#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/store.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox check [-q] [-C DIR]\n"
    "       vox check [-nq] [-C DIR] --repair\n"
    "       vox check [-nq] [-C DIR] --adopt\n";

/* vox check --adopt: what --repair moved to lost+found/ comes back as photos. */
static int
adopt(vox_catalog *cat, int dry, int quiet)
{
	GPtrArray *done = g_ptr_array_new_with_free_func((GDestroyNotify)vox_check_finding_free);
	int left = vox_adopt_lost(cat, dry ? VOX_DRY_RUN : VOX_APPLY, done);

	for (guint i = 0; i < done->len; i++) {
		struct vox_check_finding *f = done->pdata[i];

		vox_line("%s: %s", f->path, f->problem);
	}
	if (left < 0)
		vox_warn_error();
	else if (!quiet && done->len == 0)
		vox_warn("nothing in %s/ to adopt", VOX_LOST_FOUND);
	g_ptr_array_unref(done);
	if (left < 0)
		return VOX_EXIT_IO;
	return left > 0 ? VOX_EXIT_REFUSED : VOX_EXIT_OK;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "adopt", no_argument, NULL, 'a' },
		{ "help", no_argument, NULL, 'h' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "repair", no_argument, NULL, 'r' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL;
	int c, dry = 0, repair = 0, left, quiet = 0, adopting = 0, status;
	vox_catalog *cat;
	GPtrArray *findings;
	guint repaired = 0;

	vox_cli_init("check");
	while ((c = getopt_long(argc, argv, "C:hnq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'a': adopting = 1; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'n': dry = 1; break;
		case 'q': quiet = 1; vox_cli_set_quiet(1); break;
		case 'r': repair = 1; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || (dry && !repair && !adopting) || (repair && adopting))
		vox_usage(usage);
	/* Only a repair or an adoption changes the collection: a check works on a read-only
	 * one. An adoption is a writer like any other; a check opens a collection whose
	 * folders are links, or whose catalog is not its store's, to report it. */
	cat = adopting ? vox_catalog_find(dir) : vox_catalog_find_check(dir, repair);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (adopting) {
		status = adopt(cat, dry, quiet);
		vox_catalog_close(cat);
		return vox_cli_finish(status);
	}
	findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_check_finding_free);
	/* The check waits for photos being added; say why it is silent meanwhile. */
	switch (vox_catalog_store_busy(cat, VOX_LOCK_EXCLUSIVE)) {
	case 1:
		vox_progress("waiting for a vox ingest to finish adding photos...");
		break;
	case -1:
		vox_error_clear(); /* the check itself will say what is wrong with the lock */
		break;
	}
	left = vox_catalog_check(cat, (repair ? VOX_CHECK_REPAIR : VOX_CHECK_REPORT) |
	    (dry ? VOX_CHECK_DRY_RUN : 0), findings);
	vox_progress_done();
	if (left < 0) {
		vox_warn_error();
		g_ptr_array_unref(findings);
		vox_catalog_close(cat);
		return VOX_EXIT_IO;
	}
	for (guint i = 0; i < findings->len; i++) {
		struct vox_check_finding *f = findings->pdata[i];

		/* A path is a file's name found in store/ or cache/, or an output's: anyone's
		 * words, shown escaped on a terminal (vox_line()). */
		if (!f->repaired)
			vox_line("%s: %s", f->path, f->problem);
		else if (strcmp(f->path, "vox.db") == 0) /* only a purge repairs the catalog */
			vox_line("%s: %s (%s)", f->path, f->problem, dry ? "would purge" : "purged");
		else if (f->moved_to)
			vox_line("%s: %s (%s %s)", f->path, f->problem,
			    dry ? "would move to" : "moved to", f->moved_to);
		else
			vox_line("%s: %s (%s)", f->path, f->problem,
			    dry ? "would remove" : "removed");
		repaired += f->repaired ? 1 : 0;
	}
	if (!quiet && findings->len == 0)
		vox_warn("no problems found");
	else if (!quiet && findings->len > 0)
		vox_warn("%u problem%s found, %u %s", findings->len, findings->len == 1 ? "" :
		    "s", repaired, dry ? "would be repaired" : "repaired");
	g_ptr_array_unref(findings);
	vox_catalog_close(cat);
	/* A dry run repairs nothing, so what it found is still wrong. */
	return vox_cli_finish(left > 0 || (dry && repaired > 0) ? VOX_EXIT_REFUSED :
	    VOX_EXIT_OK);
}
