/*
 * The evaluator's report (vox/report.h): figures counted by vox_stats_count() for the
 * report's selection, each chart beside its table, stories of the photos consent allows,
 * consent over time and a method note, on one page with its own styles.
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/html.h"
#include "vox/json.h"
#include "vox/outputs.h"
#include "vox/report.h"
#include "vox/stats.h"
#include "vox/ui.h"

/* The width of the photos' copies: a story's photo fills at most half a printed page. */
#define STORY_WIDTH 640

/* The figures, each the rows vox stats --json --by NAME prints for the selection. */
static const struct grouping {
	const char *name;
	enum vox_stats_by by[2];
	int nby;
} groupings[] = {
	{ "all", { 0, 0 }, 0 },
	{ "pair", { VOX_BY_PAIR, 0 }, 1 },
	{ "setting", { VOX_BY_SETTING, 0 }, 1 },
	{ "site", { VOX_BY_SITE, 0 }, 1 },
	{ "theme", { VOX_BY_THEME, 0 }, 1 },
	{ "pair,site", { VOX_BY_PAIR, VOX_BY_SITE }, 2 },
	{ "setting,site", { VOX_BY_SETTING, VOX_BY_SITE }, 2 },
	{ "theme,setting", { VOX_BY_THEME, VOX_BY_SETTING }, 2 },
	{ "theme,site", { VOX_BY_THEME, VOX_BY_SITE }, 2 },
};
enum { G_ALL, G_PAIR, G_SETTING, G_SITE, G_THEME, G_PAIR_SITE, G_SETTING_SITE,
	G_THEME_SETTING, G_THEME_SITE, G_N };

struct story {
	const struct vox_photo *p;
	char *img;              /* "img/P07-03-640.jpg" */
	int width, height;
};

struct report {
	vox_catalog *cat;
	const struct vox_report_opts *opts;
	const char *lang;
	struct vox_catalog_names names;
	GPtrArray *photos;      /* the selection vox stats counts */
	GPtrArray *broad;       /* the same without the audience: what was left out */
	GHashTable *voiced;     /* the photos of photos with a voice story */
	GPtrArray *rows[G_N];
	GPtrArray *stories;     /* struct story *, the photos shown */
	GPtrArray *derived;
	GPtrArray *events;
	GString *html;
	int chart;              /* charts written, for their ids */
};

static const char *
ui(const struct report *r, enum vox_ui_msg m)
{
	return vox_ui(r->lang, m);
}

static void
story_free(struct story *s)
{
	g_free(s->img);
	g_free(s);
}

void
vox_report_opts_init(struct vox_report_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->audience = VOX_AUDIENCE_REPORT;
}

void
vox_report_result_release(struct vox_report_result *res)
{
	if (res->warnings)
		g_ptr_array_unref(res->warnings);
	res->warnings = NULL;
}

static int
is_none(const char *k)
{
	return !k || strcmp(k, VOX_STATS_NONE) == 0;
}

/* A grouping's value as a reader reads it: a pair's, site's or theme's name, a setting in
 * words, "None" for a photo without one. Owned by r or static. */
static const char *
label(const struct report *r, enum vox_stats_by by, const char *k)
{
	if (is_none(k))
		return by == VOX_BY_THEME ? ui(r, VOX_UI_NO_THEME) : ui(r, VOX_UI_NONE);
	switch (by) {
	case VOX_BY_PAIR: return vox_catalog_pair_name(&r->names, k);
	case VOX_BY_SITE: return vox_catalog_site_name(&r->names, k);
	case VOX_BY_THEME: return vox_catalog_theme_name(&r->names, k);
	case VOX_BY_SETTING:
		if (strcmp(k, "urban") == 0)
			return ui(r, VOX_UI_SETTING_URBAN);
		if (strcmp(k, "rural") == 0)
			return ui(r, VOX_UI_SETTING_RURAL);
		return ui(r, VOX_UI_SETTING_OTHER);
	default: return k;
	}
}

/* The attributes that name where a number comes from: data-by (a grouping of groupings[]),
 * data-k0 and data-k1 (the row's values), data-col (a vox stats column, or "rows": how
 * many rows of the grouping have k0 as their first value and a second one). */
static void
source(GString *o, int g, const char *k0, const char *k1, const char *col)
{
	vox_html_printf(o, " data-by=\"%s\"", groupings[g].name);
	if (k0)
		vox_html_printf(o, " data-k0=\"%s\"", k0);
	if (k1)
		vox_html_printf(o, " data-k1=\"%s\"", k1);
	vox_html_printf(o, " data-col=\"%s\"", col);
}

static const struct vox_stats_row *
find_row(GPtrArray *rows, const char *k0, const char *k1)
{
	for (guint i = 0; i < rows->len; i++) {
		const struct vox_stats_row *row = rows->pdata[i];

		if (g_strcmp0(row->key[0], k0) == 0 && g_strcmp0(row->key[1], k1) == 0)
			return row;
	}
	return NULL;
}

static int
column_of(const char *name)
{
	for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
		if (strcmp(vox_stats_column(c), name) == 0)
			return c;
	return -1;
}

/* A cell holding the number of column col in the row (k0, k1) of grouping g. */
static int64_t
cell(struct report *r, int g, const char *k0, const char *k1, const char *col)
{
	const struct vox_stats_row *row = find_row(r->rows[g], k0, k1);
	int64_t v = row ? vox_stats_value(row, column_of(col)) : 0;

	g_string_append(r->html, "<td");
	source(r->html, g, k0, k1, col);
	g_string_append_printf(r->html, ">%" G_GINT64_FORMAT "</td>", v);
	return v;
}

/* How many rows of two groupings have k0 first and a value second: the sites of a
 * setting. k0 NULL: the rows of a grouping, but for the one of photos without a value. */
static int64_t
count_rows(struct report *r, int g, const char *k0)
{
	int64_t n = 0;

	for (guint i = 0; i < r->rows[g]->len; i++) {
		const struct vox_stats_row *row = r->rows[g]->pdata[i];
		const char *last = groupings[g].nby == 2 ? row->key[1] : row->key[0];

		if ((!k0 || g_strcmp0(row->key[0], k0) == 0) && !is_none(last))
			n++;
	}
	return n;
}

