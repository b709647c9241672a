/*
 * vox report — the evaluator's report: figures (equal to vox stats for the same
 * selection), bar charts beside their tables, stories of the photos the audience may see,
 * consent over time and a method note, one accessible page readable on screen and on paper.
 */
#include <getopt.h>
#include <stdio.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/report.h"
#include "vox/ui.h"

#include "lib/cli.h"
#include "lib/filter.h"

static const char usage[] =
    "usage: vox report [-q] [-C DIR] -o OUTDIR --audience group|report|public\n"
    "                  [--ui-lang en|cy] [--pair PAIR] [--site SITE] [--theme THEME]\n"
    "                  [--participant CODE] [--session SESSION] [--people VALUE]\n"
    "                  [--untagged] [--uncaptioned] [--no-alt]\n";

enum { OPT_UI_LANG = 256 };

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "ui-lang", required_argument, NULL, OPT_UI_LANG },
		VOX_CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_report_opts opts;
	struct vox_report_result res = { 0 };
	const char *dir = NULL, *out = NULL;
	vox_catalog *cat;
	int c, quiet = 0, status = VOX_EXIT_OK;

	vox_cli_init("report");
	vox_report_opts_init(&opts);
	while ((c = getopt_long(argc, argv, "C:ho:q", longopts, NULL)) != -1) {
		if (vox_cli_filter_option(c, optarg, &f))
			continue;
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'o': out = optarg; break;
		case 'q': quiet = 1; vox_cli_set_quiet(1); break;
		case OPT_UI_LANG:
			if (!vox_ui_lang_valid(optarg))
				vox_die(VOX_EXIT_USAGE, "'%s': the interface speaks en or cy",
				    optarg);
			opts.lang = optarg;
			break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || !out || !*out || f.audience < 0)
		vox_usage(usage);
	if (f.audience < VOX_AUDIENCE_GROUP)
		vox_die(VOX_EXIT_USAGE, "'private': a report's audience is group, report or "
		    "public");
	opts.audience = (enum vox_audience)f.audience;
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	vox_progress("building the report in '%s'", out);
	if (vox_report_build(cat, &f, out, &opts, &res) != 0) {
		enum vox_error_kind kind = vox_error_kind();

		vox_progress_done();
		for (guint i = 0; i < res.warnings->len; i++)
			vox_warn("%s", (const char *)res.warnings->pdata[i]);
		vox_warn_error();
		status = kind == VOX_ERR_NOT_FOUND ? VOX_EXIT_USAGE : vox_cli_exit_status(kind);
		goto out;
	}
	vox_progress_done();
	for (guint i = 0; i < res.warnings->len; i++)
		vox_warn("%s", (const char *)res.warnings->pdata[i]);
	if (res.refused > 0)
		status = VOX_EXIT_REFUSED;
	if (!quiet)
		vox_warn("'%s': %d %s in the stories", out, res.photos,
		    res.photos == 1 ? "photo" : "photos");
out:
	vox_report_result_release(&res);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
