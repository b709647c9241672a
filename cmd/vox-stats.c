/*
 * vox stats — the figures an evaluator quotes: photos, participants, sessions, captions,
 * alt text, what each audience's outputs would hold and the consent levels recorded,
 * overall or by one or two groupings (a cross-table), for any selection vox ls makes.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "vox/archive.h"
#include "vox/catalog.h"
#include "vox/error.h"
#include "vox/json.h"
#include "vox/stats.h"

#include "lib/cli.h"
#include "lib/filter.h"

static const char usage[] =
    "usage: vox stats [-q] [-C DIR] [--by GROUPING[,GROUPING]] [--count COLUMN]\n"
    "                 [--json | --csv] [--pair PAIR] [--site SITE] [--theme THEME]\n"
    "                 [--participant CODE] [--session SESSION] [--audience LEVEL]\n"
    "                 [--consent LEVEL] [--people VALUE] [--untagged] [--uncaptioned]\n"
    "                 [--no-alt]\n";

enum { OPT_BY = 256, OPT_COUNT, OPT_CSV, OPT_JSON };

/* A cell of the table: catalog text made safe for a terminal. */
static char *
cell(const char *s)
{
	return vox_cli_text(stdout, s ? s : "", 0);
}

/* Prints rows of cells, each column as wide as its widest cell; text to the left,
 * numbers (every column but the first nkeys) to the right. */
static void
aligned(GPtrArray *rows, int ncol, int nkeys)
{
	int *width = g_new0(int, ncol);

	for (guint i = 0; i < rows->len; i++)
		for (int c = 0; c < ncol; c++)
			width[c] = MAX(width[c],
			    (int)g_utf8_strlen(((char **)rows->pdata[i])[c], -1));
	for (guint i = 0; i < rows->len; i++) {
		char **r = rows->pdata[i];
		GString *line = g_string_new(NULL);

		for (int c = 0; c < ncol; c++) {
			int pad = width[c] - (int)g_utf8_strlen(r[c], -1);

			if (c > 0)
				g_string_append(line, "  ");
			if (c >= nkeys)
				for (int k = 0; k < pad; k++)
					g_string_append_c(line, ' ');
			g_string_append(line, r[c]);
			if (c < nkeys && c < ncol - 1)
				for (int k = 0; k < pad; k++)
					g_string_append_c(line, ' ');
		}
		puts(line->str);
		g_string_free(line, TRUE);
	}
	g_free(width);
}

static char *
num(int64_t v)
{
	return g_strdup_printf("%" G_GINT64_FORMAT, v);
}

/* One grouping or none: a row per group, every column. */
static void
table(GPtrArray *rows, const enum vox_stats_by *by, int nby)
{
	GPtrArray *t = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	int nkeys = nby ? nby : 1, ncol = nkeys + VOX_STATS_NCOLUMNS;
	char **head = g_new0(char *, (size_t)ncol + 1);

	for (int k = 0; k < nkeys; k++)
		head[k] = g_strdup(nby ? vox_stats_by_name(by[k]) : "all");
	for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
		head[nkeys + c] = g_strdup(vox_stats_column(c));
	g_ptr_array_add(t, head);
	for (guint i = 0; i < rows->len; i++) {
		struct vox_stats_row *r = rows->pdata[i];
		char **row = g_new0(char *, (size_t)ncol + 1);

		for (int k = 0; k < nkeys; k++)
			row[k] = nby ? cell(r->key[k]) : g_strdup("all");
		for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
			row[nkeys + c] = num(vox_stats_value(r, c));
		g_ptr_array_add(t, row);
	}
	aligned(t, ncol, nkeys);
	g_ptr_array_unref(t);
}

/* The value of column in the row of rows whose keys are a (and b), or 0. */
static int64_t
lookup(GPtrArray *rows, const char *a, const char *b, int column)
{
	for (guint i = 0; i < rows->len; i++) {
		struct vox_stats_row *r = rows->pdata[i];

		if (g_strcmp0(r->key[0], a) == 0 && g_strcmp0(r->key[1], b) == 0)
			return vox_stats_value(r, column);
	}
	return 0;
}

/* Two groupings: a cross-table of one column, the first grouping down, the second across,
 * with the totals of each (counted, not summed: a photo of two themes is one photo). */
static void
cross(GPtrArray *photos, GHashTable *stories, GPtrArray *rows, const enum vox_stats_by *by,
    int column)
{
	GPtrArray *down = vox_stats_count(photos, stories, &by[0], 1);
	GPtrArray *across = vox_stats_count(photos, stories, &by[1], 1);
	GPtrArray *all = vox_stats_count(photos, stories, NULL, 0);
	GPtrArray *t = g_ptr_array_new_with_free_func((GDestroyNotify)g_strfreev);
	int ncol = (int)across->len + 2;
	char **head = g_new0(char *, (size_t)ncol + 1), **foot;

	head[0] = g_strdup_printf("%s \\ %s: %s", vox_stats_by_name(by[0]),
	    vox_stats_by_name(by[1]), vox_stats_column(column));
	for (guint j = 0; j < across->len; j++)
		head[j + 1] = cell(((struct vox_stats_row *)across->pdata[j])->key[0]);
	head[ncol - 1] = g_strdup("all");
	g_ptr_array_add(t, head);
	for (guint i = 0; i < down->len; i++) {
		struct vox_stats_row *d = down->pdata[i];
		char **row = g_new0(char *, (size_t)ncol + 1);

		row[0] = cell(d->key[0]);
		for (guint j = 0; j < across->len; j++)
			row[j + 1] = num(lookup(rows, d->key[0],
			    ((struct vox_stats_row *)across->pdata[j])->key[0], column));
		row[ncol - 1] = num(vox_stats_value(d, column));
		g_ptr_array_add(t, row);
	}
	foot = g_new0(char *, (size_t)ncol + 1);
	foot[0] = g_strdup("all");
	for (guint j = 0; j < across->len; j++)
		foot[j + 1] = num(vox_stats_value(across->pdata[j], column));
	foot[ncol - 1] = num(vox_stats_value(all->pdata[0], column));
	g_ptr_array_add(t, foot);
	aligned(t, ncol, 1);
	g_ptr_array_unref(t);
	g_ptr_array_unref(down);
	g_ptr_array_unref(across);
	g_ptr_array_unref(all);
}