static void
count_cell(struct report *r, int g, const char *k0)
{
	g_string_append(r->html, "<td");
	source(r->html, g, k0, NULL, "rows");
	g_string_append_printf(r->html, ">%" G_GINT64_FORMAT "</td>", count_rows(r, g, k0));
}

/* A horizontal bar chart of n values with their labels: each bar carries its number and
 * its label above it, so nothing depends on colour. */
static void
chart(struct report *r, const char *title, const char *const *labels, const int64_t *values,
    int n)
{
	GString *o = r->html;
	const int width = 400, bar_h = 22, row_h = 56, left = 8, label_w = 340;
	int64_t max = 0;
	int id = ++r->chart, big = -1;
	g_autofree char *summary = NULL;

	for (int i = 0; i < n; i++) {
		if (values[i] > max) {
			max = values[i];
			big = i;
		}
	}
	if (big >= 0) {
		g_autofree char *num = g_strdup_printf("%" G_GINT64_FORMAT, max);

		summary = vox_ui_format(r->lang, VOX_UI_CHART_LARGEST, labels[big], num);
	} else {
		summary = g_strdup(ui(r, VOX_UI_CHART_EMPTY));
	}
	g_string_append_printf(o, "<svg class=\"chart\" viewBox=\"0 0 %d %d\" role=\"img\" "
	    "aria-labelledby=\"chart%d-t chart%d-d\">\n", width, n * row_h + 8, id, id);
	g_string_append_printf(o, "<title id=\"chart%d-t\">", id);
	vox_html_text(o, title);
	g_string_append_printf(o, "</title>\n<desc id=\"chart%d-d\">", id);
	for (int i = 0; i < n; i++)
		vox_html_printf(o, "%s: %d. ", labels[i], (int)values[i]);
	vox_html_text(o, summary);
	g_string_append(o, "</desc>\n");
	for (int i = 0; i < n; i++) {
		int y = i * row_h + 4;
		int w = max > 0 ? (int)(values[i] * (label_w - 60) / max) : 0;

		g_string_append_printf(o, "<text x=\"%d\" y=\"%d\" class=\"label\">", left,
		    y + 18);
		vox_html_text(o, labels[i]);
		g_string_append_printf(o, "</text>\n<rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" class=\"bar\"/>\n", left, y + 26, w > 0 ? w : 1, bar_h);
		g_string_append_printf(o, "<text x=\"%d\" y=\"%d\" class=\"value\">%"
		    G_GINT64_FORMAT "</text>\n", left + (w > 0 ? w : 1) + 8, y + 43, values[i]);
	}
	g_string_append(o, "</svg>\n");
	vox_html_printf(o, "<p class=\"summary\">%s</p>\n", summary);
}

static void
heading(struct report *r, int level, const char *id, const char *text)
{
	vox_html_printf(r->html, "<h%d id=\"%s\">%s</h%d>\n", level, id, text, level);
}

/* Opens a table whose caption is title, in a region that scrolls on a narrow screen. */
static void
table_begin(struct report *r, const char *id, const char *title)
{
	vox_html_printf(r->html, "<div class=\"table\" role=\"region\" tabindex=\"0\" "
	    "aria-labelledby=\"%s\">\n<table>\n<caption id=\"%s\">%s</caption>\n", id, id, title);
}

static void
table_end(struct report *r)
{
	g_string_append(r->html, "</tbody>\n</table>\n</div>\n");
}

static void
th_col(struct report *r, const char *text)
{
	vox_html_printf(r->html, "<th scope=\"col\">%s</th>", text);
}

static void
th_row(struct report *r, const char *text)
{
	vox_html_printf(r->html, "<tr><th scope=\"row\">%s</th>", text);
}

/* A figure of one grouping: a chart of photos beside the table of photos, participants
 * and workshop days of each group. */
static void
figure_one(struct report *r, int g, const char *id, const char *title)
{
	GPtrArray *rows = r->rows[g];
	enum vox_stats_by by = groupings[g].by[0];
	const char **labels = g_new0(const char *, rows->len + 1);
	int64_t *values = g_new0(int64_t, rows->len + 1);
	g_autofree char *cap = g_strconcat(id, "-table", NULL);

	for (guint i = 0; i < rows->len; i++) {
		const struct vox_stats_row *row = rows->pdata[i];

		labels[i] = label(r, by, row->key[0]);
		values[i] = row->photos;
	}
	g_string_append(r->html, "<section class=\"figure\">\n");
	heading(r, 3, id, title);
	g_string_append(r->html, "<div class=\"pair-of\">\n<div>\n");
	chart(r, title, labels, values, (int)rows->len);
	g_string_append(r->html, "</div>\n<div>\n");
	table_begin(r, cap, title);
	g_string_append(r->html, "<thead><tr>");
	th_col(r, by == VOX_BY_SETTING ? ui(r, VOX_UI_SETTING) : by == VOX_BY_SITE ?
	    ui(r, VOX_UI_SITE) : by == VOX_BY_PAIR ? ui(r, VOX_UI_PAIR) : ui(r, VOX_UI_THEME));
	th_col(r, ui(r, VOX_UI_PHOTOS));
	th_col(r, ui(r, VOX_UI_PARTICIPANTS));
	th_col(r, ui(r, VOX_UI_SESSIONS));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	for (guint i = 0; i < rows->len; i++) {
		const struct vox_stats_row *row = rows->pdata[i];

		th_row(r, labels[i]);
		cell(r, g, row->key[0], NULL, "photos");
		cell(r, g, row->key[0], NULL, "participants");
		cell(r, g, row->key[0], NULL, "sessions");
		g_string_append(r->html, "</tr>\n");
	}
	table_end(r);
	g_string_append(r->html, "</div>\n</div>\n</section>\n");
	g_free(labels);
	g_free(values);
}

/* A cross-table of photos: the first grouping of g down, the second across, the totals of
 * each counted (not summed: a photo of two themes is one photo). */
