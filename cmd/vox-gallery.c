/*
 * vox gallery — builds a static, accessible gallery of the photos a given audience may see,
 * grouped by pair and site, with theme pages, a page per photo and a page of every story.
 */
#include <getopt.h>
#include <stdio.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/gallery.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox gallery [-qv] [-C DIR] -o OUTDIR --audience group|report|public [--strict]\n"
    "                   [--ui-lang en|cy|cy+en] [--pair PAIR] [--site SITE] [--theme THEME]\n"
    "                   [--participant CODE] [--session SESSION]\n";

enum {
	OPT_AUDIENCE = 256, OPT_STRICT, OPT_PAIR, OPT_SITE, OPT_THEME, OPT_PARTICIPANT,
	OPT_SESSION, OPT_UI_LANG,
};

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "audience", required_argument, NULL, OPT_AUDIENCE },
		{ "strict", no_argument, NULL, OPT_STRICT },
		{ "pair", required_argument, NULL, OPT_PAIR },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "ui-lang", required_argument, NULL, OPT_UI_LANG },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_gallery_opts opts;
	struct vox_gallery_result res = { 0 };
	const char *dir = NULL, *out = NULL;
	vox_catalog *cat;
	int c, audience = -1, quiet = 0, verbose = 0, status = VOX_EXIT_OK;

	vox_cli_init("gallery");
	vox_gallery_opts_init(&opts);
	while ((c = getopt_long(argc, argv, "C:ho:qv", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'o': out = optarg; break;
		case 'q': quiet = 1; vox_cli_set_quiet(1); break;
		case 'v': verbose = 1; break;
		case OPT_UI_LANG: opts.lang = optarg; break;
		case OPT_AUDIENCE:
			audience = vox_audience_parse(optarg);
			if (audience < VOX_AUDIENCE_GROUP)
				vox_die(VOX_EXIT_USAGE, "'%s': a gallery's audience is group, report "
				    "or public", optarg);
			break;
		case OPT_STRICT: opts.strict = 1; break;
		case OPT_PAIR: f.pair = optarg; break;
		case OPT_SITE: f.site = optarg; break;
		case OPT_THEME: f.theme = optarg; break;
		case OPT_PARTICIPANT: f.participant = optarg; break;
		case OPT_SESSION: f.session = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || !out || !*out || audience < 0)
		vox_usage(usage);
	vox_cli_output_path(out);
	opts.audience = (enum vox_audience)audience;
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	vox_progress("building the gallery in '%s'", out);
	if (vox_gallery_build_catalog(cat, &f, out, &opts, &res) != 0) {
		enum vox_error_kind kind = vox_error_kind();

		vox_progress_done();
		vox_warn_photos(res.warnings, "vox todo lists them");
		vox_warn_error();
		/* Photos without alt text under --strict are refused (1); a filter naming
		 * nothing is an option gone wrong (2); anything else is the collection or the
		 * disk (3). */
		status = kind == VOX_ERR_NOT_FOUND ? VOX_EXIT_USAGE : vox_cli_exit_status(kind);
		goto out;
	}
	vox_progress_done();
	vox_warn_photos(res.warnings, "vox todo lists them");
	if (res.refused > 0)
		status = VOX_EXIT_REFUSED;
	/* Words a speaker of their language has still to check, for the facilitator to ask. */
	if (verbose)
		for (guint i = 0; res.unchecked && i < res.unchecked->len; i++)
			vox_warn("not yet checked by a speaker: %s",
			    (const char *)res.unchecked->pdata[i]);
	if (!quiet)
		vox_warn("'%s': %d %s, %d pages, %llu images made", out, res.photos,
		    res.photos == 1 ? "photo" : "photos", res.pages,
		    (unsigned long long)res.encodes);
out:
	vox_gallery_result_release(&res);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
