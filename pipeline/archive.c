#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "vox/archive.h"
#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/deposit.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/gallery.h"
#include "vox/report.h"
#include "vox/json.h"
#include "vox/outputs.h"
#include "vox/qdpx.h"
#include "vox/store.h"

void
vox_csv_cell(GString *s, const char *text)
{
	g_string_append_c(s, '"');
	if (text && strchr("=+-@\t\r", text[0]) && text[0])
		g_string_append_c(s, '\'');
	for (const char *c = text ? text : ""; *c; c++) {
		if (*c == '"')
			g_string_append_c(s, '"');
		g_string_append_c(s, *c);
	}
	g_string_append_c(s, '"');
}

int64_t
vox_archive_time(vox_catalog *cat)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");

	if (env && *env && strspn(env, "0123456789") == strlen(env) && strlen(env) < 19)
		return g_ascii_strtoll(env, NULL, 10);
	return vox_catalog_last_change(cat);
}

/* A folder name for a slug that may be missing. */
static const char *
or_none(const char *s)
{
	return s && *s ? s : "unassigned";
}

static char *
photo_name(const struct vox_photo *p)
{
	return g_strdup_printf("photos/%s/%s/%s.%s", or_none(p->pair), or_none(p->site), p->ref,
	    p->ext);
}

static const char *
flag(int v)
{
	return v ? "yes" : "no";
}

static char *
themes_text(const struct vox_caption *c)
{
	GString *s = g_string_new(NULL);

	for (guint i = 0; i < c->themes->len; i++) {
		if (i)
			g_string_append_c(s, ',');
		g_string_append(s, g_ptr_array_index(c->themes, i));
	}
	return g_string_free(s, FALSE);
}

/* A photo's voice story in the bag: data/audio/PAIR/SITE/REF.EXT. */
static char *
audio_name(const struct vox_photo *p, const struct vox_audio *a)
{
	return g_strdup_printf("audio/%s/%s/%s.%s", or_none(p->pair), or_none(p->site), p->ref,
	    a->ext);
}

static GString *
captions_csv(GPtrArray *photos, const struct vox_catalog_names *names,
    GHashTable *stories)
{
	GPtrArray *prompts = names->prompts;
	static const char *const head[] = {
		"ref", "file", "pair", "site", "setting", "session", "session_date", "participant",
		"themes", "title", "story", "alt", "lang",
	};
	static const char *const tail[] = {
		"translation_lang", "translation_title", "translation", "translation_alt",
		"consent", "people", "sensitive",
	};
	GString *s = g_string_new("\xef\xbb\xbf");

	for (size_t i = 0; i < G_N_ELEMENTS(head); i++) {
		if (i)
			g_string_append_c(s, ',');
		vox_csv_cell(s, head[i]);
	}
	for (guint i = 0; i < prompts->len; i++) {
		g_string_append_c(s, ',');
		vox_csv_cell(s, ((struct vox_prompt *)g_ptr_array_index(prompts, i))->key);
	}
	for (size_t i = 0; i < G_N_ELEMENTS(tail); i++) {
		g_string_append_c(s, ',');
		vox_csv_cell(s, tail[i]);
	}
	vox_deposit_captions_head(s, names);
	/* The voice story's file in the bag and its transcript, last. */
	g_string_append_c(s, ',');
	vox_csv_cell(s, "audio");
	g_string_append_c(s, ',');
	vox_csv_cell(s, "transcript");
	g_string_append(s, "\r\n");
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = g_ptr_array_index(photos, i);
		struct vox_caption *c = p->caption, *t = c->translation;
		g_autofree char *file = photo_name(p), *themes = themes_text(c);
		g_autofree char *path = g_strconcat("data/", file, NULL);
		const char *cells[] = {
			p->ref, path, p->pair, p->site, p->setting, p->session, p->session_date,
			p->participant, themes, c->title, c->story, c->alt, c->lang,
		};

		for (size_t k = 0; k < G_N_ELEMENTS(cells); k++) {
			if (k)
				g_string_append_c(s, ',');
			vox_csv_cell(s, cells[k]);
		}
		for (guint k = 0; k < prompts->len; k++) {
			g_string_append_c(s, ',');
			vox_csv_cell(s, vox_caption_prompt(c, ((struct vox_prompt *)
			    g_ptr_array_index(prompts, k))->key));
		}
		g_string_append_c(s, ',');
		vox_csv_cell(s, t ? t->lang : NULL);
		g_string_append_c(s, ',');
		vox_csv_cell(s, t ? t->title : NULL);
		g_string_append_c(s, ',');
		vox_csv_cell(s, t ? t->story : NULL);
		g_string_append_c(s, ',');
		vox_csv_cell(s, t ? t->alt : NULL);
		g_string_append_c(s, ',');
		vox_csv_cell(s, vox_audience_name(p->audience));
		g_string_append_c(s, ',');
		vox_csv_cell(s, vox_people_name(p->people));
		g_string_append_c(s, ',');
		vox_csv_cell(s, flag(p->sensitive));
		vox_deposit_captions_row(s, names, p);
		{
			const struct vox_audio *a = g_hash_table_lookup(stories, p);
			g_autofree char *an = a ? audio_name(p, a) : NULL;
			g_autofree char *ap = an ? g_strconcat("data/", an, NULL) : NULL;

			g_string_append_c(s, ',');
			vox_csv_cell(s, ap);
			g_string_append_c(s, ',');
			vox_csv_cell(s, a ? c->transcript : NULL);
		}
		g_string_append(s, "\r\n");
	}
	return s;
}