static void
figure_cross(struct report *r, int g, int down_g, int across_g, const char *id,
    const char *title)
{
	GPtrArray *down = r->rows[down_g], *across = r->rows[across_g];
	g_autofree char *cap = g_strconcat(id, "-table", NULL);

	g_string_append(r->html, "<section class=\"figure\">\n");
	heading(r, 3, id, title);
	table_begin(r, cap, title);
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_THEME));
	for (guint j = 0; j < across->len; j++)
		th_col(r, label(r, groupings[across_g].by[0],
		    ((struct vox_stats_row *)across->pdata[j])->key[0]));
	th_col(r, ui(r, VOX_UI_TOTAL));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	for (guint i = 0; i < down->len; i++) {
		const char *k0 = ((struct vox_stats_row *)down->pdata[i])->key[0];

		th_row(r, label(r, groupings[down_g].by[0], k0));
		for (guint j = 0; j < across->len; j++)
			cell(r, g, k0, ((struct vox_stats_row *)across->pdata[j])->key[0],
			    "photos");
		cell(r, down_g, k0, NULL, "photos");
		g_string_append(r->html, "</tr>\n");
	}
	th_row(r, ui(r, VOX_UI_TOTAL));
	for (guint j = 0; j < across->len; j++)
		cell(r, across_g, ((struct vox_stats_row *)across->pdata[j])->key[0], NULL,
		    "photos");
	cell(r, G_ALL, NULL, NULL, "photos");
	g_string_append(r->html, "</tr>\n");
	table_end(r);
	g_string_append(r->html, "</section>\n");
}

/* Each pair with its sites side by side: a table per pair, a column per site. */
static void
figure_pairs(struct report *r)
{
	static const char *const cols[] = { "photos", "participants", "sessions", "captioned" };
	const enum vox_ui_msg names[] = { VOX_UI_PHOTOS, VOX_UI_PARTICIPANTS, VOX_UI_SESSIONS,
		VOX_UI_CAPTIONED };

	g_string_append(r->html, "<section class=\"figure\">\n");
	heading(r, 3, "pairs-side", ui(r, VOX_UI_PAIRS_SIDE));
	for (guint i = 0; i < r->rows[G_PAIR]->len; i++) {
		const char *pair = ((struct vox_stats_row *)r->rows[G_PAIR]->pdata[i])->key[0];
		g_autofree char *id = g_strdup_printf("pair-%u", i + 1);
		GPtrArray *sites = g_ptr_array_new();

		for (guint k = 0; k < r->rows[G_PAIR_SITE]->len; k++) {
			const struct vox_stats_row *row = r->rows[G_PAIR_SITE]->pdata[k];

			if (g_strcmp0(row->key[0], pair) == 0)
				g_ptr_array_add(sites, row->key[1]);
		}
		table_begin(r, id, label(r, VOX_BY_PAIR, pair));
		g_string_append(r->html, "<thead><tr><td></td>");
		for (guint k = 0; k < sites->len; k++) {
			const struct vox_site *s = vox_catalog_find_site(&r->names,
			    sites->pdata[k]);
			g_autofree char *h = g_strdup_printf("%s (%s)",
			    label(r, VOX_BY_SITE, sites->pdata[k]),
			    s ? label(r, VOX_BY_SETTING, s->setting) : ui(r, VOX_UI_NONE));

			th_col(r, h);
		}
		g_string_append(r->html, "</tr></thead>\n<tbody>\n");
		for (size_t c = 0; c < G_N_ELEMENTS(cols); c++) {
			th_row(r, ui(r, names[c]));
			for (guint k = 0; k < sites->len; k++)
				cell(r, G_PAIR_SITE, pair, sites->pdata[k], cols[c]);
			g_string_append(r->html, "</tr>\n");
		}
		table_end(r);
		g_ptr_array_unref(sites);
	}
	g_string_append(r->html, "</section>\n");
}

/* The figures of the whole selection, sites by setting and the consent levels. */
static void
figure_summary(struct report *r)
{
	static const char *const levels[] = { "recorded_private", "recorded_group",
		"recorded_report", "recorded_public", "withdrawn" };
	/* The totals of the whole selection, each a row of the summary: label and column. */
	static const struct { enum vox_ui_msg label; const char *column; } totals[] = {
		{ VOX_UI_PARTICIPANTS, "participants" }, { VOX_UI_SESSIONS, "sessions" },
		{ VOX_UI_PHOTOS, "photos" }, { VOX_UI_CAPTIONED, "captioned" },
		{ VOX_UI_WITH_ALT, "with_alt" }, { VOX_UI_WITH_STORY, "stories" },
	};
	const enum vox_ui_msg level_names[] = { VOX_UI_LEVEL_PRIVATE, VOX_UI_LEVEL_GROUP,
		VOX_UI_LEVEL_REPORT, VOX_UI_LEVEL_PUBLIC, VOX_UI_LEVEL_WITHDRAWN };
	const struct vox_stats_row *all = r->rows[G_ALL]->pdata[0];
	const char *labels[G_N_ELEMENTS(levels)];
	int64_t values[G_N_ELEMENTS(levels)];

	g_string_append(r->html, "<section class=\"figure\">\n");
	table_begin(r, "summary-table", ui(r, VOX_UI_FIGURES));
	g_string_append(r->html, "<tbody>\n");
	th_row(r, ui(r, VOX_UI_PAIRS));
	count_cell(r, G_PAIR, NULL);
	g_string_append(r->html, "</tr>\n");
	th_row(r, ui(r, VOX_UI_SITES));
	count_cell(r, G_SITE, NULL);
	g_string_append(r->html, "</tr>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(totals); i++) {
		th_row(r, ui(r, totals[i].label));
		cell(r, G_ALL, NULL, NULL, totals[i].column);
		g_string_append(r->html, "</tr>\n");
	}
	table_end(r);

	table_begin(r, "sites-by-setting", ui(r, VOX_UI_SITES_BY_SETTING));
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_SETTING));
	th_col(r, ui(r, VOX_UI_SITES));
	th_col(r, ui(r, VOX_UI_PHOTOS));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	for (guint i = 0; i < r->rows[G_SETTING]->len; i++) {
		const char *k = ((struct vox_stats_row *)r->rows[G_SETTING]->pdata[i])->key[0];

		th_row(r, label(r, VOX_BY_SETTING, k));
		count_cell(r, G_SETTING_SITE, k);
		cell(r, G_SETTING, k, NULL, "photos");
		g_string_append(r->html, "</tr>\n");
	}
	table_end(r);
	g_string_append(r->html, "</section>\n");

	/* Consent levels: a chart beside its table. */
	g_string_append(r->html, "<section class=\"figure\">\n");
	heading(r, 3, "consent-levels", ui(r, VOX_UI_CONSENT_LEVELS));
	vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_CONSENT_LEVELS_NOTE));
	for (size_t i = 0; i < G_N_ELEMENTS(levels); i++) {
		labels[i] = ui(r, level_names[i]);
		values[i] = vox_stats_value(all, column_of(levels[i]));
	}
	g_string_append(r->html, "<div class=\"pair-of\">\n<div>\n");
	chart(r, ui(r, VOX_UI_CONSENT_LEVELS), labels, values, (int)G_N_ELEMENTS(levels));
	g_string_append(r->html, "</div>\n<div>\n");
	table_begin(r, "consent-levels-table", ui(r, VOX_UI_CONSENT_LEVELS));
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_LEVEL));
	th_col(r, ui(r, VOX_UI_PHOTOS));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(levels); i++) {
		th_row(r, labels[i]);
		cell(r, G_ALL, NULL, NULL, levels[i]);
		g_string_append(r->html, "</tr>\n");
	}
	table_end(r);
	g_string_append(r->html, "</div>\n</div>\n</section>\n");
}

