/*
 * The deposit's files beside the photos (vox/deposit.h): what evaluators, data services
 * and analysis tools read. Every function works on photos already selected by consent.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vox/archive.h"
#include "vox/audio.h"
#include "vox/audit.h"
#include "vox/consent.h"
#include "vox/deposit.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/html.h"
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

void
vox_deposit_uuid(const void *data, size_t len, char out[VOX_UUID_LEN])
{
	char hex[VOX_SHA256_HEX];
	uint8_t b[16];

	vox_sha256_hex(data, len, hex);
	for (int i = 0; i < 16; i++)
		b[i] = (uint8_t)(g_ascii_xdigit_value(hex[2 * i]) << 4 |
		    g_ascii_xdigit_value(hex[2 * i + 1]));
	b[6] = (uint8_t)((b[6] & 0x0f) | 0x80); /* version 8: made by its own rule */
	b[8] = (uint8_t)((b[8] & 0x3f) | 0x80); /* the RFC 9562 variant */
	g_snprintf(out, VOX_UUID_LEN, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
	    "%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8],
	    b[9], b[10], b[11], b[12], b[13], b[14], b[15]);
}

/* Photo i's voice story in the bag, or NULL. */
static const struct vox_audio *
crate_story(const struct vox_crate *c, guint i)
{
	return c->stories && i < c->stories->len ? c->stories->pdata[i] : NULL;
}

char *
vox_deposit_identifier(const struct vox_crate *c)
{
	GString *all = g_string_new(NULL);
	char hex[VOX_SHA256_HEX], uuid[VOX_UUID_LEN];

	for (guint i = 0; i < c->photos->len; i++) {
		const struct vox_photo *p = c->photos->pdata[i];

		const struct vox_audio *a = crate_story(c, i);

		g_string_append_printf(all, "%s%c%s%c", (const char *)c->files->pdata[i], 0,
		    p->sha256, 0);
		if (a)
			g_string_append_printf(all, "%s%c%s%c",
			    (const char *)c->story_files->pdata[i], 0, a->sha256, 0);
	}
	for (size_t i = 0; i < c->n_parts; i++) {
		vox_sha256_hex(c->parts[i].data->str, c->parts[i].data->len, hex);
		g_string_append_printf(all, "%s%c%s%c", c->parts[i].name, 0, hex, 0);
	}
	vox_deposit_uuid(all->str, all->len, uuid);
	g_string_free(all, TRUE);
	return g_strconcat("urn:uuid:", uuid, NULL);
}

static const char *
media_type(const char *ext)
{
	if (g_strcmp0(ext, "png") == 0)
		return "image/png";
	if (g_strcmp0(ext, "webp") == 0)
		return "image/webp";
	return "image/jpeg";
}

/* "#theme-food-and-growing": the crate's own ids of contextual entities. */
static char *
local_id(const char *kind, const char *slug)
{
	return g_strdup_printf("#%s-%s", kind, slug);
}

static void
ref_item(struct vox_json *j, const char *id)
{
	vox_json_object_begin(j);
	vox_json_key_string(j, "@id", id);
	vox_json_object_end(j);
}

static void
ref_key(struct vox_json *j, const char *key, const char *id)
{
	vox_json_key(j, key);
	ref_item(j, id);
}

/* Whether part i is the first of its folder's Dataset. */
static int
first_of_dataset(const struct vox_crate *c, size_t i)
{
	for (size_t k = 0; k < i; k++)
		if (g_strcmp0(c->parts[k].dataset, c->parts[i].dataset) == 0)
			return 0;
	return 1;
}

/* Opens an entity of the graph: its @id, @type and name (when not NULL). */
static void
entity_begin(struct vox_json *j, const char *id, const char *type, const char *name)
{
	vox_json_object_begin(j);
	vox_json_key_string(j, "@id", id);
	vox_json_key_string(j, "@type", type);
	if (name)
		vox_json_key_string(j, "name", name);
}

/* The themes and sites the photos use, and the span of their sessions' dates. */
struct crate_use {
	GPtrArray *themes, *sites; /* slugs in the names' order (not owned) */
	const char *first, *last;  /* session dates, or NULL */
};