static void
caption_json(struct vox_json *j, const struct vox_caption *c, int translation)
{
	vox_json_object_begin(j);
	vox_json_key_string(j, "lang", c->lang);
	vox_json_key_string(j, "title", c->title);
	vox_json_key_string(j, "story", c->story);
	vox_json_key_string(j, "alt", c->alt);
	if (c->transcript)
		vox_json_key_string(j, "transcript", c->transcript);
	vox_json_key_object(j, "prompts", c->prompt_keys, c->prompt_answers);
	if (!translation) {
		vox_json_key(j, "translation");
		if (c->translation)
			caption_json(j, c->translation, 1);
		else
			vox_json_item_null(j);
	}
	vox_json_object_end(j);
}

static gint
prompt_key_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorts a caption's prompt answers by key so that the JSON does not depend on the order
 * answers happened to be given in. */
static void
sort_prompts(struct vox_caption *c)
{
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *answers = g_ptr_array_new_with_free_func(g_free);
	GPtrArray *order = g_ptr_array_new();

	for (guint i = 0; i < c->prompt_keys->len; i++)
		g_ptr_array_add(order, g_ptr_array_index(c->prompt_keys, i));
	g_ptr_array_sort(order, prompt_key_cmp);
	for (guint i = 0; i < order->len; i++) {
		const char *k = g_ptr_array_index(order, i);

		g_ptr_array_add(keys, g_strdup(k));
		g_ptr_array_add(answers, g_strdup(vox_caption_prompt(c, k)));
	}
	g_ptr_array_unref(order);
	g_ptr_array_unref(c->prompt_keys);
	g_ptr_array_unref(c->prompt_answers);
	c->prompt_keys = keys;
	c->prompt_answers = answers;
}

static int
used(GHashTable *set, const char *s)
{
	return s && g_hash_table_contains(set, s);
}

/* A member of a catalog list's items that the bag's JSON carries under the member's own
 * name: a string, or an int written as a boolean. */
struct jfield {
	const char *key;
	size_t at;
	int is_bool;
};

#define JSTR(type, m) { #m, offsetof(struct type, m), 0 }
#define JBOOL(type, m) { #m, offsetof(struct type, m), 1 }

static const struct jfield prompt_fields[] = {
	JSTR(vox_prompt, key), JSTR(vox_prompt, question), { NULL, 0, 0 }
};
static const struct jfield theme_fields[] = {
	JSTR(vox_theme, slug), JSTR(vox_theme, name), { NULL, 0, 0 }
};
static const struct jfield pair_fields[] = {
	JSTR(vox_pair, slug), JSTR(vox_pair, name), { NULL, 0, 0 }
};
static const struct jfield site_fields[] = {
	JSTR(vox_site, slug), JSTR(vox_site, name), JSTR(vox_site, pair),
	JSTR(vox_site, setting), { NULL, 0, 0 }
};
static const struct jfield participant_fields[] = {
	JSTR(vox_participant, code), JSTR(vox_participant, site), JBOOL(vox_participant, minor),
	{ NULL, 0, 0 }
};
static const struct jfield session_fields[] = {
	JSTR(vox_session, slug), JSTR(vox_session, site), JSTR(vox_session, date), { NULL, 0, 0 }
};

/*
 * Writes "key": [ ... ] with the fields of list's items; with want, only the items whose
 * first field (their slug or code) is in want, so that a bag names only what its photos
 * use. Takes list (NULL for none).
 */
static void
jlist(struct vox_json *j, const char *key, GPtrArray *list, GHashTable *want,
    const struct jfield *f)
{
	vox_json_key(j, key);
	vox_json_array_begin(j, VOX_JSON_LINES_OPEN);
	for (guint i = 0; list && i < list->len; i++) {
		const char *item = g_ptr_array_index(list, i);

		if (want && !used(want, *(char *const *)(item + f[0].at)))
			continue;
		vox_json_object_begin(j);
		for (const struct jfield *x = f; x->key; x++) {
			if (x->is_bool)
				vox_json_key_bool(j, x->key, *(const int *)(item + x->at));
			else
				vox_json_key_string(j, x->key, *(char *const *)(item + x->at));
		}
		vox_json_object_end(j);
	}
	vox_json_array_end(j);
	if (list)
		g_ptr_array_unref(list);
}

