/*
 * The deposit's files beside the photos (vox/deposit.h): what evaluators, data services
 * and analysis tools read. Every function works on photos already selected by consent.
 */
#include <stdlib.h>
#include <string.h>

#include "vox/archive.h"
#include "vox/audit.h"
#include "vox/consent.h"
#include "vox/deposit.h"
#include "vox/scrub.h"

/* Appends ",cell". */
static void
next_cell(GString *s, const char *text)
{
	g_string_append_c(s, ',');
	vox_csv_cell(s, text);
}

static void
head_row(GString *s, const char *const *cells, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (i)
			g_string_append_c(s, ',');
		vox_csv_cell(s, cells[i]);
	}
}

char *
vox_deposit_prompt_label(const char *key)
{
	char *label = g_strdup(key ? key : "");

	for (char *c = label; *c; c++)
		if (*c == '-' || *c == '_')
			*c = ' ';
	if (g_ascii_islower(label[0]))
		label[0] = g_ascii_toupper(label[0]);
	return label;
}

void
vox_deposit_captions_head(GString *s, const struct vox_catalog_names *n)
{
	next_cell(s, "pair_name");
	next_cell(s, "site_name");
	next_cell(s, "theme_names");
	for (guint i = 0; n->themes && i < n->themes->len; i++) {
		g_autofree char *h = g_strconcat("theme_",
		    ((struct vox_theme *)n->themes->pdata[i])->slug, NULL);

		next_cell(s, h);
	}
	for (guint i = 0; n->prompts && i < n->prompts->len; i++) {
		g_autofree char *h = vox_deposit_prompt_label(
		    ((struct vox_prompt *)n->prompts->pdata[i])->key);

		next_cell(s, h);
	}
}

static int
has_theme(const struct vox_photo *p, const char *slug)
{
	for (guint i = 0; i < p->caption->themes->len; i++)
		if (strcmp(p->caption->themes->pdata[i], slug) == 0)
			return 1;
	return 0;
}

void
vox_deposit_captions_row(GString *s, const struct vox_catalog_names *n,
    const struct vox_photo *p)
{
	GString *names = g_string_new(NULL);

	next_cell(s, p->pair ? vox_catalog_pair_name(n, p->pair) : NULL);
	next_cell(s, p->site ? vox_catalog_site_name(n, p->site) : NULL);
	for (guint i = 0; i < p->caption->themes->len; i++)
		g_string_append_printf(names, "%s%s", i ? "; " : "",
		    vox_catalog_theme_name(n, p->caption->themes->pdata[i]));
	next_cell(s, names->str);
	g_string_free(names, TRUE);
	for (guint i = 0; n->themes && i < n->themes->len; i++)
		next_cell(s, has_theme(p, ((struct vox_theme *)n->themes->pdata[i])->slug) ?
		    "1" : "0");
	for (guint i = 0; n->prompts && i < n->prompts->len; i++)
		next_cell(s, vox_caption_prompt(p->caption,
		    ((struct vox_prompt *)n->prompts->pdata[i])->key));
}

GString *
vox_deposit_themes_csv(GPtrArray *photos, const struct vox_catalog_names *n)
{
	GString *s = g_string_new("\xef\xbb\xbf");

	static const char *const head[] = { "ref", "theme", "theme_name" };

	head_row(s, head, G_N_ELEMENTS(head));
	g_string_append(s, "\r\n");
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];

		for (guint k = 0; k < p->caption->themes->len; k++) {
			const char *t = p->caption->themes->pdata[k];

			vox_csv_cell(s, p->ref);
			next_cell(s, t);
			next_cell(s, vox_catalog_theme_name(n, t));
			g_string_append(s, "\r\n");
		}
	}
	return s;
}

/* The events of each photo, by ref: arrays that point into events (not owning them). */
static GHashTable *
events_by_ref(GPtrArray *events)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
	    (GDestroyNotify)g_ptr_array_unref);

	for (guint i = 0; events && i < events->len; i++) {
		struct vox_event *e = events->pdata[i];
		GPtrArray *a = g_hash_table_lookup(h, e->ref);

		if (!a) {
			a = g_ptr_array_new();
			g_hash_table_insert(h, e->ref, a);
		}
		g_ptr_array_add(a, e);
	}
	return h;
}

/* The date of an ISO 8601 time ("2026-05-12T18:02:11Z" gives "2026-05-12"). */
static char *
date_of(const char *time)
{
	return time ? g_strndup(time, 10) : NULL;
}