static void
crate_use(const struct vox_crate *c, struct crate_use *u)
{
	GHashTable *themes = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *sites = g_hash_table_new(g_str_hash, g_str_equal);
	const struct vox_catalog_names *n = c->names;

	memset(u, 0, sizeof(*u));
	for (guint i = 0; i < c->photos->len; i++) {
		const struct vox_photo *p = c->photos->pdata[i];

		for (guint k = 0; k < p->caption->themes->len; k++)
			g_hash_table_add(themes, p->caption->themes->pdata[k]);
		if (p->site)
			g_hash_table_add(sites, p->site);
		if (p->session_date && (!u->first || strcmp(p->session_date, u->first) < 0))
			u->first = p->session_date;
		if (p->session_date && (!u->last || strcmp(p->session_date, u->last) > 0))
			u->last = p->session_date;
	}
	u->themes = g_ptr_array_new();
	u->sites = g_ptr_array_new();
	for (guint i = 0; n->themes && i < n->themes->len; i++) {
		const struct vox_theme *t = n->themes->pdata[i];

		if (g_hash_table_contains(themes, t->slug))
			g_ptr_array_add(u->themes, t->slug);
	}
	for (guint i = 0; n->sites && i < n->sites->len; i++) {
		const struct vox_site *s = n->sites->pdata[i];

		if (g_hash_table_contains(sites, s->slug))
			g_ptr_array_add(u->sites, s->slug);
	}
	g_hash_table_unref(themes);
	g_hash_table_unref(sites);
}

/*
 * A File of photo p (a photo, or its voice story when about is the photo's id): its
 * format, size, hash, session date only, site and themes.
 */
static void
crate_file(struct vox_json *j, const char *id, const char *name, const char *format,
    const char *path, const char *sha256, const struct vox_photo *p, const char *about)
{
	struct stat st;
	g_autofree char *size = g_strdup_printf("%lld", stat(path, &st) == 0 ?
	    (long long)st.st_size : 0LL);

	entity_begin(j, id, "File", name);
	vox_json_key_string(j, "encodingFormat", format);
	vox_json_key_string(j, "contentSize", size);
	vox_json_key_string(j, "sha256", sha256);
	if (p->session_date)
		vox_json_key_string(j, "dateCreated", p->session_date);
	if (p->site) {
		g_autofree char *site = local_id("site", p->site);

		ref_key(j, "contentLocation", site);
	}
	vox_json_key(j, "about");
	vox_json_array_begin(j, VOX_JSON_INLINE);
	if (about)
		ref_item(j, about);
	for (guint k = 0; k < p->caption->themes->len; k++) {
		g_autofree char *t = local_id("theme", p->caption->themes->pdata[k]);

		ref_item(j, t);
	}
	vox_json_array_end(j);
	vox_json_object_end(j);
}

static char *
crate_date(int64_t t)
{
	GDateTime *d = g_date_time_new_from_unix_utc(t);
	char *s = d ? g_date_time_format(d, "%Y-%m-%d") : g_strdup("1970-01-01");

	if (d)
		g_date_time_unref(d);
	return s;
}

static char *
crate_description(const struct vox_crate *c)
{
	return g_strdup_printf("Photos and the stories told about them by the people who "
	    "took them, from the photovoice project %s: %u photo%s whose participants agreed "
	    "to share them with the audience '%s' (%s). Participants are known by codes only; "
	    "every photo was stripped of hidden data when it was collected "
	    "(anonymisation-log.csv); consent.csv records each photo's consent.", c->title,
	    c->photos->len, c->photos->len == 1 ? "" : "s", vox_audience_name(c->audience),
	    vox_audience_phrase(c->audience));
}