static GString *
catalog_json(vox_catalog *cat, GPtrArray *photos, enum vox_audience audience,
    GHashTable *stories)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;
	GHashTable *pairs = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *sites = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *people = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *sessions = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *themes = g_hash_table_new(g_str_hash, g_str_equal);
	GPtrArray *list;
	g_autofree char *title = vox_catalog_title(cat);

	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = g_ptr_array_index(photos, i);

		if (p->pair)
			g_hash_table_add(pairs, p->pair);
		if (p->site)
			g_hash_table_add(sites, p->site);
		if (p->participant)
			g_hash_table_add(people, p->participant);
		if (p->session)
			g_hash_table_add(sessions, p->session);
		for (guint k = 0; k < p->caption->themes->len; k++)
			g_hash_table_add(themes, g_ptr_array_index(p->caption->themes, k));
	}
	vox_json_init(&j, s, VOX_JSON_INDENTED);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "format", "photovox-bag");
	vox_json_key_int(&j, "version", 1);
	vox_json_key_string(&j, "title", title);
	vox_json_key_string(&j, "audience", vox_audience_name(audience));

	jlist(&j, "prompts", vox_catalog_prompts(cat), NULL, prompt_fields);
	jlist(&j, "themes", vox_catalog_themes(cat), themes, theme_fields);
	jlist(&j, "pairs", vox_catalog_pairs(cat), pairs, pair_fields);
	jlist(&j, "sites", vox_catalog_sites(cat, NULL), sites, site_fields);
	/* Codes only: a participant's real name is private (privacy rule 5). */
	jlist(&j, "participants", vox_catalog_participants(cat), people, participant_fields);
	jlist(&j, "sessions", vox_catalog_sessions(cat), sessions, session_fields);

	vox_json_key(&j, "photos");
	vox_json_array_begin(&j, VOX_JSON_LINES);
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = g_ptr_array_index(photos, i);
		g_autofree char *file = photo_name(p);
		g_autofree char *path = g_strconcat("data/", file, NULL);

		sort_prompts(p->caption);
		if (p->caption->translation)
			sort_prompts(p->caption->translation);
		vox_json_object_begin(&j);
		vox_json_key_string(&j, "ref", p->ref);
		vox_json_key_string(&j, "file", path);
		vox_json_key_string(&j, "sha256", p->sha256);
		vox_json_key_string(&j, "ext", p->ext);
		vox_json_key_int(&j, "width", p->width);
		vox_json_key_int(&j, "height", p->height);
		vox_json_key_int(&j, "orientation", p->orientation);
		vox_json_key_string(&j, "pair", p->pair);
		vox_json_key_string(&j, "site", p->site);
		vox_json_key_string(&j, "participant", p->participant);
		vox_json_key_string(&j, "session", p->session);
		vox_json_key_string(&j, "audience", vox_audience_name(p->audience));
		vox_json_key_string(&j, "people", vox_people_name(p->people));
		vox_json_key_bool(&j, "sensitive", p->sensitive);
		vox_json_key_bool(&j, "minor", p->minor);
		vox_json_key_strings(&j, "themes", p->caption->themes);
		vox_json_key(&j, "caption");
		caption_json(&j, p->caption, 0);
		{
			const struct vox_audio *a = g_hash_table_lookup(stories, p);

			if (a) {
				g_autofree char *an = audio_name(p, a);
				g_autofree char *ap = g_strconcat("data/", an, NULL);

				vox_json_key(&j, "audio");
				vox_json_object_begin(&j);
				vox_json_key_string(&j, "file", ap);
				vox_json_key_string(&j, "sha256", a->sha256);
				vox_json_key_string(&j, "ext", a->ext);
				vox_json_key_int(&j, "duration_ms", a->duration_ms);
				vox_json_object_end(&j);
			}
		}
		vox_json_object_end(&j);
	}
	vox_json_array_end(&j);

	/* Tombstones are hashes and dates, nothing private: they travel so that a photo
	 * withdrawn in one collection is withdrawn in every collection it reaches. */
	vox_json_key(&j, "tombstones");
	vox_json_array_begin(&j, VOX_JSON_LINES);
	list = vox_catalog_tombstones(cat);
	for (guint i = 0; list && i < list->len; i++) {
		char **f = g_strsplit(g_ptr_array_index(list, i), "\t", 2);

		vox_json_object_begin(&j);
		vox_json_key_string(&j, "sha256", f[0]);
		vox_json_key_string(&j, "date", f[1]);
		vox_json_object_end(&j);
		g_strfreev(f);
	}
	vox_json_array_end(&j);
	if (list)
		g_ptr_array_unref(list);
	vox_json_object_end(&j);
	g_string_append_c(s, '\n');

	g_hash_table_destroy(pairs);
	g_hash_table_destroy(sites);
	g_hash_table_destroy(people);
	g_hash_table_destroy(sessions);
	g_hash_table_destroy(themes);
	return s;
}