static void
figures(struct report *r)
{
	heading(r, 2, "figures", ui(r, VOX_UI_FIGURES));
	vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_FIGURES_NOTE));
	figure_summary(r);
	figure_one(r, G_SETTING, "by-setting", ui(r, VOX_UI_PHOTOS_BY_SETTING));
	figure_one(r, G_SITE, "by-site", ui(r, VOX_UI_PHOTOS_BY_SITE));
	figure_pairs(r);
	figure_one(r, G_THEME, "by-theme", ui(r, VOX_UI_PHOTOS_BY_THEME));
	figure_cross(r, G_THEME_SETTING, G_THEME, G_SETTING, "theme-setting",
	    ui(r, VOX_UI_THEMES_BY_SETTING));
	figure_cross(r, G_THEME_SITE, G_THEME, G_SITE, "theme-site",
	    ui(r, VOX_UI_THEMES_BY_SITE));
}

static int
blank(const char *s)
{
	return !s || !*s;
}

static int
has_theme(const struct vox_photo *p, const char *slug)
{
	if (is_none(slug))
		return p->caption->themes->len == 0;
	for (guint i = 0; i < p->caption->themes->len; i++)
		if (strcmp(p->caption->themes->pdata[i], slug) == 0)
			return 1;
	return 0;
}

/* For each theme of the figures, the photos shown, each with its title and story quoted
 * and its ref: never a name. */
static void
stories(struct report *r)
{
	heading(r, 2, "stories", ui(r, VOX_UI_STORIES));
	vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_STORIES_NOTE));
	for (guint i = 0; i < r->rows[G_THEME]->len; i++) {
		const char *theme = ((struct vox_stats_row *)r->rows[G_THEME]->pdata[i])->key[0];
		g_autofree char *id = g_strdup_printf("theme-%u", i + 1);
		g_autofree char *alt = NULL;
		int n = 0;

		g_string_append(r->html, "<section class=\"theme\">\n");
		heading(r, 3, id, label(r, VOX_BY_THEME, theme));
		for (guint k = 0; k < r->stories->len; k++) {
			const struct story *s = r->stories->pdata[k];
			const struct vox_caption *c = s->p->caption;

			if (!has_theme(s->p, theme))
				continue;
			n++;
			g_free(alt);
			/* Never a file name: which photo it is, and that it is not described. */
			alt = blank(c->alt) ? vox_ui_format(r->lang, VOX_UI_IMAGE_ALT_MISSING,
			    s->p->ref, NULL) : g_strdup(c->alt);
			g_string_append(r->html, "<figure class=\"story\">\n");
			vox_html_printf(r->html, "<img src=\"%s\" alt=\"%s\" width=\"%d\" "
			    "height=\"%d\">\n", s->img, alt, s->width, s->height);
			g_string_append(r->html, "<figcaption>\n");
			if (!blank(c->title))
				vox_html_printf(r->html, "<p class=\"title\">%s</p>\n", c->title);
			if (!blank(c->story)) {
				g_string_append(r->html, "<blockquote");
				if (vox_html_lang_ok(c->lang) && g_strcmp0(c->lang, r->lang) != 0)
					vox_html_printf(r->html, " lang=\"%s\"", c->lang);
				g_string_append(r->html, ">\n");
				vox_html_paragraphs(r->html, c->story);
				g_string_append(r->html, "</blockquote>\n");
			}
			vox_html_printf(r->html, "<p class=\"ref\">%s</p>\n", s->p->ref);
			g_string_append(r->html, "</figcaption>\n</figure>\n");
		}
		if (n == 0)
			vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_NO_STORIES));
		g_string_append(r->html, "</section>\n");
	}
}

/* "2026-05" of an ISO time, or NULL. */
static char *
month_of(const char *t)
{
	if (!t || strlen(t) < 7 || t[4] != '-')
		return NULL;
	return g_strndup(t, 7);
}

struct month {
	int64_t given, changed, withdrawn;
};

static struct month *
month_at(GTree *months, const char *t)
{
	char *m = month_of(t);
	struct month *v;

	if (!m)
		return NULL;
	v = g_tree_lookup(months, m);
	if (!v) {
		v = g_new0(struct month, 1);
		g_tree_insert(months, m, v);
	} else {
		g_free(m);
	}
	return v;
}

static int
cmp_str(gconstpointer a, gconstpointer b, gpointer unused)
{
	(void)unused;
	return strcmp(a, b);
}

struct month_rows {
	struct report *r;
	int64_t total[3];
};

static gboolean
month_row(gpointer key, gpointer value, gpointer data)
{
	struct month_rows *mr = data;
	const struct month *m = value;
	g_autofree char *day = g_strdup_printf("%s-01", (const char *)key);
	g_autofree char *words = vox_ui_date(mr->r->lang, day);
	const char *month = strchr(words, ' ') ? strchr(words, ' ') + 1 : words;

	vox_html_printf(mr->r->html, "<tr><th scope=\"row\"><time datetime=\"%s\">%s</time>"
	    "</th>", (const char *)key, month);
	g_string_append_printf(mr->r->html, "<td>%" G_GINT64_FORMAT "</td><td>%"
	    G_GINT64_FORMAT "</td><td>%" G_GINT64_FORMAT "</td></tr>\n", m->given, m->changed,
	    m->withdrawn);
	mr->total[0] += m->given;
	mr->total[1] += m->changed;
	mr->total[2] += m->withdrawn;
	return FALSE;
}

