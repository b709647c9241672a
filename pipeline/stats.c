/*
 * The evaluator's figures, counted in memory over a selection (vox/stats.h): the selection
 * is vox ls's, and the audience columns ask vox_consent_allows(), so the figures say what
 * the outputs for the same selection hold.
 */
#include <string.h>

#include "vox/consent.h"
#include "vox/error.h"
#include "vox/stats.h"

static const char *const by_names[] = {
	[VOX_BY_PAIR] = "pair", [VOX_BY_SITE] = "site", [VOX_BY_SETTING] = "setting",
	[VOX_BY_PARTICIPANT] = "participant", [VOX_BY_SESSION] = "session",
	[VOX_BY_THEME] = "theme",
};

static const char *const columns[VOX_STATS_NCOLUMNS] = {
	"photos", "participants", "sessions", "captioned", "with_alt", "stories", "group", "report",
	"public", "recorded_private", "recorded_group", "recorded_report", "recorded_public",
	"people_unknown", "withdrawn",
};

const char *
vox_stats_by_name(enum vox_stats_by by)
{
	return (size_t)by < G_N_ELEMENTS(by_names) ? by_names[by] : "?";
}

int
vox_stats_by_parse(const char *words, enum vox_stats_by by[2])
{
	char **v = g_strsplit(words, ",", -1);
	int n = 0, ok = 1;

	for (char **w = v; *w && ok; w++) {
		int found = -1;

		for (size_t i = 0; i < G_N_ELEMENTS(by_names); i++)
			if (strcmp(*w, by_names[i]) == 0)
				found = (int)i;
		if (found < 0 || n == 2 || (n == 1 && (int)by[0] == found))
			ok = 0;
		else
			by[n++] = (enum vox_stats_by)found;
	}
	g_strfreev(v);
	if (!ok || n == 0)
		return vox_error_k(VOX_ERR_USAGE, "stats", "'%s': --by is one or two of pair, "
		    "site, setting, participant, session, theme (such as theme,setting)", words);
	return n;
}

const char *
vox_stats_column(int column)
{
	return column >= 0 && column < VOX_STATS_NCOLUMNS ? columns[column] : "?";
}

int64_t
vox_stats_value(const struct vox_stats_row *r, int column)
{
	switch (column) {
	case VOX_STATS_PHOTOS: return r->photos;
	case VOX_STATS_PARTICIPANTS: return r->participants;
	case VOX_STATS_SESSIONS: return r->sessions;
	case VOX_STATS_CAPTIONED: return r->captioned;
	case VOX_STATS_WITH_ALT: return r->with_alt;
	case VOX_STATS_STORIES: return r->stories;
	case VOX_STATS_GROUP: return r->reaches[VOX_AUDIENCE_GROUP];
	case VOX_STATS_REPORT: return r->reaches[VOX_AUDIENCE_REPORT];
	case VOX_STATS_PUBLIC: return r->reaches[VOX_AUDIENCE_PUBLIC];
	case VOX_STATS_RECORDED_PRIVATE: return r->recorded[VOX_AUDIENCE_PRIVATE];
	case VOX_STATS_RECORDED_GROUP: return r->recorded[VOX_AUDIENCE_GROUP];
	case VOX_STATS_RECORDED_REPORT: return r->recorded[VOX_AUDIENCE_REPORT];
	case VOX_STATS_RECORDED_PUBLIC: return r->recorded[VOX_AUDIENCE_PUBLIC];
	case VOX_STATS_PEOPLE_UNKNOWN: return r->people_unknown;
	case VOX_STATS_WITHDRAWN: return r->recorded[VOX_AUDIENCE_WITHDRAWN];
	default: return 0;
	}
}

void
vox_stats_row_json(struct vox_json *j, const struct vox_stats_row *r,
    const enum vox_stats_by *by, int nby)
{
	vox_json_object_begin(j);
	if (nby == 0)
		vox_json_key_string(j, "all", "all");
	for (int k = 0; k < nby; k++)
		vox_json_key_string(j, vox_stats_by_name(by[k]), r->key[k]);
	for (int c = 0; c < VOX_STATS_NCOLUMNS; c++)
		vox_json_key_int(j, vox_stats_column(c), vox_stats_value(r, c));
	vox_json_object_end(j);
}

void
vox_stats_row_free(struct vox_stats_row *r)
{
	if (!r)
		return;
	g_free(r->key[0]);
	g_free(r->key[1]);
	g_free(r);
}

GPtrArray *
vox_stats_select(vox_catalog *cat, const struct vox_filter *filter)
{
	struct vox_filter f = VOX_FILTER_INIT;

	if (filter)
		f = *filter;
	/* A withdrawn photo has no caption, consent or people left to match: it is counted
	 * (as withdrawn) only by the filters it still answers, its place and its theme. */
	f.withdrawn = f.audience < 0 && f.people < 0 && !f.untagged && !f.uncaptioned &&
	    !f.no_alt;
	return vox_catalog_select(cat, &f);
}

/* The values a photo has for one grouping: one, or one per theme. */
static void
values(const struct vox_photo *p, enum vox_stats_by by, GPtrArray *out)
{
	const char *v = NULL;

	g_ptr_array_set_size(out, 0);
	switch (by) {
	case VOX_BY_PAIR: v = p->pair; break;
	case VOX_BY_SITE: v = p->site; break;
	case VOX_BY_SETTING: v = p->setting; break;
	case VOX_BY_PARTICIPANT: v = p->participant; break;
	case VOX_BY_SESSION: v = p->session; break;
	case VOX_BY_THEME:
		for (guint i = 0; i < p->caption->themes->len; i++)
			g_ptr_array_add(out, p->caption->themes->pdata[i]);
		break;
	}
	if (by != VOX_BY_THEME && v && *v)
		g_ptr_array_add(out, (gpointer)v);
	if (out->len == 0)
		g_ptr_array_add(out, (gpointer)VOX_STATS_NONE);
}

