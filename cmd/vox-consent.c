/*
 * vox consent — records who may see photos: the audience, whether people in them agreed,
 * and the sensitive and minor flags.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/consent_sheet.h"
#include "vox/error.h"

#include "lib/cli.h"
#include "lib/outputs.h"

static const char usage[] =
    "usage: vox consent [-q] [-C DIR] [--audience LEVEL] [--people VALUE]\n"
    "                   [--sensitive on|off] [--minor on|off] [ID...]\n"
    "       vox consent [-q] [-C DIR] --from FILE\n";

static int
onoff(const char *opt, const char *v)
{
	if (strcmp(v, "on") == 0 || strcmp(v, "yes") == 0)
		return 1;
	if (strcmp(v, "off") == 0 || strcmp(v, "no") == 0)
		return 0;
	vox_die(VOX_EXIT_USAGE, "'%s': --%s is on or off", v, opt);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "audience", required_argument, NULL, 'a' },
		{ "people", required_argument, NULL, 'p' },
		{ "sensitive", required_argument, NULL, 's' },
		{ "minor", required_argument, NULL, 'm' },
		{ "from", required_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	const char *dir = NULL, *from = NULL;
	int audience = -1, people = -1, sensitive = -1, minor = -1;
	int c, status = VOX_EXIT_OK;
	vox_catalog *cat;
	GPtrArray *ids;

	vox_cli_init("consent");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case 'a':
			audience = vox_audience_parse(optarg);
			if (audience == VOX_AUDIENCE_WITHDRAWN)
				vox_die(VOX_EXIT_USAGE, "'withdrawn': use vox withdraw, which also "
				    "deletes the photo");
			if (audience < 0)
				vox_die(VOX_EXIT_USAGE, "'%s': not an audience (private, group, "
				    "report, public)", optarg);
			break;
		case 'p':
			people = vox_people_parse(optarg);
			if (people < 0)
				vox_die(VOX_EXIT_USAGE, "'%s': people is none, consented, "
				    "unconsented or unknown", optarg);
			break;
		case 's': sensitive = onoff("sensitive", optarg); break;
		case 'm': minor = onoff("minor", optarg); break;
		case 'f': from = optarg; break;
		default: vox_usage(usage);
		}
	}
	if (!from && audience < 0 && people < 0 && sensitive < 0 && minor < 0)
		vox_usage(usage);
	if (from && (audience >= 0 || people >= 0 || sensitive >= 0 || minor >= 0 || optind < argc))
		vox_usage(usage);
	cat = vox_catalog_find(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	if (from) {
		/* The sheet typed in from a participant's booklet: all of it or none. */
		GPtrArray *problems = g_ptr_array_new_with_free_func(g_free);

		if (vox_consent_sheet_apply_file(cat, from, problems) < 0)
			status = VOX_EXIT_REFUSED;
		else if (vox_cli_stale_outputs(cat, 0) < 0)
			status = VOX_EXIT_IO;
		for (guint i = 0; i < problems->len; i++)
			vox_warn("%s", (char *)problems->pdata[i]);
		g_ptr_array_unref(problems);
		vox_catalog_close(cat);
		return vox_cli_finish(status);
	}
	ids = vox_cli_ids(argc - optind, argv + optind);
	for (guint i = 0; i < ids->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, ids->pdata[i]);

		if (!p || vox_catalog_set_consent(cat, p->sha256, audience, people, sensitive,
		    minor) != 0) {
			vox_warn_error();
			status = VOX_EXIT_REFUSED;
		} else if (vox_cli_stale_outputs(cat, p->rowid) < 0) {
			status = VOX_EXIT_IO;
		}
		vox_photo_free(p);
	}
	g_ptr_array_unref(ids);
	vox_catalog_close(cat);
	return vox_cli_finish(status);
}