/* Given: a photo's consent was recorded when it was added; changed: each vox consent;
 * withdrawn: each withdrawal. Over the selection's photos whatever their consent now, so
 * that a withdrawal counts; counts only. */
static void
consent_time(struct report *r)
{
	GTree *months = g_tree_new_full(cmp_str, NULL, g_free, g_free);
	GHashTable *refs = g_hash_table_new(g_str_hash, g_str_equal);
	struct month_rows mr = { .r = r };
	struct month *m;

	for (guint i = 0; i < r->broad->len; i++) {
		const struct vox_photo *p = r->broad->pdata[i];

		if (p->ref)
			g_hash_table_add(refs, p->ref);
		if ((m = month_at(months, p->added)))
			m->given++;
	}
	for (guint i = 0; r->events && i < r->events->len; i++) {
		const struct vox_event *e = r->events->pdata[i];

		if (!e->ref || !g_hash_table_contains(refs, e->ref))
			continue;
		if (g_strcmp0(e->tool, "consent") == 0 && (m = month_at(months, e->time)))
			m->changed++;
		else if (g_strcmp0(e->tool, "withdraw") == 0 && (m = month_at(months, e->time)))
			m->withdrawn++;
	}
	heading(r, 2, "consent-time", ui(r, VOX_UI_CONSENT_TIME));
	vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_CONSENT_TIME_NOTE));
	table_begin(r, "consent-time-table", ui(r, VOX_UI_CONSENT_TIME));
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_MONTH));
	th_col(r, ui(r, VOX_UI_GIVEN));
	th_col(r, ui(r, VOX_UI_CHANGED));
	th_col(r, ui(r, VOX_UI_LEVEL_WITHDRAWN));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	g_tree_foreach(months, month_row, &mr);
	th_row(r, ui(r, VOX_UI_TOTAL));
	g_string_append_printf(r->html, "<td>%" G_GINT64_FORMAT "</td><td>%" G_GINT64_FORMAT
	    "</td><td>%" G_GINT64_FORMAT "</td></tr>\n", mr.total[0], mr.total[1], mr.total[2]);
	table_end(r);
	g_hash_table_unref(refs);
	g_tree_unref(months);
}

/* Whether p of the broad selection is in the report's. */
static int
in_selection(const struct report *r, const struct vox_photo *p)
{
	for (guint i = 0; i < r->photos->len; i++)
		if (((struct vox_photo *)r->photos->pdata[i])->rowid == p->rowid)
			return 1;
	return 0;
}

static void
count_line(struct report *r, enum vox_ui_msg msg, int64_t n)
{
	g_autofree char *num = g_strdup_printf("%" G_GINT64_FORMAT, n);
	g_autofree char *s = vox_ui_format(r->lang, msg, num, NULL);

	vox_html_printf(r->html, "<p>%s</p>\n", s);
}

static void
two_cells(struct report *r, const char *what, int64_t n)
{
	th_row(r, what);
	g_string_append_printf(r->html, "<td>%" G_GINT64_FORMAT "</td></tr>\n", n);
}

/* What ingest removed, by category (photo.scrubbed), the redactions and conversions, and
 * the photos left out and why: counts only. */
static void
method(struct report *r, int refused)
{
	int64_t cats[VOX_UI_CAT_TRAILING - VOX_UI_CAT_LOCATION + 1] = { 0 };
	static const char *const keys[] = { "location", "device_ids", "people_and_owners",
		"dates", "thumbnails_and_previews", "edit_history", "comments", "trailing_data" };
	int64_t unrecorded = 0, converted = 0, redacted = 0, reasons[4] = { 0 };
	GHashTable *refs = g_hash_table_new(g_str_hash, g_str_equal);
	enum vox_audience a = r->opts->audience;

	G_STATIC_ASSERT(G_N_ELEMENTS(keys) == G_N_ELEMENTS(cats));
	for (guint i = 0; i < r->photos->len; i++) {
		const struct vox_photo *p = r->photos->pdata[i];
		char **pairs;

		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			continue;
		g_hash_table_add(refs, p->ref);
		if (p->converted)
			converted++;
		if (!p->scrubbed) {
			unrecorded++;
			continue;
		}
		pairs = g_strsplit(p->scrubbed, ",", -1);
		for (char **kv = pairs; *kv; kv++)
			for (size_t c = 0; c < G_N_ELEMENTS(keys); c++)
				if (g_str_has_prefix(*kv, keys[c]) &&
				    (*kv)[strlen(keys[c])] == '=')
					cats[c]++;
		g_strfreev(pairs);
	}
	for (guint i = 0; r->events && i < r->events->len; i++) {
		const struct vox_event *e = r->events->pdata[i];

		if (g_strcmp0(e->tool, "redact") == 0 && e->ref &&
		    g_hash_table_remove(refs, e->ref))
			redacted++;
	}
	for (guint i = 0; i < r->broad->len; i++) {
		const struct vox_photo *p = r->broad->pdata[i];

		if (in_selection(r, p))
			continue;
		if (p->audience == VOX_AUDIENCE_WITHDRAWN)
			reasons[0]++;
		else if (p->audience < a)
			reasons[1]++;
		else if (a >= VOX_AUDIENCE_REPORT && p->people != VOX_PEOPLE_NONE &&
		    p->people != VOX_PEOPLE_CONSENTED)
			reasons[2]++;
		else
			reasons[3]++;
	}
	heading(r, 2, "method", ui(r, VOX_UI_METHOD));
	vox_html_printf(r->html, "<p>%s</p>\n", ui(r, VOX_UI_METHOD_SCRUB));
	table_begin(r, "scrub-table", ui(r, VOX_UI_METHOD));
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_METHOD_KIND));
	th_col(r, ui(r, VOX_UI_PHOTOS));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	for (size_t c = 0; c < G_N_ELEMENTS(keys); c++) {
		th_row(r, ui(r, (enum vox_ui_msg)(VOX_UI_CAT_LOCATION + c)));
		g_string_append_printf(r->html, "<td data-scrub=\"%s\">%" G_GINT64_FORMAT
		    "</td></tr>\n", keys[c], cats[c]);
	}
	table_end(r);
	count_line(r, VOX_UI_METHOD_NOT_RECORDED, unrecorded);
	count_line(r, VOX_UI_METHOD_CONVERTED, converted);
	count_line(r, VOX_UI_METHOD_REDACTED, redacted);
	table_begin(r, "left-out", ui(r, VOX_UI_LEFT_OUT));
	g_string_append(r->html, "<thead><tr>");
	th_col(r, ui(r, VOX_UI_REASON));
	th_col(r, ui(r, VOX_UI_PHOTOS));
	g_string_append(r->html, "</tr></thead>\n<tbody>\n");
	two_cells(r, ui(r, VOX_UI_LEFT_WITHDRAWN), reasons[0]);
	two_cells(r, ui(r, VOX_UI_LEFT_LEVEL), reasons[1]);
	two_cells(r, ui(r, VOX_UI_LEFT_PEOPLE), reasons[2]);
	two_cells(r, ui(r, VOX_UI_LEFT_SENSITIVE), reasons[3]);
	two_cells(r, ui(r, VOX_UI_LEFT_UNREADABLE), refused);
	table_end(r);
	g_hash_table_unref(refs);
}

