/*
 * vox archive — writes a selection of the collection as a BagIt bag or a REFI-QDA project,
 * or verifies bags.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "vox/archive.h"
#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/import.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox archive [-q] [-C DIR] -o FILE -a group|report|public\n"
    "                   [--format zip|tar|tar.gz|dir|qdpx] [--pair PAIR] [--site SITE]\n"
    "                   [--theme THEME] [--participant CODE] [--session SESSION]\n"
    "                   [--allow-sensitive-public] [--with-gallery] [--with-report]\n"
    "       vox archive [-q] --verify BAG...\n";

enum { OPT_FORMAT = 256, OPT_PAIR, OPT_VERIFY, OPT_SENSITIVE, OPT_SITE, OPT_THEME,
	OPT_PARTICIPANT, OPT_SESSION, OPT_GALLERY, OPT_REPORT };

static int
verify(int argc, char **argv)
{
	int status = VOX_EXIT_OK;

	if (argc == 0)
		vox_usage(usage);
	for (int i = 0; i < argc; i++) {
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);
		vox_bag_reader *r = vox_bag_open(argv[i]);
		int rc = r ? vox_bag_verify(r, problems, NULL) : -1;

		if (rc < 0)
			vox_warn_error();
		for (guint k = 0; k < problems->len; k++)
			vox_warn("'%s': %s", argv[i], (char *)g_ptr_array_index(problems, k));
		if (rc == 0)
			vox_line("%s: valid", argv[i]);
		else
			status = VOX_EXIT_REFUSED;
		vox_bag_close(r);
		g_ptr_array_unref(problems);
	}
	return status;
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "audience", required_argument, NULL, 'a' },
		{ "collection", required_argument, NULL, 'C' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "pair", required_argument, NULL, OPT_PAIR },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "quiet", no_argument, NULL, 'q' },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "verify", no_argument, NULL, OPT_VERIFY },
		{ "allow-sensitive-public", no_argument, NULL, OPT_SENSITIVE },
		{ "with-gallery", no_argument, NULL, OPT_GALLERY },
		{ "with-report", no_argument, NULL, OPT_REPORT },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_archive_options o = { .filter = VOX_FILTER_INIT, .mtime = -1 };
	const char *out = NULL, *coll_opt = NULL;
	int audience = -1, format = -1, do_verify = 0, quiet = 0, qdpx = 0, c, n;
	GPtrArray *warnings;
	int left_out = 0;
	vox_catalog *cat;
	int rc;

	vox_cli_init("archive");
	while ((c = getopt_long(argc, argv, "a:C:ho:q", longopts, NULL)) != -1) {
		switch (c) {
		case 'a':
			audience = vox_audience_parse(optarg);
			if (audience < VOX_AUDIENCE_GROUP) {
				vox_warn("'%s': the audience is group, report or public", optarg);
				vox_usage(usage);
			}
			break;
		case 'C':
			coll_opt = optarg;
			break;
		case 'h':
			fputs(usage, stdout);
			return vox_cli_finish(VOX_EXIT_OK);
		case 'o':
			out = optarg;
			break;
		case OPT_PARTICIPANT:
			o.filter.participant = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_SESSION:
			o.filter.session = optarg;
			break;
		case OPT_SITE:
			o.filter.site = optarg;
			break;
		case OPT_THEME:
			o.filter.theme = optarg;
			break;
		case OPT_FORMAT:
			qdpx = strcmp(optarg, "qdpx") == 0;
			format = qdpx ? VOX_BAG_ZIP : vox_bag_format_parse(optarg);
			if (format < 0) {
				vox_warn("'%s': the format is zip, tar, tar.gz, dir or qdpx", optarg);
				vox_usage(usage);
			}
			break;
		case OPT_PAIR:
			o.filter.pair = optarg;
			break;
		case OPT_SENSITIVE:
			o.filter.allow_sensitive_public = 1;
			break;
		case OPT_REPORT:
			o.with_report = 1;
			break;
		case OPT_GALLERY:
			o.with_gallery = 1;
			break;
		case OPT_VERIFY:
			do_verify = 1;
			break;
		default:
			vox_usage(usage);
		}
	}
	vox_cli_set_quiet(quiet);
	argc -= optind;
	argv += optind;
	if (do_verify)
		return vox_cli_finish(verify(argc, argv));
	if (argc != 0 || !out || !*out || audience < 0)
		vox_usage(usage);
	vox_cli_output_path(out);
	o.audience = (enum vox_audience)audience;
	/* A REFI-QDA project by its format or its name's extension. */
	o.qdpx = qdpx || (format < 0 && g_str_has_suffix(out, ".qdpx"));
	o.format = format >= 0 ? (enum vox_bag_format)format : vox_bag_format_guess(out);
	if (o.qdpx && (o.with_gallery || o.with_report)) {
		vox_warn("a REFI-QDA project (--format qdpx) holds no gallery and no report");
		vox_usage(usage);
	}
	cat = vox_catalog_find_read(coll_opt);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	warnings = g_ptr_array_new_with_free_func(g_free);
	rc = vox_archive_write(cat, out, &o, &n, &left_out, warnings);
	vox_warn_photos(warnings, NULL);
	g_ptr_array_unref(warnings);
	if (rc != 0) {
		vox_warn_error();
		vox_catalog_close(cat);
		return VOX_EXIT_IO;
	}
	vox_catalog_close(cat);
	if (!quiet)
		vox_warn("'%s': %d photo%s for the audience '%s'", out, n, n == 1 ? "" : "s",
		    vox_audience_name(o.audience));
	/* Written, and valid, but a collection could not take it back in one piece. */
	if (n > VOX_IMPORT_MAX_PHOTOS && !o.qdpx)
		vox_warn("'%s': %d photos, more than vox import takes from one bag (%d); archive "
		    "part of the collection at a time (--pair, --site, --session) to import it "
		    "elsewhere", out, n, VOX_IMPORT_MAX_PHOTOS);
	/* Photos left out because their stored file is missing or changed: done, but not
	 * everything asked for, as vox gallery and vox review say it. */
	return vox_cli_finish(left_out > 0 ? VOX_EXIT_REFUSED : VOX_EXIT_OK);
}