GString *
vox_deposit_crate_json(const struct vox_crate *c)
{
	GString *s = g_string_new(NULL);
	const struct vox_catalog_names *n = c->names;
	g_autofree char *date = crate_date(c->time), *desc = crate_description(c);
	g_autofree char *aud = local_id("audience", vox_audience_name(c->audience));
	struct crate_use u;
	struct vox_json j;

	crate_use(c, &u);
	vox_json_init(&j, s, VOX_JSON_INDENTED);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "@context", "https://w3id.org/ro/crate/1.1/context");
	vox_json_key(&j, "@graph");
	vox_json_array_begin(&j, VOX_JSON_LINES);

	vox_json_object_begin(&j);
	vox_json_key_string(&j, "@id", "ro-crate-metadata.json");
	vox_json_key_string(&j, "@type", "CreativeWork");
	ref_key(&j, "conformsTo", "https://w3id.org/ro/crate/1.1");
	ref_key(&j, "about", "./");
	vox_json_object_end(&j);

	entity_begin(&j, "./", "Dataset", c->title);
	vox_json_key_string(&j, "description", desc);
	vox_json_key_string(&j, "identifier", c->identifier);
	vox_json_key_string(&j, "datePublished", date);
	if (u.first) {
		g_autofree char *span = g_strdup_printf("%s/%s", u.first, u.last);

		vox_json_key_string(&j, "temporalCoverage", span);
	}
	ref_key(&j, "license", "#licence");
	ref_key(&j, "audience", aud);
	vox_json_key(&j, "keywords");
	vox_json_array_begin(&j, VOX_JSON_INLINE);
	for (guint i = 0; i < u.themes->len; i++)
		vox_json_item_string(&j, vox_catalog_theme_name(n, u.themes->pdata[i]));
	vox_json_array_end(&j);
	vox_json_key(&j, "spatialCoverage");
	vox_json_array_begin(&j, VOX_JSON_LINES);
	for (guint i = 0; i < u.sites->len; i++) {
		g_autofree char *id = local_id("site", u.sites->pdata[i]);

		ref_item(&j, id);
	}
	vox_json_array_end(&j);
	vox_json_key(&j, "hasPart");
	vox_json_array_begin(&j, VOX_JSON_LINES);
	for (size_t i = 0; i < c->n_parts; i++)
		if (!c->parts[i].dataset)
			ref_item(&j, c->parts[i].name);
	for (size_t i = 0; i < c->n_parts; i++)
		if (c->parts[i].dataset && first_of_dataset(c, i))
			ref_item(&j, c->parts[i].dataset);
	for (guint i = 0; i < c->files->len; i++) {
		ref_item(&j, c->files->pdata[i]);
		if (crate_story(c, i))
			ref_item(&j, c->story_files->pdata[i]);
	}
	vox_json_array_end(&j);
	vox_json_object_end(&j);
	for (size_t i = 0; i < c->n_parts; i++) {
		const char *ds = c->parts[i].dataset;

		if (!ds || !first_of_dataset(c, i))
			continue;
		entity_begin(&j, ds, "Dataset", "The evaluator's report");
		vox_json_key(&j, "hasPart");
		vox_json_array_begin(&j, VOX_JSON_LINES);
		for (size_t k = i; k < c->n_parts; k++)
			if (g_strcmp0(c->parts[k].dataset, ds) == 0)
				ref_item(&j, c->parts[k].name);
		vox_json_array_end(&j);
		vox_json_object_end(&j);
	}

	entity_begin(&j, "#licence", "CreativeWork", "The participants' consent");
	{
		g_autofree char *terms = g_strdup_printf("The photos and words are the "
		    "participants'. They may be used only for the audience '%s' (%s), as each "
		    "participant agreed; consent.csv holds each photo's consent. If a participant "
		    "withdraws, their photos must be deleted from every copy.",
		    vox_audience_name(c->audience), vox_audience_phrase(c->audience));

		vox_json_key_string(&j, "description", terms);
	}
	vox_json_object_end(&j);

	entity_begin(&j, aud, "Audience", vox_audience_name(c->audience));
	vox_json_key_string(&j, "description", vox_audience_phrase(c->audience));
	vox_json_object_end(&j);

	for (guint i = 0; i < u.sites->len; i++) {
		g_autofree char *id = local_id("site", u.sites->pdata[i]);

		entity_begin(&j, id, "Place", vox_catalog_site_name(n, u.sites->pdata[i]));
		vox_json_object_end(&j);
	}
	for (guint i = 0; i < u.themes->len; i++) {
		g_autofree char *id = local_id("theme", u.themes->pdata[i]);

		entity_begin(&j, id, "DefinedTerm", vox_catalog_theme_name(n, u.themes->pdata[i]));
		vox_json_key_string(&j, "termCode", u.themes->pdata[i]);
		vox_json_object_end(&j);
	}

	for (size_t i = 0; i < c->n_parts; i++) {
		const struct vox_crate_part *pt = &c->parts[i];
		vox_hash *h = vox_hash_new(VOX_HASH_SHA256);
		g_autofree char *size = g_strdup_printf("%zu", pt->data->len);

		vox_hash_update(h, pt->data->str, pt->data->len);
		entity_begin(&j, pt->name, "File", pt->name);
		vox_json_key_string(&j, "description", pt->description);
		vox_json_key_string(&j, "encodingFormat", pt->format);
		vox_json_key_string(&j, "contentSize", size);
		vox_json_key_string(&j, "sha256", vox_hash_hex(h));
		vox_json_object_end(&j);
		vox_hash_free(h);
	}
	for (guint i = 0; i < c->photos->len; i++) {
		const struct vox_photo *p = c->photos->pdata[i];
		const struct vox_audio *a = crate_story(c, i);

		/* The bag's writer checks the bytes against the hash again as it copies them. */
		crate_file(&j, c->files->pdata[i], p->ref, media_type(p->ext), p->path,
		    p->sha256, p, NULL);
		/* A voice story is about its photo, and so about the photo's themes. */
		if (a) {
			g_autofree char *name = g_strdup_printf("%s (voice story)", p->ref);

			crate_file(&j, c->story_files->pdata[i], name,
			    vox_audio_media_type(a->ext), a->path, a->sha256, p,
			    c->files->pdata[i]);
		}
	}
	vox_json_array_end(&j);
	vox_json_object_end(&j);
	g_string_append_c(s, '\n');
	g_ptr_array_unref(u.themes);
	g_ptr_array_unref(u.sites);
	return s;
}