/* The page's styles: the gallery's readable defaults, a chart beside its table where the
 * screen is wide, and pages that print without anything wider than the paper. */
static const char css[] =
    "<style>\n"
    ":root { --bg: #fdfdf8; --fg: #1b1b1b; --muted: #3d3d3d; --line: #6a6a6a; "
    "--link: #0a4a7f; --focus: #b34700; }\n"
    "*, *::before, *::after { box-sizing: border-box; }\n"
    "body { margin: 0; background: var(--bg); color: var(--fg); font-family: system-ui, "
    "\"Noto Sans\", \"DejaVu Sans\", sans-serif; font-size: 1.125rem; line-height: 1.5; "
    "overflow-wrap: break-word; }\n"
    "header.site, nav, main, footer.site { max-width: 72rem; margin: 0 auto; "
    "padding: 0 1rem; }\n"
    "a { color: var(--link); }\n"
    ":focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; }\n"
    ".skip { position: absolute; left: -999px; }\n"
    ".skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem; }\n"
    "p, li, figcaption { max-width: 70ch; }\n"
    "nav ul { padding-left: 1.25rem; }\n"
    "nav li { margin: 0.25rem 0; }\n"
    "nav a { display: inline-block; min-height: 24px; }\n"
    ".pair-of { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); "
    "gap: 1.5rem; align-items: start; }\n"
    "@media (max-width: 48rem) { .pair-of { grid-template-columns: minmax(0, 1fr); } }\n"
    ".chart { width: 100%; height: auto; max-width: 30rem; }\n"
    ".chart .bar { fill: #3d3d3d; }\n"
    ".chart text { font-size: 20px; fill: var(--fg); }\n"
    ".chart .value { font-weight: 700; }\n"
    ".table { max-width: 100%; overflow-x: auto; margin: 1rem 0; }\n"
    "table { border-collapse: collapse; }\n"
    "caption { text-align: left; font-weight: 700; padding: 0.25rem 0; }\n"
    "th, td { border: 1px solid var(--line); padding: 0.25rem 0.5rem; text-align: left; "
    "vertical-align: top; }\n"
    "td { text-align: right; font-variant-numeric: tabular-nums; }\n"
    ".story { margin: 1.5rem 0; padding: 0; break-inside: avoid; }\n"
    ".story img { display: block; max-width: 100%; height: auto; }\n"
    "blockquote { margin: 0.5rem 0; padding-left: 1rem; border-left: 4px solid "
    "var(--line); }\n"
    ".ref, .summary { color: var(--muted); }\n"
    ".title { font-weight: 700; }\n"
    "@media print {\n"
    "  body { font-size: 11pt; }\n"
    "  header.site, nav, main, footer.site { max-width: none; padding: 0; }\n"
    "  .skip, nav { display: none; }\n"
    "  .pair-of { grid-template-columns: minmax(0, 1fr); }\n"
    "  .table { overflow: visible; }\n"
    "  table { width: 100%; table-layout: fixed; font-size: 8pt; }\n"
    "  th, td { overflow-wrap: anywhere; padding: 0.1rem 0.2rem; }\n"
    "  .story img { max-height: 9cm; width: auto; }\n"
    "  h2 { break-before: page; }\n"
    "  h2, h3, caption { break-after: avoid; }\n"
    "}\n"
    "</style>";

static void
contents(struct report *r, GString *nav)
{
	static const struct { const char *id; enum vox_ui_msg m; } parts[] = {
		{ "figures", VOX_UI_FIGURES }, { "stories", VOX_UI_STORIES },
		{ "consent-time", VOX_UI_CONSENT_TIME }, { "method", VOX_UI_METHOD },
	};

	g_string_append(nav, "<ul>\n");
	for (size_t i = 0; i < G_N_ELEMENTS(parts); i++)
		vox_html_printf(nav, "<li><a href=\"#%s\">%s</a></li>\n", parts[i].id,
		    ui(r, parts[i].m));
	g_string_append(nav, "</ul>");
}

static const char *
level_name(const struct report *r, enum vox_audience a)
{
	switch (a) {
	case VOX_AUDIENCE_GROUP: return ui(r, VOX_UI_LEVEL_GROUP);
	case VOX_AUDIENCE_PUBLIC: return ui(r, VOX_UI_LEVEL_PUBLIC);
	default: return ui(r, VOX_UI_LEVEL_REPORT);
	}
}

static GString *
page(struct report *r, int refused)
{
	struct vox_html_page pg = { 0 };
	g_autofree char *title = vox_ui_format(r->lang, VOX_UI_REPORT_TITLE,
	    r->names.title ? r->names.title : "photovox", NULL);
	g_autofree char *consent = vox_ui_format(r->lang, VOX_UI_REPORT_CONSENT,
	    level_name(r, r->opts->audience), NULL);
	g_autofree char *head = g_strconcat("<meta name=\"generator\" content=\"photovox "
	    "report\">\n", css, NULL);
	GString *nav = g_string_new(NULL);

	r->html = g_string_new(NULL);
	contents(r, nav);
	pg.lang = r->lang;
	pg.title = title;
	pg.site_title = title;
	pg.home_href = "index.html";
	pg.audience = consent;
	pg.nav_label = ui(r, VOX_UI_CONTENTS_LABEL);
	pg.nav_html = nav->str;
	pg.head_html = head;
	vox_html_page_begin(r->html, &pg);
	vox_html_printf(r->html, "<h1>%s</h1>\n<p>%s</p>\n", title,
	    ui(r, VOX_UI_REPORT_NO_NAMES));
	figures(r);
	stories(r);
	consent_time(r);
	method(r, refused);
	vox_html_page_end(r->html, &pg);
	g_string_free(nav, TRUE);
	return r->html;
}