struct group {
	struct vox_stats_row *row;
	GHashTable *participants, *sessions; /* sets of strings owned by the photos */
};

static void
group_free(struct group *g)
{
	g_hash_table_unref(g->participants);
	g_hash_table_unref(g->sessions);
	g_free(g);
}

static void
add(struct vox_stats_row *r, struct group *g, const struct vox_photo *p, GHashTable *stories)
{
	const struct vox_caption *c = p->caption;

	if (p->audience == VOX_AUDIENCE_WITHDRAWN) {
		r->recorded[VOX_AUDIENCE_WITHDRAWN]++;
		return;
	}
	r->photos++;
	r->recorded[p->audience]++;
	for (int a = VOX_AUDIENCE_GROUP; a <= VOX_AUDIENCE_PUBLIC; a++)
		r->reaches[a] += vox_consent_allows(p->audience, p->people, p->sensitive,
		    (enum vox_audience)a, 0) != 0;
	if ((c->title && *c->title) || (c->story && *c->story) || c->prompt_keys->len > 0)
		r->captioned++;
	if (c->alt && *c->alt)
		r->with_alt++;
	if (stories && g_hash_table_contains(stories, p))
		r->stories++;
	if (p->people == VOX_PEOPLE_UNKNOWN)
		r->people_unknown++;
	if (p->participant)
		g_hash_table_add(g->participants, p->participant);
	if (p->session)
		g_hash_table_add(g->sessions, p->session);
}

static int
key_cmp(const char *a, const char *b)
{
	int an = strcmp(a, VOX_STATS_NONE) == 0, bn = strcmp(b, VOX_STATS_NONE) == 0;

	if (an != bn)
		return an - bn;
	return strcmp(a, b);
}

static int
row_cmp(gconstpointer pa, gconstpointer pb)
{
	const struct vox_stats_row *a = *(struct vox_stats_row *const *)pa;
	const struct vox_stats_row *b = *(struct vox_stats_row *const *)pb;
	int c = 0;

	for (int k = 0; k < 2 && c == 0; k++)
		if (a->key[k] && b->key[k])
			c = key_cmp(a->key[k], b->key[k]);
	return c;
}

GHashTable *
vox_stats_stories(vox_catalog *cat, GPtrArray *photos)
{
	GHashTable *files = vox_catalog_audio_files(cat), *rowids, *out;
	GHashTableIter it;
	gpointer v;

	if (!files)
		return NULL;
	rowids = g_hash_table_new(NULL, NULL);
	g_hash_table_iter_init(&it, files);
	while (g_hash_table_iter_next(&it, NULL, &v))
		g_hash_table_add(rowids, v);
	out = g_hash_table_new(NULL, NULL);
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];

		if (g_hash_table_contains(rowids, GINT_TO_POINTER((int)p->rowid)))
			g_hash_table_add(out, (gpointer)p);
	}
	g_hash_table_unref(rowids);
	g_hash_table_unref(files);
	return out;
}

GPtrArray *
vox_stats_count(GPtrArray *photos, GHashTable *stories, const enum vox_stats_by *by, int nby)
{
	GHashTable *groups = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
	    (GDestroyNotify)group_free);
	GPtrArray *rows = g_ptr_array_new_with_free_func((GDestroyNotify)vox_stats_row_free);
	GPtrArray *v[2] = { g_ptr_array_new(), g_ptr_array_new() };
	GHashTableIter it;
	gpointer value;

	for (guint i = 0; i < photos->len || (nby == 0 && i == 0); i++) {
		const struct vox_photo *p = i < photos->len ? photos->pdata[i] : NULL;
		GPtrArray *k0 = v[0], *k1 = v[1];

		/* A grouping not asked for has the one value NULL. */
		for (int d = 0; d < 2; d++) {
			if (d < nby && p) {
				values(p, by[d], v[d]);
			} else {
				g_ptr_array_set_size(v[d], 0);
				g_ptr_array_add(v[d], NULL);
			}
		}
		for (guint a = 0; a < k0->len; a++) {
			for (guint b = 0; b < k1->len; b++) {
				const char *ka = k0->pdata[a], *kb = k1->pdata[b];
				char *key = g_strdup_printf("%s\t%s", ka ? ka : "", kb ? kb : "");
				struct group *g = g_hash_table_lookup(groups, key);

				if (!g) {
					g = g_new0(struct group, 1);
					g->row = g_new0(struct vox_stats_row, 1);
					g->row->key[0] = g_strdup(ka);
					g->row->key[1] = g_strdup(kb);
					g->participants = g_hash_table_new(g_str_hash, g_str_equal);
					g->sessions = g_hash_table_new(g_str_hash, g_str_equal);
					g_ptr_array_add(rows, g->row);
					g_hash_table_insert(groups, key, g);
				} else {
					g_free(key);
				}
				if (p)
					add(g->row, g, p, stories);
			}
		}
	}
	g_hash_table_iter_init(&it, groups);
	while (g_hash_table_iter_next(&it, NULL, &value)) {
		struct group *g = value;

		g->row->participants = g_hash_table_size(g->participants);
		g->row->sessions = g_hash_table_size(g->sessions);
	}
	g_hash_table_unref(groups);
	g_ptr_array_unref(v[0]);
	g_ptr_array_unref(v[1]);
	g_ptr_array_sort(rows, row_cmp);
	return rows;
}