GString *
vox_deposit_crate_preview(const struct vox_crate *c, const GString *json)
{
	GString *s = g_string_new(NULL), *head = g_string_new(NULL);
	g_autofree char *desc = crate_description(c), *date = crate_date(c->time);
	struct vox_html_page pg = {
		.lang = "en", .title = "About this package", .site_title = c->title,
		.home_href = "ro-crate-preview.html",
		.audience = vox_audience_phrase(c->audience),
	};
	struct crate_use u;

	/* The metadata itself, for programs that read the preview (RO-Crate 1.1 §4.3);
	 * vox_json_string() already wrote <, > and & as escapes. */
	g_string_append(head, "<script type=\"application/ld+json\">\n");
	g_string_append_len(head, json->str, (gssize)json->len);
	g_string_append(head, "</script>");
	pg.head_html = head->str;
	crate_use(c, &u);
	vox_html_page_begin(s, &pg);
	vox_html_printf(s, "<h1>%s</h1>\n<p>%s</p>\n<dl>\n", c->title, desc);
	vox_html_printf(s, "<dt>Identifier</dt><dd>%s</dd>\n", c->identifier);
	vox_html_printf(s, "<dt>Published</dt><dd>%s</dd>\n", date);
	if (u.first)
		vox_html_printf(s, "<dt>Workshop sessions</dt><dd>%s to %s</dd>\n", u.first,
		    u.last);
	vox_html_printf(s, "<dt>Who may see it</dt><dd>%s</dd>\n",
	    vox_audience_phrase(c->audience));
	g_string_append(s, "<dt>Themes</dt><dd>");
	for (guint i = 0; i < u.themes->len; i++)
		vox_html_printf(s, "%s%s", i ? ", " : "",
		    vox_catalog_theme_name(c->names, u.themes->pdata[i]));
	g_string_append(s, "</dd>\n<dt>Places</dt><dd>");
	for (guint i = 0; i < u.sites->len; i++)
		vox_html_printf(s, "%s%s", i ? ", " : "",
		    vox_catalog_site_name(c->names, u.sites->pdata[i]));
	g_string_append(s, "</dd>\n</dl>\n<h2>Files</h2>\n<table>\n"
	    "<caption>The records of this package</caption>\n"
	    "<thead><tr><th scope=\"col\">File</th><th scope=\"col\">What it holds</th></tr>"
	    "</thead>\n<tbody>\n");
	for (size_t i = 0; i < c->n_parts; i++)
		vox_html_printf(s, "<tr><td><a href=\"%s\">%s</a></td><td>%s</td></tr>\n",
		    c->parts[i].name, c->parts[i].name, c->parts[i].description);
	g_string_append(s, "</tbody>\n</table>\n");
	vox_html_printf(s, "<h2>Photos</h2>\n<p>%u photo%s, each named by its reference.</p>\n"
	    "<ul>\n", c->photos->len, c->photos->len == 1 ? "" : "s");
	for (guint i = 0; i < c->photos->len; i++) {
		vox_html_printf(s, "<li><a href=\"%s\">%s</a>",
		    (const char *)c->files->pdata[i],
		    ((const struct vox_photo *)c->photos->pdata[i])->ref);
		if (crate_story(c, i))
			vox_html_printf(s, " (<a href=\"%s\">its voice story</a>)",
			    (const char *)c->story_files->pdata[i]);
		g_string_append(s, "</li>\n");
	}
	g_string_append(s, "</ul>\n");
	vox_html_page_end(s, &pg);
	g_ptr_array_unref(u.themes);
	g_ptr_array_unref(u.sites);
	g_string_free(head, TRUE);
	return s;
}