/* figures.json: the filter and audience, and each grouping's rows as vox stats --json
 * prints them. */
static GString *
figures_json(struct report *r, const struct vox_filter *f)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;

	vox_json_init(&j, s, VOX_JSON_INDENTED);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "audience", vox_audience_name(r->opts->audience));
	vox_json_key(&j, "filter");
	vox_json_object_begin(&j);
	vox_output_json_filter(&j, f);
	vox_json_object_end(&j);
	vox_json_key(&j, "figures");
	vox_json_object_begin(&j);
	for (int g = 0; g < G_N; g++) {
		vox_json_key(&j, groupings[g].name);
		vox_json_array_begin(&j, VOX_JSON_LINES);
		for (guint i = 0; i < r->rows[g]->len; i++)
			vox_stats_row_json(&j, r->rows[g]->pdata[i], groupings[g].by,
			    groupings[g].nby);
		vox_json_array_end(&j);
	}
	vox_json_object_end(&j);
	vox_json_object_end(&j);
	g_string_append_c(s, '\n');
	return s;
}

static int
write_file(const char *dir, const char *name, const GString *data)
{
	g_autofree char *path = g_build_filename(dir, name, NULL);
	GError *e = NULL;

	if (!g_file_set_contents(path, data->str, (gssize)data->len, &e)) {
		vox_error_k(VOX_ERR_IO, "report", "'%s': %s", path, e->message);
		g_error_free(e);
		return -1;
	}
	return 0;
}

/* A ref as a file name: letters, digits, '-' and '_' kept, anything else '_'. */
static char *
safe(const char *ref)
{
	char *s = g_strdup(ref);

	for (char *c = s; *c; c++)
		if (!g_ascii_isalnum(*c) && *c != '-' && *c != '_')
			*c = '_';
	return s;
}

/* The photos consent allows, scaled into img/ through the cache; a photo whose file
 * cannot be read is left out with a warning. */
static int
photos(struct report *r, const char *cache, const char *dir, struct vox_report_result *res)
{
	GPtrArray *shown = g_ptr_array_new();
	struct vox_derive_src *srcs;
	struct vox_derive_opts dopts;
	g_autofree char *img = g_build_filename(dir, "img", NULL);
	int ret = -1;

	for (guint i = 0; i < r->photos->len; i++) {
		const struct vox_photo *p = r->photos->pdata[i];

		if (!p->path || !p->ref || !vox_consent_allows(p->audience, p->people,
		    p->sensitive, r->opts->audience, r->opts->allow_sensitive_public)) {
			res->left_out++;
			continue;
		}
		g_ptr_array_add(shown, (gpointer)p);
	}
	srcs = g_new0(struct vox_derive_src, shown->len ? shown->len : 1);
	for (guint i = 0; i < shown->len; i++) {
		const struct vox_photo *p = shown->pdata[i];

		srcs[i].sha256 = p->sha256;
		srcs[i].path = p->path;
		srcs[i].width = p->width;
		srcs[i].height = p->height;
	}
	vox_derive_opts_init(&dopts);
	dopts.widths[0] = STORY_WIDTH;
	dopts.nwidths = 1;
	r->derived = vox_derive_run(cache, srcs, shown->len, &dopts);
	g_free(srcs);
	if (!r->derived)
		goto out;
	if (g_mkdir(img, 0755) != 0) {
		vox_error_system("report", "'%s'", img);
		goto out;
	}
	for (guint i = 0; i < shown->len; i++) {
		const struct vox_photo *p = shown->pdata[i];
		const struct vox_derived *d = r->derived->pdata[i];
		const struct vox_derived_size *z;
		struct story *s;
		g_autofree char *stem = NULL, *to = NULL;

		if (d->error || d->nsizes == 0) {
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': left out: %s",
			    p->ref, d->error ? d->error : "no size to show"));
			res->refused++;
			continue;
		}
		z = &d->sizes[d->nsizes - 1];
		stem = safe(p->ref);
		s = g_new0(struct story, 1);
		s->p = p;
		s->img = g_strdup_printf("img/%s-%d.jpg", stem, z->width);
		s->width = z->width;
		s->height = z->height;
		g_ptr_array_add(r->stories, s);
		to = g_build_filename(dir, s->img, NULL);
		if (vox_copy_file(z->jpeg, to) != 0)
			goto out;
	}
	res->photos = (int)r->stories->len;
	ret = 0;
out:
	g_ptr_array_unref(shown);
	return ret;
}

static int
write_report(struct report *r, const struct vox_filter *filter, const char *dir,
    struct vox_report_result *res)
{
	struct vox_filter f = VOX_FILTER_INIT, broad;
	g_autofree char *cache = NULL;
	GString *html = NULL, *json = NULL;
	int ret = -1, tmp_cache = 0;

	if (filter)
		f = *filter;
	f.audience = (int)r->opts->audience;
	f.allow_sensitive_public = r->opts->allow_sensitive_public;
	broad = f;
	broad.audience = -1;
	if (vox_catalog_names_load(r->cat, &r->names) != 0 ||
	    !(r->photos = vox_stats_select(r->cat, &f)) ||
	    !(r->broad = vox_stats_select(r->cat, &broad)) ||
	    !(r->voiced = vox_stats_stories(r->cat, r->photos)) ||
	    !(r->events = vox_catalog_photo_events(r->cat)))
		goto out;
	for (int g = 0; g < G_N; g++)
		r->rows[g] = vox_stats_count(r->photos, r->voiced, groupings[g].by,
		    groupings[g].nby);
	if (!(cache = vox_derive_cache(vox_catalog_dir(r->cat), &tmp_cache)))
		goto out;
	if (photos(r, cache, dir, res) != 0)
		goto out;
	html = page(r, res->refused);
	json = figures_json(r, &f);
	if (write_file(dir, "index.html", html) != 0 || write_file(dir, "figures.json", json))
		goto out;
	ret = 0;
out:
	/* Copies of the photos must not stay behind in a temporary folder. */
	if (tmp_cache && vox_remove_tree(cache) != 0 && ret == 0)
		ret = vox_error_system("report", "'%s': temporary cache not removed", cache);
	if (html)
		g_string_free(html, TRUE);
	if (json)
		g_string_free(json, TRUE);
	return ret;
}