static GString *
readme(const char *title, const struct vox_archive_options *o, GPtrArray *photos)
{
	GString *s = g_string_new(NULL);
	enum vox_audience a = o->audience;
	const struct vox_filter *f = &o->filter;

	g_string_append_printf(s, "%s\n\n", title);
	g_string_append(s, "WHAT THIS IS\n\n"
	    "Photos and the stories told about them by the people who took them, gathered in a\n"
	    "photovoice project. Each photo is named by its reference: the participant's code\n"
	    "and a number (P07-03 is participant P07's third photo). Participants are known here\n"
	    "by their codes only.\n\n");
	g_string_append_printf(s, "This package holds %u photo%s:\n\n", photos->len,
	    photos->len == 1 ? "" : "s");
	g_string_append(s,
	    "  data/photos/PAIR/SITE/REF.jpg   the photos, grouped by twinning pair and site\n"
	    "  data/audio/PAIR/SITE/REF.m4a    the voice stories of the photos that have one\n"
	    "  data/captions.csv               one row per photo: title, story, alt text\n"
	    "                                  (a plain description for screen readers),\n"
	    "                                  language, the answers to the project's prompts,\n"
	    "                                  any translation, themes and consent. It opens in\n"
	    "                                  Excel, LibreOffice and NVivo. Text that would\n"
	    "                                  start with = + - or @ starts with an apostrophe,\n"
	    "                                  so that spreadsheets show it as text.\n"
	    "  data/catalog.json               the same, exactly, for programs\n"
	    "  data/themes.csv                 one row per photo and theme, for pivot tables\n"
	    "  data/anonymisation-log.csv      per photo: what hidden data was removed when it\n"
	    "                                  was collected (kinds and counts, never the\n"
	    "                                  values), conversion, and boxes drawn over it\n"
	    "  data/consent.csv                per photo: its consent now, when it was given\n"
	    "                                  and when it last changed\n"
	    "  data/ro-crate-metadata.json     a description of this package for archives\n"
	    "                                  (RO-Crate 1.1); ro-crate-preview.html shows it\n");
	if (o->with_gallery)
		g_string_append(s, "  data/gallery/index.html         the same photos and stories as web pages: "
		    "open\n                                  it in any browser, no internet needed\n");
	if (o->with_report)
		g_string_append(s, "  data/report/index.html          the evaluator's report: figures,\n"
		    "                                  charts, stories, consent over time, a\n"
		    "                                  method note\n");
	g_string_append(s, "\n");
	g_string_append(s, "WHO MAY SEE IT\n\n");
	g_string_append_printf(s, "Audience: %s (%s).\n\n", vox_audience_name(a),
	    vox_audience_phrase(a));
	g_string_append(s, "CONSENT RULES APPLIED\n\n");
	g_string_append_printf(s, "- Only photos whose participant agreed to share them at least as "
	    "widely as\n  \"%s\" are included. Withdrawn and private photos never are.\n",
	    vox_audience_name(a));
	if (a >= VOX_AUDIENCE_REPORT)
		g_string_append(s, "- A photo showing people is included only when those people "
		    "agreed, or when\n  it shows nobody.\n");
	if (a >= VOX_AUDIENCE_PUBLIC)
		g_string_append_printf(s, "- Photos marked sensitive (health, crime, sexuality and "
		    "the like) are %s.\n", f->allow_sensitive_public ?
		    "included, because the project chose to override this rule" : "left out");
	g_string_append(s, "- Every photo was stripped of hidden data (location, camera serial "
	    "numbers,\n  dates, names) when it was collected.\n"
	    "- No real names and no original file names are in this package.\n"
	    "- If a participant withdraws consent later, delete their photos from every copy.\n\n");
	if (f->pair || f->site || f->theme || f->participant || f->session) {
		g_string_append(s, "Selection:");
		if (f->pair)
			g_string_append_printf(s, " pair %s;", f->pair);
		if (f->site)
			g_string_append_printf(s, " site %s;", f->site);
		if (f->theme)
			g_string_append_printf(s, " theme %s;", f->theme);
		if (f->participant)
			g_string_append_printf(s, " participant %s;", f->participant);
		if (f->session)
			g_string_append_printf(s, " session %s;", f->session);
		g_string_truncate(s, s->len - 1);
		g_string_append(s, ".\n\n");
	}
	g_string_append(s, "HOW TO CHECK IT IS COMPLETE\n\n"
	    "This is a BagIt package (RFC 8493), a format archives and libraries accept. The\n"
	    "files manifest-sha256.txt and manifest-sha512.txt, beside the data folder, list a\n"
	    "checksum for every file. To check every file, in a terminal in the package's\n"
	    "folder:\n\n"
	    "    sha256sum -c manifest-sha256.txt\n\n"
	    "Every line should end in OK. Or, with photovox: vox archive --verify PACKAGE\n");
	return s;
}

