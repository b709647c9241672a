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

static const char usage[] =
    "usage: vox ls [-lq] [-C DIR] [--json] [--pair PAIR] [--site SITE] [--theme THEME]\n"
    "              [--participant CODE] [--session SESSION] [--audience LEVEL]\n"
    "              [--people VALUE] [--untagged] [--uncaptioned] [--no-alt]\n";

enum {
	OPT_JSON = 256, OPT_PAIR, OPT_SITE, OPT_THEME, OPT_PARTICIPANT, OPT_SESSION,
	OPT_AUDIENCE, OPT_PEOPLE, OPT_UNTAGGED, OPT_UNCAPTIONED, OPT_NO_ALT,
};

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
	int n = (int)g_utf8_strlen(s, -1);

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
			width[c] = MAX(width[c], (int)g_utf8_strlen(r[c], -1));
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
		{ "pair", required_argument, NULL, OPT_PAIR },
		{ "site", required_argument, NULL, OPT_SITE },
		{ "theme", required_argument, NULL, OPT_THEME },
		{ "participant", required_argument, NULL, OPT_PARTICIPANT },
		{ "session", required_argument, NULL, OPT_SESSION },
		{ "audience", required_argument, NULL, OPT_AUDIENCE },
		{ "people", required_argument, NULL, OPT_PEOPLE },
		{ "untagged", no_argument, NULL, OPT_UNTAGGED },
		{ "uncaptioned", no_argument, NULL, OPT_UNCAPTIONED },
		{ "no-alt", no_argument, NULL, OPT_NO_ALT },
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	const char *dir = NULL;
	vox_catalog *cat;
	GPtrArray *photos;
	int c, json = 0, lng = 0;

	vox_cli_init("ls");
	while ((c = getopt_long(argc, argv, "C:hlq", longopts, NULL)) != -1) {
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'l': lng = 1; break;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_JSON: json = 1; break;
		case OPT_PAIR: f.pair = optarg; break;
		case OPT_SITE: f.site = optarg; break;
		case OPT_THEME: f.theme = optarg; break;
		case OPT_PARTICIPANT: f.participant = optarg; break;
		case OPT_SESSION: f.session = optarg; break;
		case OPT_AUDIENCE:
			f.audience = vox_audience_parse(optarg);
			if (f.audience <= 0)
				vox_die(VOX_EXIT_USAGE, "'%s': not an audience (private, group, "
				    "report, public)", optarg);
			break;
		case OPT_PEOPLE:
			f.people = vox_people_parse(optarg);
			if (f.people < 0)
				vox_die(VOX_EXIT_USAGE, "'%s': people is none, consented, "
				    "unconsented or unknown", optarg);
			break;
		case OPT_UNTAGGED: f.untagged = 1; break;
		case OPT_UNCAPTIONED: f.uncaptioned = 1; break;
		case OPT_NO_ALT: f.no_alt = 1; break;
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
		/* A filter naming nothing is the user's to fix, an option gone wrong: usage. */
		enum vox_error_kind kind = vox_error_kind();

		vox_warn_error();
		vox_catalog_close(cat);
		return kind == VOX_ERR_NOT_FOUND ? VOX_EXIT_USAGE : vox_cli_exit_status(kind);
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