static void
report_release(struct report *r)
{
	vox_catalog_names_release(&r->names);
	if (r->photos)
		g_ptr_array_unref(r->photos);
	if (r->broad)
		g_ptr_array_unref(r->broad);
	if (r->voiced)
		g_hash_table_unref(r->voiced);
	for (int g = 0; g < G_N; g++)
		if (r->rows[g])
			g_ptr_array_unref(r->rows[g]);
	if (r->stories)
		g_ptr_array_unref(r->stories);
	if (r->derived)
		g_ptr_array_unref(r->derived);
	if (r->events)
		g_ptr_array_unref(r->events);
}

static int
report_write(vox_catalog *cat, const struct vox_filter *filter, const char *dir,
    const struct vox_report_opts *opts, struct vox_report_result *res, GPtrArray **shown)
{
	struct vox_report_opts defaults;
	struct report r = { 0 };
	int ret;

	memset(res, 0, sizeof(*res));
	res->warnings = g_ptr_array_new_with_free_func(g_free);
	if (!opts) {
		vox_report_opts_init(&defaults);
		opts = &defaults;
	}
	if (opts->audience < VOX_AUDIENCE_GROUP || opts->audience > VOX_AUDIENCE_PUBLIC)
		return vox_error_k(VOX_ERR_USAGE, "report", "'%s': a report's audience is "
		    "group, report or public", vox_audience_name(opts->audience));
	r.cat = cat;
	r.opts = opts;
	if (opts->lang) {
		r.lang = vox_ui_lang_valid(opts->lang) ? opts->lang : "en";
	} else {
		/* The collection's first interface language ("cy" of "cy+en"). */
		g_autofree char *langs = vox_catalog_ui_langs(cat);
		g_autofree char *first = langs ? g_strndup(langs, strcspn(langs, "+")) : NULL;

		r.lang = vox_ui_lang_valid(first) ? (first[0] == 'c' ? "cy" : "en") : "en";
	}
	r.stories = g_ptr_array_new_with_free_func((GDestroyNotify)story_free);
	ret = write_report(&r, filter, dir, res);
	if (ret == 0 && shown) {
		*shown = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
		/* The record needs each photo's row id and hash only, which stay valid once
		 * the selection is freed: copied. */
		for (guint i = 0; i < r.stories->len; i++) {
			const struct vox_photo *p = ((struct story *)r.stories->pdata[i])->p;
			struct vox_photo *c = vox_photo_new();

			c->rowid = p->rowid;
			memcpy(c->sha256, p->sha256, sizeof(c->sha256));
			g_ptr_array_add(*shown, c);
		}
	}
	report_release(&r);
	return ret;
}

int
vox_report_write(vox_catalog *cat, const struct vox_filter *filter, const char *dir,
    const struct vox_report_opts *opts, struct vox_report_result *res)
{
	return report_write(cat, filter, dir, opts, res, NULL);
}

/* Records the report just built with the options that rebuild it (vox/outputs.h). */
static int
record(vox_catalog *cat, const struct vox_filter *f, const char *outdir,
    const struct vox_report_opts *opts, GPtrArray *shown)
{
	GString *o = g_string_new(NULL);
	struct vox_json j;
	int ret;

	vox_json_init(&j, o, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	if (f) {
		vox_output_json_filter(&j, f);
		if (f->people >= 0)
			vox_json_key_string(&j, "people", vox_people_name(f->people));
		vox_json_key_bool(&j, "untagged", f->untagged);
		vox_json_key_bool(&j, "uncaptioned", f->uncaptioned);
		vox_json_key_bool(&j, "no_alt", f->no_alt);
	}
	if (opts->lang)
		vox_json_key_string(&j, "lang", opts->lang);
	vox_json_object_end(&j);
	ret = vox_catalog_output_record(cat, VOX_OUTPUT_REPORT, outdir, opts->audience,
	    opts->allow_sensitive_public, o->str, shown);
	g_string_free(o, TRUE);
	return ret;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return vox_error_system("report", "'%s'", dir);
	if (syncfs(fd) != 0) {
		vox_error_system("report", "'%s': syncfs", dir);
		close(fd);
		return -1;
	}
	close(fd);
	return 0;
}

int
vox_report_build(vox_catalog *cat, const struct vox_filter *filter, const char *outdir,
    const struct vox_report_opts *opts, struct vox_report_result *res)
{
	struct vox_report_opts defaults;
	GPtrArray *shown = NULL;
	g_autofree char *tmp = NULL;
	int lock_fd = -1, ret = -1;

	memset(res, 0, sizeof(*res));
	if (!opts) {
		vox_report_opts_init(&defaults);
		opts = &defaults;
	}
	/* Never the collection's own files, a folder of someone else's, nor a report a
	 * person added to or edited. */
	if (vox_output_place(vox_catalog_dir(cat), outdir) != 0 ||
	    vox_output_replaceable(outdir, "report") != 1)
		goto out;
	if (!(tmp = vox_build_dir_new(outdir, "vox", &lock_fd)))
		goto out;
	if (report_write(cat, filter, tmp, opts, res, &shown) != 0 ||
	    vox_output_mark(tmp, "report") != 0 || sync_dir(tmp) != 0 ||
	    vox_swap_dir(tmp, outdir) != 0)
		goto out;
	ret = 0;
	if (!opts->unrecorded) {
		int rc = record(cat, filter, outdir, opts, shown);

		if (rc < 0)
			ret = -1;
		else if (rc > 0)
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': not recorded, "
			    "the collection cannot be written: a withdrawal will not name it",
			    outdir));
	}
out:
	if (tmp && ret != 0)
		vox_remove_tree(tmp);
	if (lock_fd >= 0)
		close(lock_fd);
	if (!res->warnings)
		res->warnings = g_ptr_array_new_with_free_func(g_free);
	if (shown)
		g_ptr_array_unref(shown);
	return ret;
}