/* Records the archive just written, with the options that rebuild it (vox/outputs.h). */
static int
record(vox_catalog *cat, const char *path, const struct vox_archive_options *o,
    GPtrArray *photos)
{
	GString *s = g_string_new(NULL);
	struct vox_json j;
	int ret;

	vox_json_init(&j, s, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_output_json_filter(&j, &o->filter);
	if (o->top)
		vox_json_key_string(&j, "top", o->top);
	vox_json_key_string(&j, "format", o->qdpx ? "qdpx" : vox_bag_format_name(o->format));
	vox_json_key_bool(&j, "with_gallery", o->with_gallery);
	if (o->with_report)
		vox_json_key_bool(&j, "with_report", 1);
	vox_json_object_end(&j);
	ret = vox_catalog_output_record(cat, VOX_OUTPUT_ARCHIVE, path, o->audience,
	    o->filter.allow_sensitive_public, s->str, photos);
	g_string_free(s, TRUE);
	return ret;
}

/*
 * Finds photo p's voice story and keeps it in stories, verified as the photo is (privacy
 * rule 8): a story missing or not matching its name is left out with a warning, the photo
 * kept. Returns 1 when kept, 0 when there is none to keep, -1 with an error.
 */
static int
find_story(vox_catalog *cat, const struct vox_photo *p, GHashTable *stories,
    GPtrArray *warnings)
{
	struct vox_audio *a = NULL;

	switch (vox_catalog_audio(cat, p->rowid, &a)) {
	case 0:
		return 0;
	case -1:
		return -1;
	}
	if (vox_store_verify(a->path, a->sha256) != 0) {
		if (warnings)
			g_ptr_array_add(warnings, g_strdup_printf("'%s': its voice story left out: "
			    "%s", p->ref, vox_error_message()));
		vox_error_clear();
		vox_audio_free(a);
		return 0;
	}
	g_hash_table_insert(stories, (gpointer)p, a);
	return 1;
}

/* Puts photo p's voice story (find_story()) in the bag beside it. */
static int
add_story(vox_catalog *cat, vox_bag_writer *w, const struct vox_photo *p,
    GHashTable *stories, GPtrArray *warnings)
{
	const struct vox_audio *a;
	g_autofree char *name = NULL;
	int rc = find_story(cat, p, stories, warnings);

	if (rc <= 0)
		return rc;
	a = g_hash_table_lookup(stories, p);
	name = audio_name(p, a);
	return vox_bag_add_stored(w, name, a->path, a->sha256);
}

/* Appends the warnings of a step (the gallery, the report) not already said: the photos
 * left out of the bag are left out of those too. */
static void
add_warnings(GPtrArray *warnings, GPtrArray *step)
{
	for (guint i = 0; warnings && step && i < step->len; i++) {
		const char *line = g_ptr_array_index(step, i);

		if (!g_ptr_array_find_with_equal_func(warnings, line, g_str_equal, NULL))
			g_ptr_array_add(warnings, g_strdup(line));
	}
}

static const char *
report_format(const char *name)
{
	if (g_str_has_suffix(name, ".html"))
		return "text/html";
	if (g_str_has_suffix(name, ".json"))
		return "application/json";
	return "image/jpeg";
}

static int
name_cmp(gconstpointer a, gconstpointer b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds the report's files under dir (and img/), sorted, to parts as parts of the Dataset
 * "report/", their bytes kept in data. */
static int
report_parts(const char *dir, const char *sub, GArray *parts, GPtrArray *data)
{
	g_autofree char *path = g_build_filename(dir, sub, NULL);
	GDir *d = g_dir_open(path, 0, NULL);
	GPtrArray *names = g_ptr_array_new_with_free_func(g_free);
	const char *n;
	int ret = -1;

	if (!d) {
		g_ptr_array_unref(names);
		return vox_error_system("archive", "'%s'", path);
	}
	while ((n = g_dir_read_name(d)))
		g_ptr_array_add(names, g_strdup(n));
	g_dir_close(d);
	g_ptr_array_sort(names, name_cmp);
	for (guint i = 0; i < names->len; i++) {
		g_autofree char *rel = *sub ? g_strdup_printf("%s/%s", sub,
		    (char *)names->pdata[i]) : g_strdup(names->pdata[i]);
		g_autofree char *file = g_build_filename(dir, rel, NULL);
		struct vox_crate_part pt = { 0 };
		char *bytes = NULL;
		gsize len = 0;

		if (g_file_test(file, G_FILE_TEST_IS_DIR)) {
			if (report_parts(dir, rel, parts, data) != 0)
				goto out;
			continue;
		}
		if (!g_file_get_contents(file, &bytes, &len, NULL)) {
			vox_error_system("archive", "'%s'", file);
			goto out;
		}
		g_ptr_array_add(data, g_string_new_len(bytes, (gssize)len));
		g_free(bytes);
		g_ptr_array_add(data, g_strdup_printf("report/%s", rel));
		pt.name = g_ptr_array_index(data, data->len - 1);
		pt.data = g_ptr_array_index(data, data->len - 2);
		pt.format = report_format(rel);
		pt.description = strcmp(rel, "index.html") == 0 ? "The evaluator's report: "
		    "figures, charts, stories, consent over time and a method note" :
		    strcmp(rel, "figures.json") == 0 ? "The report's figures, as vox stats "
		    "--json prints them" : "A photo of the report's stories, scaled";
		pt.dataset = "report/";
		g_array_append_val(parts, pt);
	}
	ret = 0;
out:
	g_ptr_array_unref(names);
	return ret;
}

int
vox_archive_write(vox_catalog *cat, const char *path, const struct vox_archive_options *o,
    int *n_photos, int *n_left_out, GPtrArray *warnings)
{
	struct vox_filter f = o->filter;
	GPtrArray *all = NULL, *photos = NULL, *events = NULL;
	struct vox_catalog_names names = { 0 };
	vox_bag_writer *w = NULL;
	GString *csv = NULL, *json = NULL, *rd = NULL, *themes = NULL, *anon = NULL;
	GString *consent = NULL, *crate = NULL, *preview = NULL;
	GPtrArray *files = NULL;
	g_autoptr(GPtrArray) crate_stories = NULL, crate_story_files = NULL;
	g_autofree char *identifier = NULL;
	int64_t when;
	/* photo -> struct vox_audio: the voice stories that go in the bag */
	GHashTable *stories = g_hash_table_new_full(NULL, NULL, NULL,
	    (GDestroyNotify)vox_audio_free);
	g_autofree char *title = NULL, *desc = NULL;
	char *gtmp = NULL, *rtmp = NULL;
	g_autofree char *rdir = NULL;
	GArray *parts = NULL;
	GPtrArray *rdata = NULL;
	int glock = -1, rlock = -1, ret = -1;

	*n_photos = 0;
	if (n_left_out)
		*n_left_out = 0;
	if (o->audience < VOX_AUDIENCE_GROUP || o->audience > VOX_AUDIENCE_PUBLIC)
		return vox_error("archive", "'%s': an archive is for group, report or public",
		    vox_audience_name(o->audience));
	if (o->qdpx && (o->with_gallery || o->with_report))
		return vox_error_k(VOX_ERR_USAGE, "archive",
		    "a REFI-QDA project holds no gallery and no report");
	f.audience = (int)o->audience;
	/* Where the archive goes is checked before any work: never the collection's own
	 * files, never a file or folder photovox did not make (the writers check again). */
	if (vox_output_place(vox_catalog_dir(cat), path) != 0 ||
	    (o->format == VOX_BAG_DIR && !o->qdpx ? vox_output_replaceable(path, "bag") :
	    vox_output_file_replaceable(path, o->qdpx ? "qdpx" : "bag")) != 1)
		return -1;
	/* A misspelt name must not give an empty archive silently. */
	if ((f.pair && vox_catalog_lookup(cat, VOX_KIND_PAIR, f.pair) < 0) ||
	    (f.site && vox_catalog_lookup(cat, VOX_KIND_SITE, f.site) < 0) ||
	    (f.theme && vox_catalog_lookup(cat, VOX_KIND_THEME, f.theme) < 0) ||
	    (f.participant && vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, f.participant) < 0) ||
	    (f.session && vox_catalog_lookup(cat, VOX_KIND_SESSION, f.session) < 0))
		return -1;
	parts = g_array_new(FALSE, TRUE, sizeof(struct vox_crate_part));
	rdata = g_ptr_array_new();
	all = vox_catalog_select(cat, &f);
	if (!all || vox_catalog_names_load(cat, &names) != 0 ||
	    !(events = vox_catalog_photo_events(cat)))
		goto out;
	/* The catalog selects by consent already; this second look costs nothing and keeps
	 * a mistake there from ever reaching an archive. */
	photos = g_ptr_array_new();
	for (guint i = 0; i < all->len; i++) {
		struct vox_photo *p = g_ptr_array_index(all, i);

		if (!vox_consent_allows(p->audience, p->people, p->sensitive, o->audience,
		    o->filter.allow_sensitive_public))
			continue;
		/* Nothing trusted twice (privacy rule 8): a stored file missing or replaced by
		 * hand is left out, as a gallery leaves it out, and the bag's counts say so. */
		if (vox_store_verify(p->path, p->sha256) != 0) {
			if (warnings)
				g_ptr_array_add(warnings, g_strdup_printf("'%s': left out: %s",
				    p->ref, vox_error_message()));
			if (n_left_out)
				(*n_left_out)++;
			vox_error_clear();
			continue;
		}
		g_ptr_array_add(photos, p);
	}
	title = vox_catalog_title(cat);
	when = o->mtime >= 0 ? o->mtime : vox_archive_time(cat);
	if (o->qdpx) {
		struct vox_qdpx q = {
			.title = title, .time = when, .audience = o->audience, .photos = photos,
			.names = &names, .stories = stories,
		};

		for (guint i = 0; i < photos->len; i++)
			if (find_story(cat, photos->pdata[i], stories, warnings) < 0)
				goto out;
		if (vox_qdpx_write(path, &q) != 0)
			goto out;
		goto written;
	}
	w = vox_bag_writer_new(when);
	files = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = g_ptr_array_index(photos, i);
		char *name = photo_name(p);

		g_ptr_array_add(files, name);
		/* The store names each photo by the SHA-256 of its bytes. */
		if (vox_bag_add_stored(w, name, p->path, p->sha256) != 0)
			goto out;
		if (add_story(cat, w, p, stories, warnings) != 0)
			goto out;
	}
	csv = captions_csv(photos, &names, stories);
	themes = vox_deposit_themes_csv(photos, &names);
	anon = vox_deposit_anonymisation_csv(photos, events);
	consent = vox_deposit_consent_csv(photos, events);
	json = catalog_json(cat, photos, o->audience, stories);
	rd = readme(title, o, photos);
	desc = g_strdup_printf("Photos and captions from %s, %u photo%s shared with the "
	    "audience '%s'", title, photos->len, photos->len == 1 ? "" : "s",
	    vox_audience_name(o->audience));
	if (o->with_report) {
		struct vox_report_opts ro;
		struct vox_report_result rr = { 0 };
		g_autofree char *parent = g_path_get_dirname(path);
		int rc;

		/* Locked while in use; what a killed run left here is removed. */
		if (!(rtmp = vox_locked_tmp(parent, ".vox-report-", VOX_TMP_FOLDER, &rlock)))
			goto out;
		rdir = g_build_filename(rtmp, "report", NULL);
		if (g_mkdir(rdir, 0755) != 0) {
			vox_error_system("archive", "'%s'", rdir);
			goto out;
		}
		vox_report_opts_init(&ro);
		ro.audience = o->audience;
		ro.allow_sensitive_public = o->filter.allow_sensitive_public;
		ro.unrecorded = 1; /* the archive is the output; this folder is removed */
		rc = vox_report_write(cat, &f, rdir, &ro, &rr);
		add_warnings(warnings, rr.warnings);
		vox_report_result_release(&rr);
		if (rc != 0)
			goto out;
	}
	{
		const struct vox_crate_part fixed[] = {
			{ "README.txt", "text/plain", "What this package is, who may see it and "
			    "how to check it", rd },
			{ "anonymisation-log.csv", "text/csv", "Per photo: the kinds of hidden "
			    "data removed when it was collected (counts, never values), conversion "
			    "and redactions", anon },
			{ "captions.csv", "text/csv", "One row per photo: its caption, themes, "
			    "place, session and consent", csv },
			{ "catalog.json", "application/json", "The same as captions.csv, exactly, "
			    "for programs", json },
			{ "consent.csv", "text/csv", "Per photo: its consent now, when it was "
			    "given and last changed", consent },
			{ "themes.csv", "text/csv", "One row per photo and theme", themes },
		};
		struct vox_crate cr;

		crate_stories = g_ptr_array_new();
		crate_story_files = g_ptr_array_new_with_free_func(g_free);
		for (guint i = 0; i < photos->len; i++) {
			const struct vox_photo *p = photos->pdata[i];
			const struct vox_audio *a = g_hash_table_lookup(stories, p);

			g_ptr_array_add(crate_stories, (gpointer)a);
			g_ptr_array_add(crate_story_files, a ? audio_name(p, a) : NULL);
		}
		g_array_append_vals(parts, fixed, G_N_ELEMENTS(fixed));
		if (rdir && report_parts(rdir, "", parts, rdata) != 0)
			goto out;
		cr = (struct vox_crate){
			.title = title, .time = when,
			.audience = o->audience,
			.allow_sensitive_public = o->filter.allow_sensitive_public,
			.photos = photos, .files = files, .names = &names,
			.stories = crate_stories, .story_files = crate_story_files,
			.parts = (const struct vox_crate_part *)(void *)parts->data,
			.n_parts = parts->len,
		};

		identifier = vox_deposit_identifier(&cr);
		cr.identifier = identifier;
		crate = vox_deposit_crate_json(&cr);
		preview = vox_deposit_crate_preview(&cr, crate);
	}
	if (vox_bag_add_data(w, "captions.csv", csv->str, csv->len) != 0 ||
	    vox_bag_add_data(w, "themes.csv", themes->str, themes->len) != 0 ||
	    vox_bag_add_data(w, "anonymisation-log.csv", anon->str, anon->len) != 0 ||
	    vox_bag_add_data(w, "consent.csv", consent->str, consent->len) != 0 ||
	    vox_bag_add_data(w, "ro-crate-metadata.json", crate->str, crate->len) != 0 ||
	    vox_bag_add_data(w, "ro-crate-preview.html", preview->str, preview->len) != 0 ||
	    vox_bag_add_data(w, "catalog.json", json->str, json->len) != 0 ||
	    vox_bag_add_data(w, "README.txt", rd->str, rd->len) != 0 ||
	    vox_bag_info(w, "Source-Organization", title) != 0 ||
	    vox_bag_info(w, "External-Description", desc) != 0 ||
	    vox_bag_info(w, "External-Identifier", identifier) != 0 ||
	    vox_bag_info(w, "Photovox-Audience", vox_audience_name(o->audience)) != 0)
		goto out;
	if (o->with_gallery) {
		struct vox_gallery_opts go;
		struct vox_gallery_result gr = { 0 };
		g_autofree char *parent = g_path_get_dirname(path);
		g_autofree char *gdir = NULL;
		int rc;

		/* Locked while in use; what a killed run left here is removed. */
		gtmp = vox_locked_tmp(parent, ".vox-gallery-", VOX_TMP_FOLDER, &glock);
		if (!gtmp)
			goto out;
		gdir = g_build_filename(gtmp, "gallery", NULL);
		vox_gallery_opts_init(&go);
		go.audience = o->audience;
		go.allow_sensitive_public = o->filter.allow_sensitive_public;
		go.unrecorded = 1; /* the archive is the output; this folder is removed */
		rc = vox_gallery_build_catalog(cat, &f, gdir, &go, &gr);
		add_warnings(warnings, gr.warnings);
		vox_gallery_result_release(&gr);
		if (rc != 0 || vox_bag_add_tree(w, "gallery", gdir) != 0)
			goto out;
	}
	if (rdir && vox_bag_add_tree(w, "report", rdir) != 0)
		goto out;
	if (vox_bag_write(w, path, o->format, o->top) != 0)
		goto out;
written:
	switch (record(cat, path, o, photos)) {
	case -1:
		goto out;
	case 1:
		if (warnings)
			g_ptr_array_add(warnings, g_strdup_printf("'%s': not recorded, the "
			    "collection cannot be written: a withdrawal will not name it", path));
		break;
	}
	*n_photos = (int)photos->len;
	ret = 0;
out:
	if (gtmp) {
		/* The gallery was only a step on the way into the bag. */
		vox_remove_tree(gtmp);
		g_free(gtmp);
	}
	if (glock >= 0)
		close(glock);
	if (rtmp) {
		/* The report was only a step on the way into the bag. */
		vox_remove_tree(rtmp);
		g_free(rtmp);
	}
	if (rlock >= 0)
		close(rlock);
	/* Each report file's bytes, then its name. */
	for (guint i = 0; rdata && i + 1 < rdata->len; i += 2) {
		g_string_free(rdata->pdata[i], TRUE);
		g_free(rdata->pdata[i + 1]);
	}
	if (rdata)
		g_ptr_array_unref(rdata);
	if (parts)
		g_array_unref(parts);
	vox_bag_writer_free(w);
	if (csv)
		g_string_free(csv, TRUE);
	if (json)
		g_string_free(json, TRUE);
	if (rd)
		g_string_free(rd, TRUE);
	if (photos)
		g_ptr_array_unref(photos);
	if (all)
		g_ptr_array_unref(all);
	if (themes)
		g_string_free(themes, TRUE);
	if (anon)
		g_string_free(anon, TRUE);
	if (consent)
		g_string_free(consent, TRUE);
	if (events)
		g_ptr_array_unref(events);
	if (crate)
		g_string_free(crate, TRUE);
	if (preview)
		g_string_free(preview, TRUE);
	if (files)
		g_ptr_array_unref(files);
	vox_catalog_names_release(&names);
	g_hash_table_destroy(stories);
	return ret;
}