GString *
vox_deposit_anonymisation_csv(GPtrArray *photos, GPtrArray *events)
{
	static const char *const tail[] = {
		"conversion", "redactions", "redaction_boxes", "redaction_dates",
	};
	GString *s = g_string_new("\xef\xbb\xbf");
	GHashTable *by_ref = events_by_ref(events);
	char *keys[VOX_AUDIT_N_CATEGORIES];

	vox_csv_cell(s, "ref");
	next_cell(s, "scrub_recorded");
	for (int c = 0; c < VOX_AUDIT_N_CATEGORIES; c++) {
		keys[c] = vox_scrub_category_key((enum vox_audit_category)c);
		next_cell(s, keys[c]);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(tail); i++)
		next_cell(s, tail[i]);
	g_string_append(s, "\r\n");
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		GPtrArray *ev = g_hash_table_lookup(by_ref, p->ref);
		GString *dates = g_string_new(NULL);
		char **pairs = p->scrubbed ? g_strsplit(p->scrubbed, ",", -1) : NULL;
		unsigned long boxes = 0, redactions = 0;

		vox_csv_cell(s, p->ref);
		next_cell(s, p->scrubbed ? "yes" : "no");
		for (int c = 0; c < VOX_AUDIT_N_CATEGORIES; c++) {
			const char *count = p->scrubbed ? "0" : NULL;
			size_t kl = strlen(keys[c]);

			for (char **kv = pairs; kv && *kv; kv++)
				if (strncmp(*kv, keys[c], kl) == 0 && (*kv)[kl] == '=')
					count = *kv + kl + 1;
			next_cell(s, count);
		}
		g_strfreev(pairs);
		for (guint k = 0; ev && k < ev->len; k++) {
			const struct vox_event *e = ev->pdata[k];
			g_autofree char *d = NULL;

			if (g_strcmp0(e->tool, "redact") != 0)
				continue;
			redactions++;
			/* The detail starts with the number of boxes ("2 boxes; replaces …"). */
			if (e->detail && g_ascii_isdigit(e->detail[0]))
				boxes += strtoul(e->detail, NULL, 10);
			d = date_of(e->time);
			g_string_append_printf(dates, "%s%s", dates->len ? "; " : "", d);
		}
		if (p->converted) {
			g_autofree char *from = g_ascii_strup(p->converted, -1);
			g_autofree char *what = g_strdup_printf("%s to JPEG", from);

			next_cell(s, what);
		} else {
			next_cell(s, NULL);
		}
		g_string_append_printf(s, ",\"%lu\",\"%lu\"", redactions, boxes);
		next_cell(s, dates->str);
		g_string_append(s, "\r\n");
		g_string_free(dates, TRUE);
	}
	for (int c = 0; c < VOX_AUDIT_N_CATEGORIES; c++)
		g_free(keys[c]);
	g_hash_table_unref(by_ref);
	return s;
}

GString *
vox_deposit_consent_csv(GPtrArray *photos, GPtrArray *events)
{
	static const char *const head[] = {
		"ref", "audience", "people", "sensitive", "minor", "consent_by", "consent_given",
		"consent_last_changed", "consent_changes",
	};
	GString *s = g_string_new("\xef\xbb\xbf");
	GHashTable *by_ref = events_by_ref(events);

	head_row(s, head, G_N_ELEMENTS(head));
	g_string_append(s, "\r\n");
	for (guint i = 0; i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		GPtrArray *ev = g_hash_table_lookup(by_ref, p->ref);
		const struct vox_event *first = NULL, *last = NULL;
		g_autofree char *given = NULL, *changed = NULL;
		unsigned long n = 0;

		for (guint k = 0; ev && k < ev->len; k++) {
			const struct vox_event *e = ev->pdata[k];

			if (g_strcmp0(e->tool, "consent") != 0)
				continue;
			if (!first)
				first = e;
			last = e;
			n++;
		}
		/* Consent given with the photo at ingest dates from when it was added. */
		given = date_of(first ? first->time : p->added);
		changed = date_of(last ? last->time : p->added);
		vox_csv_cell(s, p->ref);
		next_cell(s, vox_audience_name(p->audience));
		next_cell(s, vox_people_name(p->people));
		next_cell(s, p->sensitive ? "yes" : "no");
		next_cell(s, p->minor ? "yes" : "no");
		next_cell(s, p->minor ? "guardian" : "participant");
		next_cell(s, given);
		next_cell(s, changed);
		g_string_append_printf(s, ",\"%lu\"\r\n", n);
	}
	g_hash_table_unref(by_ref);
	return s;
}