static void
json_lines(GPtrArray *rows, const enum vox_stats_by *by, int nby)
{
	for (guint i = 0; i < rows->len; i++) {
		struct vox_stats_row *r = rows->pdata[i];
		GString *s = g_string_new(NULL);
		struct vox_json j;

		vox_json_init(&j, s, VOX_JSON_COMPACT);
		vox_stats_row_json(&j, r, by, nby);
		puts(s->str);
		g_string_free(s, TRUE);
	}
}

/* RFC 4180: a header row, CRLF line ends, every cell quoted (vox_csv_cell()). */
static void
csv(GPtrArray *rows, const enum vox_stats_by *by, int nby)
{
	GString *s = g_string_new(NULL);

	for (int k = 0; k < (nby ? nby : 1); k++) {
		vox_csv_cell(s, nby ? vox_stats_by_name(by[k]) : "all");
		g_string_append_c(s, ',');
	}
	for (int c = 0; c < VOX_STATS_NCOLUMNS; c++) {
		vox_csv_cell(s, vox_stats_column(c));
		g_string_append(s, c + 1 < VOX_STATS_NCOLUMNS ? "," : "\r\n");
	}
	for (guint i = 0; i < rows->len; i++) {
		struct vox_stats_row *r = rows->pdata[i];

		for (int k = 0; k < (nby ? nby : 1); k++) {
			vox_csv_cell(s, nby ? r->key[k] : "all");
			g_string_append_c(s, ',');
		}
		for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
			g_string_append_printf(s, "%" G_GINT64_FORMAT "%s", vox_stats_value(r, c),
			    c + 1 < VOX_STATS_NCOLUMNS ? "," : "\r\n");
	}
	fwrite(s->str, 1, s->len, stdout);
	g_string_free(s, TRUE);
}

int
main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "by", required_argument, NULL, OPT_BY },
		{ "count", required_argument, NULL, OPT_COUNT },
		{ "csv", no_argument, NULL, OPT_CSV },
		{ "json", no_argument, NULL, OPT_JSON },
		VOX_CLI_FILTER_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct vox_filter f = VOX_FILTER_INIT;
	enum vox_stats_by by[2];
	const char *dir = NULL, *count = NULL;
	int c, json = 0, as_csv = 0, nby = 0, column = VOX_STATS_PHOTOS;
	vox_catalog *cat;
	GPtrArray *photos, *rows;
	GHashTable *stories;

	vox_cli_init("stats");
	while ((c = getopt_long(argc, argv, "C:hq", longopts, NULL)) != -1) {
		if (vox_cli_filter_option(c, optarg, &f))
			continue;
		switch (c) {
		case 'C': dir = optarg; break;
		case 'h': fputs(usage, stdout); return VOX_EXIT_OK;
		case 'q': vox_cli_set_quiet(1); break;
		case OPT_BY:
			nby = vox_stats_by_parse(optarg, by);
			if (nby < 0) {
				vox_warn_error();
				vox_usage(usage);
			}
			break;
		case OPT_COUNT: count = optarg; break;
		case OPT_CSV: as_csv = 1; break;
		case OPT_JSON: json = 1; break;
		default: vox_usage(usage);
		}
	}
	if (optind != argc || (json && as_csv))
		vox_usage(usage);
	if (count) {
		column = -1;
		for (int k = 0; k < VOX_STATS_NCOLUMNS; k++)
			if (strcmp(count, vox_stats_column(k)) == 0)
				column = k;
		if (column < 0 || nby != 2 || json || as_csv) {
			vox_warn("'%s': --count names a column (photos, report …) of the "
			    "cross-table that two groupings print", count);
			vox_usage(usage);
		}
	}
	cat = vox_catalog_find_read(dir);
	if (!cat) {
		vox_warn_error();
		return VOX_EXIT_IO;
	}
	photos = vox_stats_select(cat, &f);
	if (!photos) {
		vox_catalog_close(cat);
		return vox_cli_filter_failed();
	}
	stories = vox_stats_stories(cat, photos);
	vox_catalog_close(cat);
	if (!stories) {
		g_ptr_array_unref(photos);
		return vox_cli_filter_failed();
	}
	rows = vox_stats_count(photos, stories, by, nby);
	if (json)
		json_lines(rows, by, nby);
	else if (as_csv)
		csv(rows, by, nby);
	else if (nby == 2)
		cross(photos, stories, rows, by, column);
	else
		table(rows, by, nby);
	g_ptr_array_unref(rows);
	g_hash_table_unref(stories);
	g_ptr_array_unref(photos);
	return vox_cli_finish(VOX_EXIT_OK);
}
