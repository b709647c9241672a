/*
 * vox ls — lists the photos of a collection that match every filter given: ids one a
 * line (for vox tag, vox gallery …), a readable table with -l, or JSON Lines.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/catalog.h"
#include "vox/error.h"

#include "lib/cli.h"
#include "lib/filter.h"

static const char usage[] =
    "usage: vox ls [-lq] [-C DIR] [--json] [--pair PAIR] [--site SITE] [--theme THEME]\n"
    "              [--participant CODE] [--session SESSION] [--audience LEVEL]\n"
    "              [--consent LEVEL] [--people VALUE] [--untagged] [--uncaptioned]\n"
    "              [--no-alt]\n";

enum { OPT_JSON = 256 };

/* A field for the table: tabs and newlines become spaces so a row stays one line; on a
 * terminal, control and bidi-override characters are shown escaped (vox_cli_text()). */
static char *
flat(const char *s)
{
	char *f = g_strdup(s ? s : ""), *shown;

	for (char *p = f; *p; p++)
		if (*p == '\t' || *p == '\n' || *p == '\r')
			*p = ' ';
	shown = vox_cli_text(stdout, f, 0);
	g_free(f);
	return shown;
}

static void
pad(const char *s, int width)
{
	int n = (int)vox_cli_width(s);

	fputs(s, stdout);
	for (; n < width; n++)
		putchar(' ');
	fputs("  ", stdout);
}

static void
table(GPtrArray *photos)
{
	enum { REF, SITE, PART, THEMES, CONSENT, TITLE, NCOL };
	static const char *const head[NCOL] = {
		"REF", "SITE", "PARTICIPANT", "THEMES", "CONSENT", "TITLE",
	};
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	int width[NCOL];

	for (int i = 0; i < NCOL; i++)
		width[i] = (int)strlen(head[i]);
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = photos->pdata[i];
		char **r = g_new0(char *, NCOL + 1);
		GString *consent = g_string_new(vox_audience_name(p->audience));
		char *themes;

		g_ptr_array_add(p->caption->themes, NULL);
		r[REF] = flat(p->ref);
		r[SITE] = flat(p->site);
		r[PART] = flat(p->participant);
		themes = g_strjoinv(",", (char **)p->caption->themes->pdata);
		r[THEMES] = flat(themes);
		g_free(themes);
		g_ptr_array_remove_index(p->caption->themes, p->caption->themes->len - 1);
		if (p->people != VOX_PEOPLE_NONE)
			g_string_append_printf(consent, ",people:%s", vox_people_name(p->people));
		if (p->sensitive)
			g_string_append(consent, ",sensitive");
		if (p->minor)
			g_string_append(consent, ",minor");
		r[CONSENT] = g_string_free(consent, FALSE);
		r[TITLE] = flat(p->caption->title);
		for (int c = 0; c < NCOL - 1; c++)
			width[c] = MAX(width[c], (int)vox_cli_width(r[c]));
		g_ptr_array_add(rows, r);
	}
	for (int c = 0; c < NCOL - 1; c++)
		pad(head[c], width[c]);
	puts(head[TITLE]);
	for (guint i = 0; i < rows->len; i++) {
		char **r = rows->pdata[i];

		for (int c = 0; c < NCOL - 1; c++)
			pad(r[c], width[c]);
		puts(r[TITLE]);
	}
	g_ptr_array_unref(rows);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, OPT_JSON },
		VOX_CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	const char *dir = NULL;
	vox_catalog *cat;
	GPtrArray *photos;
	int c, json = 0, lng = 0;

	vox_cli_init("ls");
	while ((c = getopt_long(argc, argv, "C:hlq", longopts, NULL)) != -1) {
		if (vox_cli_filter_option(c, optarg, &f))
			continue;
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'l': lng = 1; break;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_JSON: json = 1; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || (json && lng))
		vox_usage(usage);
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	photos = vox_catalog_select(cat, &f);
	if (!photos) {
		int status = vox_cli_filter_failed();

		vox_catalog_close(cat);
		return status;
	}
	if (lng) {
		table(photos);
	} else {
		for (guint i = 0; i < photos->len; i++) {
			struct vox_photo *p = photos->pdata[i];

			if (json) {
				/* Public fields only: never the participant's name or the
				 * source file name (privacy rule 5). */
				char *j = vox_photo_json(p, VOX_JSON_PUBLIC);

				puts(j);
				g_free(j);
			} else {
				puts(p->sha256);
			}
		}
	}
	g_ptr_array_unref(photos);
	vox_catalog_close(cat);
	return vox_cli_finish(VOX_EXIT_OK);
}
