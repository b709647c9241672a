/*
 * vox stats — the figures an evaluator quotes: photos, captioned, with alt text, and how
 * many reach each audience, overall or by site, pair, theme, participant or session.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/json.h"

#include "lib/cli.h"

static const char usage[] =
    "usage: vox stats [-q] [-C DIR] [--by site|pair|theme|participant|session] [--json]\n";

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "by", required_argument, NULL, 'b' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	static const char *const by_names[] = { "site", "pair", "theme", "participant",
		"session" };
	const char *dir = NULL, *by = NULL;
	int c, json = 0, known;
	vox_catalog *cat;
	GPtrArray *rows;

	vox_cli_init("stats");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'b': by = optarg; break;
		case 'j': json = 1; break;
		case 'q': vox_cli_set_quiet(1); break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc)
		vox_usage(usage);
	known = by == NULL;
	for (size_t i = 0; by && i < G_N_ELEMENTS(by_names); i++)
		known |= strcmp(by, by_names[i]) == 0;
	if (!known) {
		vox_warn("'%s': --by is site, pair, theme, participant or session", by);
		vox_usage(usage);
	}
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	rows = vox_catalog_stats(cat, by);
	if (!rows) {
		vox_warn_error();
		vox_catalog_close(cat);
		return VOX_EXIT_IO;
	}
	if (!json)
		printf("%s\tphotos\tcaptioned\twith_alt\tprivate\tgroup\treport\tpublic\t"
		    "people_unknown\twithdrawn\n", by ? by : "all");
	for (guint i = 0; i < rows->len; i++) {
		struct vox_stats *s = rows->pdata[i];

		if (json) {
			GString *t = g_string_new(NULL);
			struct vox_json j;

			vox_json_init(&j, t, VOX_JSON_COMPACT);
			vox_json_object_begin(&j);
			vox_json_key_string(&j, by ? by : "all", s->group);
			vox_json_key_int(&j, "photos", s->photos);
			vox_json_key_int(&j, "captioned", s->captioned);
			vox_json_key_int(&j, "with_alt", s->with_alt);
			vox_json_key_int(&j, "private", s->by_audience[1]);
			vox_json_key_int(&j, "group", s->by_audience[2]);
			vox_json_key_int(&j, "report", s->by_audience[3]);
			vox_json_key_int(&j, "public", s->by_audience[4]);
			vox_json_key_int(&j, "people_unknown", s->people_unknown);
			vox_json_key_int(&j, "withdrawn", s->by_audience[0]);
			vox_json_object_end(&j);
			puts(t->str);
			g_string_free(t, TRUE);
		} else {
			printf("%s\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT
			    "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%"
			    G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\t%" G_GINT64_FORMAT "\n",
			    s->group, s->photos, s->captioned, s->with_alt, s->by_audience[1],
			    s->by_audience[2], s->by_audience[3], s->by_audience[4],
			    s->people_unknown, s->by_audience[0]);
		}
	}
	g_ptr_array_unref(rows);
	vox_catalog_close(cat);
	return vox_cli_finish(VOX_EXIT_OK);
}
