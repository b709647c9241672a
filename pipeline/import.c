#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/import.h"
#include "vox/ingest.h"
#include "vox/scrub.h"
#include "vox/store.h"

#include "audio_av.h"
#include "caption/caption_fields.h"

/* How long the purge after a withdrawal waits for another program reading the catalog. */
#define PURGE_WAIT_MS (60 * 1000)

#define CATALOG_JSON "data/catalog.json"

/* A photo of a bag is at most what vox ingest takes (VOX_MAX_PHOTO_BYTES), so that
 * importing it stays within what ingesting it needs; a voice story at most what a story
 * may be. */
#define MAX_PHOTO_BYTES VOX_MAX_PHOTO_BYTES

/*
 * catalog.json is read whole and parsed by SQLite, which holds a copy of the text and a
 * 16-byte node for every value while it walks it, and import then holds what it
 * describes: the peak is about four times the document's size. A bag describes at most
 * MAX_BAG_PHOTOS photos, as many as a zip vox ingest takes; 40 MB is what 20,000 of them
 * need with 1 KB of metadata and 1 KB of caption each on average (a photo with a long
 * story uses the room of others with none). A larger catalog.json is refused by its size
 * before it is read; importing one of 40 MB, of many photos or of one long text, peaks
 * under 170 MB (tests/cli/0514-import-limits.t). Its values are bounded too: 100 a photo
 * (one with a caption and its translation holds some 60), since a document of nothing
 * but "0," costs 8 bytes of nodes a byte.
 */
#define CATALOG_JSON_MAX ((int64_t)40 * 1024 * 1024)
#define MAX_BAG_PHOTOS VOX_IMPORT_MAX_PHOTOS
#define CATALOG_JSON_MAX_VALUES ((size_t)MAX_BAG_PHOTOS * 100)
/* What a text of catalog.json may hold, at most, by the field it fills: a caption's
 * title, story, alt text, transcript and prompt answers what a caption file may be on
 * ingest (so a bag carries no text ingest would refuse); every other text (names, a
 * setting, a prompt's question, a date, a file's name) at most TEXT_MAX_SHORT. */
#define TEXT_MAX_CAPTION ((size_t)VOX_CAPTION_MAX)
#define TEXT_MAX_SHORT ((size_t)1024)

void
vox_import_result_init(struct vox_import_result *r)
{
	memset(r, 0, sizeof(*r));
	r->notices = g_ptr_array_new_with_free_func(g_free);
}

void
vox_import_result_release(struct vox_import_result *r)
{
	if (r->notices)
		g_ptr_array_unref(r->notices);
	r->notices = NULL;
}

static void notice(struct vox_import_result *r, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
notice(struct vox_import_result *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	g_ptr_array_add(r->notices, g_strdup_vprintf(fmt, ap));
	va_end(ap);
}

/* ---- catalog.json, read through the catalog's JSON reader (no parser of our own) ---- */

/* Records the error just recorded again, naming catalog.json and the entry; returns -1. */
static int
in_entry(const char *what)
{
	g_autofree char *m = g_strdup(vox_error_message());
	enum vox_error_kind kind = vox_error_kind();
	const char *rest = m;

	/* The reader names the document itself. */
	if (g_str_has_prefix(rest, "'" CATALOG_JSON "': "))
		rest += strlen("'" CATALOG_JSON "': ");
	return vox_error_k(kind, "import", "'%s': %s: %s", CATALOG_JSON, what, rest);
}

static int
text_too_long(const char *what, const char *key, size_t max)
{
	if (max >= 1024 * 1024)
		return vox_error("import", "'%s': %s: '%s' is longer than %zu MB, more than "
		    "vox ingest takes", CATALOG_JSON, what, key, max >> 20);
	return vox_error("import", "'%s': %s: '%s' is longer than %zu bytes", CATALOG_JSON,
	    what, key, max);
}

/* A text field: NULL when absent or null; an error when it is something else, or
 * required and missing, or not text as the catalog stores it (vox_catalog_check_text():
 * UTF-8, no control characters; the reader refuses a NUL). */
static int
json_text_max(vox_catalog_json_reader *j, const char *doc, const char *key, int required,
    char **out, const char *what, size_t max)
{
	g_autofree char *type = NULL;
	char *value = NULL;

	*out = NULL;
	if (vox_catalog_json_get(j, doc, key, &type, &value) != 0)
		return in_entry(what);
	if (!type || strcmp(type, "null") == 0) {
		g_free(value);
		if (required)
			return vox_error("import", "'%s': %s has no '%s'", CATALOG_JSON, what, key);
		return 0;
	}
	if (strcmp(type, "text") != 0) {
		g_free(value);
		return vox_error("import", "'%s': %s: '%s' is not text", CATALOG_JSON, what, key);
	}
	if (strlen(value) > max) {
		g_free(value);
		return text_too_long(what, key, max);
	}
	if (vox_catalog_check_text(key, value) != 0) {
		g_free(value);
		return in_entry(what);
	}
	*out = value;
	return 0;
}

/* A text field that is not a caption's: a name, a slug, a date (TEXT_MAX_SHORT). */
static int
json_text(vox_catalog_json_reader *j, const char *doc, const char *key, int required,
    char **out, const char *what)
{
	return json_text_max(j, doc, key, required, out, what, TEXT_MAX_SHORT);
}

static int
json_int(vox_catalog_json_reader *j, const char *doc, const char *key, int64_t lo,
    int64_t hi, int64_t dflt, int64_t *out, const char *what)
{
	g_autofree char *type = NULL, *value = NULL;

	*out = dflt;
	if (vox_catalog_json_get(j, doc, key, &type, &value) != 0)
		return in_entry(what);
	if (!type || strcmp(type, "null") == 0)
		return 0;
	if (strcmp(type, "true") == 0 || strcmp(type, "false") == 0) {
		*out = strcmp(type, "true") == 0;
	} else if (strcmp(type, "integer") == 0) {
		*out = g_ascii_strtoll(value, NULL, 10);
	} else {
		return vox_error("import", "'%s': %s: '%s' is not a number", CATALOG_JSON, what,
		    key);
	}
	if (*out < lo || *out > hi)
		return vox_error("import", "'%s': %s: '%s' is out of range", CATALOG_JSON, what,
		    key);
	return 0;
}

/* ---- what the bag holds ---- */

/* What a tombstone of the bag does here. */
enum tomb_action {
	TOMB_KNOWN,    /* a tombstone here already: nothing */
	TOMB_ADD,      /* no photo here has the bytes: the tombstone is added */
	TOMB_WITHDRAW, /* a photo here has them, and the user said --apply-withdrawals */
	TOMB_HELD,     /* a photo here has them: reported, not applied */
};

struct decl {
	char *slug, *name, *pair, *setting, *site, *date;
	int64_t minor;
	enum tomb_action action; /* tombstones only */
	char *here_ref;          /* tombstones only: the ref of the photo here, or NULL */
};

static void
decl_free(struct decl *d)
{
	g_free(d->slug);
	g_free(d->name);
	g_free(d->pair);
	g_free(d->setting);
	g_free(d->site);
	g_free(d->date);
	g_free(d->here_ref);
	g_free(d);
}

struct bag_photo {
	struct vox_photo *p;
	char *file;
	char *want_ref;
	int skip;        /* tombstoned, or already here */
	int existing;
	int renumber;
	int seen;
	/* Its voice story, when catalog.json gives one ("audio": file, sha256, ext). */
	char *audio_file, *audio_ext;
	char audio_sha[65];
	int64_t audio_ms;
	int audio_seen;
};

static void
bag_photo_free(struct bag_photo *b)
{
	vox_photo_free(b->p);
	g_free(b->file);
	g_free(b->want_ref);
	g_free(b->audio_file);
	g_free(b->audio_ext);
	g_free(b);
}

struct plan {
	GPtrArray *pairs, *sites, *themes, *sessions, *participants; /* struct decl * */
	GPtrArray *prompt_keys, *prompt_questions;
	GPtrArray *tombstones;   /* struct decl *: slug = sha256, date */
	GPtrArray *photos;       /* struct bag_photo * */
	GHashTable *by_file;     /* file → struct bag_photo *, not owned */
};

static void
plan_release(struct plan *pl)
{
	GPtrArray **arrays[] = {
		&pl->pairs, &pl->sites, &pl->themes, &pl->sessions, &pl->participants,
		&pl->prompt_keys, &pl->prompt_questions, &pl->tombstones, &pl->photos,
	};

	for (size_t i = 0; i < G_N_ELEMENTS(arrays); i++)
		if (*arrays[i])
			g_ptr_array_unref(*arrays[i]);
	if (pl->by_file)
		g_hash_table_destroy(pl->by_file);
}

/* Slugs as the catalog accepts them (its own rule): lowercase ASCII letters, digits and
 * '-'; participant codes letters and digits. Checked here too so that a bad one refuses the
 * bag before anything is written. */
static int
slug_ok(const char *s, int code)
{
	return vox_catalog_valid_slug(code ? VOX_KIND_PARTICIPANT : VOX_KIND_THEME, s);
}

/* Reads a list of declarations: fields named in keys[] (slug first). A name declared twice
 * refuses the bag here, before anything is written, naming both entries. */
static GPtrArray *
read_decls(vox_catalog_json_reader *j, const char *doc, const char *list,
    const char *slug_key, int code)
{
	GPtrArray *out = g_ptr_array_new_with_free_func((GDestroyNotify)decl_free);
	GPtrArray *items = vox_catalog_json_each(j, doc, list, NULL, VOX_BAG_MAX_ENTRIES);
	g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

	if (!items)
		goto fail;
	for (guint i = 0; i < items->len; i++) {
		const char *o = g_ptr_array_index(items, i);
		struct decl *d = g_new0(struct decl, 1);
		g_autofree char *what = g_strdup_printf("%s[%u]", list, i);

		g_ptr_array_add(out, d);
		if (json_text(j, o, slug_key, 1, &d->slug, what) != 0 ||
		    json_text(j, o, "name", 0, &d->name, what) != 0 ||
		    json_text(j, o, "pair", 0, &d->pair, what) != 0 ||
		    json_text(j, o, "setting", 0, &d->setting, what) != 0 ||
		    json_text(j, o, "site", 0, &d->site, what) != 0 ||
		    json_text(j, o, "date", 0, &d->date, what) != 0 ||
		    json_int(j, o, "minor", 0, 1, 0, &d->minor, what) != 0)
			goto fail;
		if (strcmp(list, "tombstones") == 0 ? !vox_sha256_hex_valid(d->slug) :
		    !slug_ok(d->slug, code)) {
			vox_error("import", "'%s': %s: '%s' is not a usable name", CATALOG_JSON, what,
			    d->slug);
			goto fail;
		}
		if ((d->pair && !slug_ok(d->pair, 0)) || (d->site && !slug_ok(d->site, 0))) {
			vox_error("import", "'%s': %s: not a usable pair or site", CATALOG_JSON, what);
			goto fail;
		}
		if (d->date && !vox_catalog_valid_date(d->date)) {
			vox_error("import", "'%s': %s: '%s' is not a date (YYYY-MM-DD)", CATALOG_JSON,
			    what, d->date);
			goto fail;
		}
		if (g_hash_table_contains(seen, d->slug)) {
			vox_error("import", "'%s': %s: '%s' declared twice (also %s[%u])",
			    CATALOG_JSON, what, d->slug, list,
			    GPOINTER_TO_UINT(g_hash_table_lookup(seen, d->slug)) - 1);
			goto fail;
		}
		g_hash_table_insert(seen, d->slug, GUINT_TO_POINTER(i + 1));
	}
	g_ptr_array_unref(items);
	return out;
fail:
	if (items)
		g_ptr_array_unref(items);
	g_ptr_array_unref(out);
	return NULL;
}

static int
read_caption(vox_catalog_json_reader *j, const char *doc, struct vox_caption *c,
    const char *what, int translation)
{
	g_autofree char *tt = NULL, *tv = NULL;
	GPtrArray *keys = g_ptr_array_new_with_free_func(g_free), *answers;
	int ret = -1;

	if (json_text(j, doc, "lang", 0, &c->lang, what) != 0 ||
	    json_text_max(j, doc, "title", 0, &c->title, what, TEXT_MAX_CAPTION) != 0 ||
	    json_text_max(j, doc, "story", 0, &c->story, what, TEXT_MAX_CAPTION) != 0 ||
	    json_text_max(j, doc, "alt", 0, &c->alt, what, TEXT_MAX_CAPTION) != 0 ||
	    json_text_max(j, doc, "transcript", 0, &c->transcript, what,
	    TEXT_MAX_CAPTION) != 0)
		goto out;
	answers = vox_catalog_json_each(j, doc, "prompts", keys, VOX_BAG_MAX_ENTRIES);
	if (!answers) {
		in_entry(what);
		goto out;
	}
	for (guint i = 0; i < keys->len; i++) {
		const char *k = g_ptr_array_index(keys, i);

		if (!slug_ok(k, 0)) {
			vox_error("import", "'%s': %s: prompt '%s' is not usable", CATALOG_JSON, what,
			    k);
			g_ptr_array_unref(answers);
			goto out;
		}
		if (strlen(g_ptr_array_index(answers, i)) > TEXT_MAX_CAPTION) {
			text_too_long(what, k, TEXT_MAX_CAPTION);
			g_ptr_array_unref(answers);
			goto out;
		}
		vox_caption_set_prompt(c, k, g_ptr_array_index(answers, i));
	}
	g_ptr_array_unref(answers);
	if (!translation) {
		if (vox_catalog_json_get(j, doc, "translation", &tt, &tv) != 0) {
			in_entry(what);
			goto out;
		}
		if (tt && strcmp(tt, "object") == 0) {
			c->translation = vox_caption_new();
			if (read_caption(j, tv, c->translation, what, 1) != 0)
				goto out;
		} else if (tt && strcmp(tt, "null") != 0) {
			vox_error("import", "'%s': %s: translation is not an object", CATALOG_JSON,
			    what);
			goto out;
		}
	}
	ret = 0;
out:
	g_ptr_array_unref(keys);
	return ret;
}

/* A photo's "audio" object, when it has one: its voice story's file in the bag. */
static int
read_audio(vox_catalog_json_reader *j, const char *o, struct bag_photo *b, const char *what)
{
	static const char *const exts[] = { "m4a", "mp3", "ogg", "opus", "wav", "aac", "amr" };
	g_autofree char *t = NULL, *v = NULL, *sha = NULL;
	int ok = 0;

	if (vox_catalog_json_get(j, o, "audio", &t, &v) != 0)
		return in_entry(what);
	if (!t || strcmp(t, "null") == 0)
		return 0;
	if (strcmp(t, "object") != 0)
		return vox_error("import", "'%s': %s: audio is not an object", CATALOG_JSON, what);
	if (json_text(j, v, "file", 1, &b->audio_file, what) != 0 ||
	    json_text(j, v, "sha256", 1, &sha, what) != 0 ||
	    json_text(j, v, "ext", 1, &b->audio_ext, what) != 0)
		return -1;
	for (size_t k = 0; k < G_N_ELEMENTS(exts); k++)
		ok |= strcmp(b->audio_ext, exts[k]) == 0;
	if (!ok || !vox_sha256_hex_valid(sha) || !g_str_has_prefix(b->audio_file, "data/audio/"))
		return vox_error("import", "'%s': %s: its audio is not a voice story photovox "
		    "keeps", CATALOG_JSON, what);
	g_strlcpy(b->audio_sha, sha, sizeof b->audio_sha);
	return 0;
}

static struct bag_photo *
read_photo(vox_catalog_json_reader *j, const char *o, guint i)
{
	struct bag_photo *b = g_new0(struct bag_photo, 1);
	struct vox_photo *p = vox_photo_new();
	g_autofree char *what = g_strdup_printf("photos[%u]", i);
	g_autofree char *sha = NULL, *aud = NULL, *people = NULL, *ct = NULL, *cv = NULL;
	GPtrArray *themes = NULL;
	int64_t v;
	int a;

	b->p = p;
	if (json_text(j, o, "ref", 1, &b->want_ref, what) != 0)
		goto fail;
	/* From here on the entry is named by its ref too. */
	g_free(what);
	what = g_strdup_printf("photos[%u] (%s)", i, b->want_ref);
	if (json_text(j, o, "file", 1, &b->file, what) != 0 ||
	    json_text(j, o, "sha256", 1, &sha, what) != 0 ||
	    json_text(j, o, "ext", 1, &p->ext, what) != 0 ||
	    json_text(j, o, "site", 0, &p->site, what) != 0 ||
	    json_text(j, o, "participant", 1, &p->participant, what) != 0 ||
	    json_text(j, o, "session", 0, &p->session, what) != 0 ||
	    json_text(j, o, "audience", 1, &aud, what) != 0 ||
	    json_text(j, o, "people", 1, &people, what) != 0)
		goto fail;
	if (!vox_sha256_hex_valid(sha)) {
		vox_error("import", "'%s': %s: sha256 is not 64 lowercase hex digits", CATALOG_JSON,
		    what);
		goto fail;
	}
	g_strlcpy(p->sha256, sha, sizeof(p->sha256));
	if (strcmp(p->ext, "jpg") != 0 && strcmp(p->ext, "png") != 0 &&
	    strcmp(p->ext, "webp") != 0) {
		vox_error("import", "'%s': %s: '%s' is not a photo type", CATALOG_JSON, what, p->ext);
		goto fail;
	}
	if (!slug_ok(p->participant, 1) || (p->site && !slug_ok(p->site, 0)) ||
	    (p->session && !slug_ok(p->session, 0))) {
		vox_error("import", "'%s': %s: unusable participant, site or session", CATALOG_JSON,
		    what);
		goto fail;
	}
	/* The ref must be the participant's: P07-03 for P07. */
	if (!g_str_has_prefix(b->want_ref, p->participant) ||
	    b->want_ref[strlen(p->participant)] != '-' ||
	    !*(b->want_ref + strlen(p->participant) + 1) ||
	    strspn(b->want_ref + strlen(p->participant) + 1, "0123456789") !=
	    strlen(b->want_ref + strlen(p->participant) + 1)) {
		vox_error("import", "'%s': %s: '%s' is not a ref of %s", CATALOG_JSON, what,
		    b->want_ref, p->participant);
		goto fail;
	}
	a = vox_audience_parse(aud);
	if (a < VOX_AUDIENCE_PRIVATE) {
		vox_error("import", "'%s': %s: audience '%s' cannot be imported", CATALOG_JSON, what,
		    aud);
		goto fail;
	}
	p->audience = (enum vox_audience)a;
	a = vox_people_parse(people);
	if (a < 0) {
		vox_error("import", "'%s': %s: people '%s' unknown", CATALOG_JSON, what, people);
		goto fail;
	}
	p->people = (enum vox_people)a;
	if (json_int(j, o, "sensitive", 0, 1, 0, &v, what) != 0)
		goto fail;
	p->sensitive = (int)v;
	if (json_int(j, o, "minor", 0, 1, 0, &v, what) != 0)
		goto fail;
	p->minor = (int)v;
	if (json_int(j, o, "width", 0, 1 << 20, 0, &v, what) != 0)
		goto fail;
	p->width = (int)v;
	if (json_int(j, o, "height", 0, 1 << 20, 0, &v, what) != 0)
		goto fail;
	p->height = (int)v;
	if (json_int(j, o, "orientation", 1, 8, 1, &v, what) != 0)
		goto fail;
	p->orientation = (int)v;
	if (read_audio(j, o, b, what) != 0)
		goto fail;
	if (vox_catalog_json_get(j, o, "caption", &ct, &cv) != 0) {
		in_entry(what);
		goto fail;
	}
	if (ct && strcmp(ct, "object") == 0) {
		if (read_caption(j, cv, p->caption, what, 0) != 0)
			goto fail;
	} else if (ct && strcmp(ct, "null") != 0) {
		vox_error("import", "'%s': %s: caption is not an object", CATALOG_JSON, what);
		goto fail;
	}
	themes = vox_catalog_json_each(j, o, "themes", NULL, VOX_BAG_MAX_ENTRIES);
	if (!themes) {
		in_entry(what);
		goto fail;
	}
	for (guint k = 0; k < themes->len; k++) {
		if (!slug_ok(g_ptr_array_index(themes, k), 0)) {
			vox_error("import", "'%s': %s: unusable theme", CATALOG_JSON, what);
			goto fail;
		}
		g_ptr_array_add(p->caption->themes, g_strdup(g_ptr_array_index(themes, k)));
	}
	g_ptr_array_unref(themes);
	themes = NULL;
	/* The rule vox_catalog_add_photo() applies; the prompt keys are checked against the
	 * collection's prompts later. */
	if (vox_catalog_caption_valid(p->caption, NULL) != 0) {
		in_entry(what);
		goto fail;
	}
	p->ref = g_strdup(b->want_ref);
	return b;
fail:
	if (themes)
		g_ptr_array_unref(themes);
	bag_photo_free(b);
	return NULL;
}

/* Reads catalog.json, doc: len bytes and a NUL after them (held once, not copied). */
static int
read_plan(const char *doc, size_t len, struct plan *pl)
{
	vox_catalog_json_reader *j = NULL;
	g_autofree char *format = NULL;
	GPtrArray *prompts = NULL, *photos = NULL;
	int64_t version;
	int ret = -1;

	if ((int64_t)len > CATALOG_JSON_MAX)
		return vox_error("import", "'%s': %zu bytes, more than the %d MB a bag's catalog "
		    "may be", CATALOG_JSON, len, (int)(CATALOG_JSON_MAX >> 20));
	if (strlen(doc) != len || !g_utf8_validate(doc, (gssize)len, NULL))
		return vox_error("import", "'%s': not UTF-8 text", CATALOG_JSON);
	if (vox_catalog_json_count_values(doc, len) > CATALOG_JSON_MAX_VALUES)
		return vox_error("import", "'%s': more than %zu values, more than %d photos "
		    "need", CATALOG_JSON, CATALOG_JSON_MAX_VALUES, MAX_BAG_PHOTOS);
	j = vox_catalog_json_open(CATALOG_JSON);
	if (!j)
		goto out;
	if (json_text(j, doc, "format", 1, &format, "the document") != 0)
		goto out;
	if (strcmp(format, "photovox-bag") != 0) {
		vox_error("import", "'%s': not a photovox bag ('%s')", CATALOG_JSON, format);
		goto out;
	}
	if (json_int(j, doc, "version", 1, 1, 0, &version, "the document") != 0)
		goto out;
	if (!(pl->pairs = read_decls(j, doc, "pairs", "slug", 0)) ||
	    !(pl->sites = read_decls(j, doc, "sites", "slug", 0)) ||
	    !(pl->themes = read_decls(j, doc, "themes", "slug", 0)) ||
	    !(pl->sessions = read_decls(j, doc, "sessions", "slug", 0)) ||
	    !(pl->participants = read_decls(j, doc, "participants", "code", 1)) ||
	    !(pl->tombstones = read_decls(j, doc, "tombstones", "sha256", 0)))
		goto out;
	pl->prompt_keys = g_ptr_array_new_with_free_func(g_free);
	pl->prompt_questions = g_ptr_array_new_with_free_func(g_free);
	prompts = vox_catalog_json_each(j, doc, "prompts", NULL, VOX_BAG_MAX_ENTRIES);
	if (!prompts)
		goto out;
	for (guint i = 0; i < prompts->len; i++) {
		char *k = NULL, *q = NULL;

		if (json_text(j, g_ptr_array_index(prompts, i), "key", 1, &k, "prompts") != 0 ||
		    json_text(j, g_ptr_array_index(prompts, i), "question", 1, &q, "prompts") != 0) {
			g_free(k);
			goto out;
		}
		g_ptr_array_add(pl->prompt_keys, k);
		g_ptr_array_add(pl->prompt_questions, q);
	}
	if (pl->prompt_keys->len > 0 && vox_catalog_check_prompts(
	    (const char *const *)pl->prompt_keys->pdata,
	    (const char *const *)pl->prompt_questions->pdata, pl->prompt_keys->len) != 0) {
		in_entry("prompts");
		goto out;
	}
	photos = vox_catalog_json_each(j, doc, "photos", NULL, MAX_BAG_PHOTOS);
	if (!photos)
		goto out;
	pl->photos = g_ptr_array_new_with_free_func((GDestroyNotify)bag_photo_free);
	pl->by_file = g_hash_table_new(g_str_hash, g_str_equal);
	for (guint i = 0; i < photos->len; i++) {
		struct bag_photo *b = read_photo(j, g_ptr_array_index(photos, i), i);

		if (!b)
			goto out;
		g_ptr_array_add(pl->photos, b);
		if (g_hash_table_contains(pl->by_file, b->file)) {
			vox_error("import", "'%s': '%s' listed twice", CATALOG_JSON, b->file);
			goto out;
		}
		g_hash_table_insert(pl->by_file, b->file, b);
		if (b->audio_file) {
			if (g_hash_table_contains(pl->by_file, b->audio_file)) {
				vox_error("import", "'%s': listed twice", b->audio_file);
				goto out;
			}
			g_hash_table_insert(pl->by_file, b->audio_file, b);
		}
	}
	ret = 0;
out:
	if (prompts)
		g_ptr_array_unref(prompts);
	if (photos)
		g_ptr_array_unref(photos);
	vox_catalog_json_close(j);
	return ret;
}

/*
 * The bag's catalog.json with a NUL after it, refused by the size the bag gives before it
 * is read when larger than CATALOG_JSON_MAX (and cut off there when the bag does not say
 * or lies). NULL with an error naming the bag.
 */
static GByteArray *
read_catalog_json(vox_bag_reader *rd, const char *path)
{
	const char *name;
	int64_t size;
	int rc;
	GByteArray *b;

	if (vox_bag_rewind(rd) != 0)
		return NULL;
	while ((rc = vox_bag_next(rd, &name, &size)) == 1 && strcmp(name, CATALOG_JSON) != 0)
		;
	if (rc != 1) {
		if (rc == 0)
			vox_error("import", "'%s': no '%s' in the bag", path, CATALOG_JSON);
		return NULL;
	}
	if (size > CATALOG_JSON_MAX) {
		vox_error("import", "'%s': its %s is %" G_GINT64_FORMAT " bytes, more than the %d "
		    "MB a bag's catalog may be (%d photos with their captions); refused", path,
		    CATALOG_JSON, size, (int)(CATALOG_JSON_MAX >> 20), MAX_BAG_PHOTOS);
		return NULL;
	}
	b = vox_bag_slurp(rd, CATALOG_JSON_MAX);
	if (b)
		g_byte_array_append(b, (const guint8 *)"", 1);
	return b;
}

int
vox_import_check_catalog_json(const char *data, size_t len)
{
	struct plan pl = { 0 };
	g_autofree char *doc = g_strndup(data, len);
	int ret = read_plan(doc, len, &pl);

	plan_release(&pl);
	return ret;
}

/* ---- checks against this collection ---- */

static GHashTable *
slug_set(GPtrArray *list, size_t offset)
{
	GHashTable *h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);

	for (guint i = 0; list && i < list->len; i++) {
		char *s = *(char **)((char *)g_ptr_array_index(list, i) + offset);

		if (s)
			g_hash_table_add(h, g_strdup(s));
	}
	return h;
}

struct here {
	GHashTable *pairs, *sites, *themes, *sessions, *participants, *prompts;
	GPtrArray *site_list;
	int has_photos;
};

static void
here_release(struct here *h)
{
	GHashTable **t[] = { &h->pairs, &h->sites, &h->themes, &h->sessions, &h->participants,
		&h->prompts };

	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (*t[i])
			g_hash_table_destroy(*t[i]);
	if (h->site_list)
		g_ptr_array_unref(h->site_list);
}

static int
here_load(vox_catalog *cat, struct here *h)
{
	GPtrArray *l;

	memset(h, 0, sizeof(*h));
	if (!(l = vox_catalog_pairs(cat)))
		return -1;
	h->pairs = slug_set(l, G_STRUCT_OFFSET(struct vox_pair, slug));
	g_ptr_array_unref(l);
	if (!(h->site_list = vox_catalog_sites(cat, NULL)))
		return -1;
	h->sites = slug_set(h->site_list, G_STRUCT_OFFSET(struct vox_site, slug));
	if (!(l = vox_catalog_themes(cat)))
		return -1;
	h->themes = slug_set(l, G_STRUCT_OFFSET(struct vox_theme, slug));
	g_ptr_array_unref(l);
	if (!(l = vox_catalog_sessions(cat)))
		return -1;
	h->sessions = slug_set(l, G_STRUCT_OFFSET(struct vox_session, slug));
	g_ptr_array_unref(l);
	if (!(l = vox_catalog_participants(cat)))
		return -1;
	h->participants = slug_set(l, G_STRUCT_OFFSET(struct vox_participant, code));
	g_ptr_array_unref(l);
	if (!(l = vox_catalog_prompts(cat)))
		return -1;
	h->prompts = slug_set(l, G_STRUCT_OFFSET(struct vox_prompt, key));
	g_ptr_array_unref(l);
	if (!(l = vox_catalog_select(cat, NULL)))
		return -1;
	h->has_photos = l->len > 0;
	g_ptr_array_unref(l);
	return 0;
}

static int
declared(GHashTable *here, GPtrArray *bag, const char *slug)
{
	if (g_hash_table_contains(here, slug))
		return 1;
	for (guint i = 0; i < bag->len; i++)
		if (strcmp(((struct decl *)g_ptr_array_index(bag, i))->slug, slug) == 0)
			return 1;
	return 0;
}

/*
 * Whether the bag's prompt set must replace ours (1: this collection has no photos yet and
 * does not ask them all) or not (0); -1 with an error when a caption of the bag answers a
 * prompt that the collection will not ask once imported. Every caption is checked here
 * with the rule vox_catalog_add_photo() applies, against the prompts it will find.
 */
static int
check_prompts(struct plan *pl, struct here *h)
{
	g_autoptr(GPtrArray) asked = g_ptr_array_new();
	int all_known = 1, replace;

	for (guint i = 0; i < pl->prompt_keys->len; i++)
		if (!g_hash_table_contains(h->prompts, g_ptr_array_index(pl->prompt_keys, i)))
			all_known = 0;
	replace = !all_known && !h->has_photos && pl->prompt_keys->len > 0;
	if (replace) {
		for (guint i = 0; i < pl->prompt_keys->len; i++)
			g_ptr_array_add(asked, g_ptr_array_index(pl->prompt_keys, i));
	} else {
		GHashTableIter it;
		gpointer key;

		g_hash_table_iter_init(&it, h->prompts);
		while (g_hash_table_iter_next(&it, &key, NULL))
			g_ptr_array_add(asked, key);
	}
	for (guint i = 0; i < pl->photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl->photos, i);

		if (vox_catalog_caption_valid(b->p->caption, asked) != 0) {
			g_autofree char *m = g_strdup(vox_error_message());
			enum vox_error_kind kind = vox_error_kind();

			/* Not found: a prompt the collection will not ask. */
			return vox_error_k(kind, "import", "'%s': photos[%u] (%s): %s%s",
			    CATALOG_JSON, i, b->want_ref, m, kind == VOX_ERR_NOT_FOUND ?
			    ", which this collection does not ask" : "");
		}
	}
	return replace;
}

/* Checks that every name a declaration of the bag refers to is declared, here or in the
 * bag, so that adding them cannot fail half-way. */
static int
check_decls(struct plan *pl, struct here *h)
{
	for (guint i = 0; i < pl->sites->len; i++) {
		struct decl *d = g_ptr_array_index(pl->sites, i);

		if (!g_hash_table_contains(h->sites, d->slug) &&
		    (!d->pair || !declared(h->pairs, pl->pairs, d->pair)))
			return vox_error("import", "'%s': site '%s' needs a declared pair",
			    CATALOG_JSON, d->slug);
		if (d->setting && strcmp(d->setting, "rural") != 0 &&
		    strcmp(d->setting, "urban") != 0 && strcmp(d->setting, "other") != 0)
			return vox_error("import", "'%s': site '%s': setting '%s' is not rural, "
			    "urban or other", CATALOG_JSON, d->slug, d->setting);
	}
	for (guint i = 0; i < pl->sessions->len; i++) {
		struct decl *d = g_ptr_array_index(pl->sessions, i);

		if (d->site && !declared(h->sites, pl->sites, d->site))
			return vox_error("import", "'%s': session '%s': site '%s' is not declared",
			    CATALOG_JSON, d->slug, d->site);
	}
	for (guint i = 0; i < pl->participants->len; i++) {
		struct decl *d = g_ptr_array_index(pl->participants, i);

		if (d->site && !declared(h->sites, pl->sites, d->site))
			return vox_error("import", "'%s': participant '%s': site '%s' is not "
			    "declared", CATALOG_JSON, d->slug, d->site);
	}
	return 0;
}

/* Decides what happens to each photo; checks every name it uses is declared somewhere. */
static int
check_photos(vox_catalog *cat, struct plan *pl, struct here *h, GHashTable *bag_tombs,
    struct vox_import_result *r)
{
	GHashTable *refs = g_hash_table_new(g_str_hash, g_str_equal);
	/* sha256 -> the entry's index plus 1: two entries with the same bytes would be one
	 * photo here, and the second's ref and caption silently lost. */
	GHashTable *bytes = g_hash_table_new(g_str_hash, g_str_equal);
	int ret = -1;

	for (guint i = 0; i < pl->photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl->photos, i);
		struct vox_photo *p = b->p;
		struct vox_photo *mine;
		guint other;
		int t;

		other = GPOINTER_TO_UINT(g_hash_table_lookup(bytes, p->sha256));
		if (other) {
			struct bag_photo *o = g_ptr_array_index(pl->photos, other - 1);

			vox_error("import", "'%s': photos[%u] (%s) has the same bytes as "
			    "photos[%u] (%s)", CATALOG_JSON, i, b->want_ref, other - 1, o->want_ref);
			goto out;
		}
		g_hash_table_insert(bytes, p->sha256, GUINT_TO_POINTER(i + 1));

		if (p->site && !declared(h->sites, pl->sites, p->site)) {
			vox_error("import", "'%s': site '%s' is not declared", b->want_ref, p->site);
			goto out;
		}
		for (guint k = 0; k < p->caption->themes->len; k++) {
			const char *th = g_ptr_array_index(p->caption->themes, k);

			if (!declared(h->themes, pl->themes, th)) {
				vox_error("import", "'%s': theme '%s' is not declared", b->want_ref, th);
				goto out;
			}
		}
		if (g_hash_table_contains(refs, b->want_ref)) {
			vox_error("import", "'%s': two photos of the bag have this ref", b->want_ref);
			goto out;
		}
		g_hash_table_add(refs, b->want_ref);
		t = vox_catalog_is_tombstoned(cat, p->sha256);
		if (t < 0)
			goto out;
		if (t > 0 || g_hash_table_contains(bag_tombs, p->sha256)) {
			notice(r, "%s: withdrawn %s; not imported", b->want_ref,
			    t > 0 ? "in this collection" : "in the bag's collection");
			b->skip = 1;
			r->skipped++;
			continue;
		}
		mine = vox_catalog_photo(cat, p->sha256);
		if (mine) {
			b->skip = b->existing = 1;
			r->existing++;
			if (strcmp(mine->ref, b->want_ref) != 0)
				notice(r, "%s: already here as %s", b->want_ref, mine->ref);
			vox_photo_free(mine);
			continue;
		}
		vox_error_clear();
		mine = vox_catalog_photo(cat, b->want_ref);
		if (mine) {
			b->renumber = 1;
			vox_photo_free(mine);
		}
		vox_error_clear();
	}
	ret = 0;
out:
	g_hash_table_destroy(refs);
	g_hash_table_destroy(bytes);
	return ret;
}

/*
 * A voice story of the bag, as photo_pass() takes a photo: its bytes must be those the
 * manifest and catalog.json name, audit clean and scrub to themselves (they came from a
 * photovox store); with cat set, they are stored in the batch.
 */
static int
audio_pass_one(vox_bag_reader *rd, struct plan *pl, vox_catalog *cat, GHashTable *manifest,
    const char *name)
{
	struct bag_photo *b = g_hash_table_lookup(pl->by_file, name);
	g_autoptr(GByteArray) bytes = NULL, scrubbed = NULL;
	g_autoptr(GPtrArray) findings = NULL;
	struct vox_scrub_info info = { 0 };
	char hex[VOX_SHA256_HEX];
	const char *sum = g_hash_table_lookup(manifest, name);

	if (!b || !b->audio_file || strcmp(b->audio_file, name) != 0)
		return vox_error("import", "'%s': a voice story that catalog.json does not "
		    "describe", name);
	if (b->audio_seen++)
		return vox_error("import", "'%s': twice in the bag", name);
	if (b->skip)
		return 0;
	bytes = vox_bag_slurp(rd, (int64_t)VOX_AV_MAX_BYTES);
	if (!bytes)
		return -1;
	vox_sha256_hex(bytes->data, bytes->len, hex);
	if (strcmp(hex, b->audio_sha) != 0 || !sum || strcmp(hex, sum) != 0)
		return vox_error("import", "'%s': its bytes are not those the manifest and "
		    "catalog.json name", name);
	if (cat)
		return vox_catalog_batch_store(cat, bytes->data, bytes->len, hex, b->audio_ext);
	findings = g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free);
	if (vox_audit_buffer(name, bytes->data, bytes->len, findings) != 0) {
		if (findings->len)
			vox_error("import", "'%s': identifying metadata (%s), refused", name,
			    ((struct vox_finding *)g_ptr_array_index(findings, 0))->what);
		return -1;
	}
	scrubbed = g_byte_array_new();
	if (vox_scrub_buffer(name, bytes->data, bytes->len, scrubbed, &info) != 0 ||
	    scrubbed->len != bytes->len || memcmp(scrubbed->data, bytes->data, bytes->len) != 0 ||
	    strcmp(vox_format_ext(info.format), b->audio_ext) != 0) {
		if (scrubbed->len || !*vox_error_message())
			vox_error("import", "'%s': scrubbing would change it, refused", name);
		return -1;
	}
	b->audio_ms = info.duration_ms;
	return 0;
}

/*
 * Copies the bag's current entry, a photo, into a new file of the collection's store/tmp/,
 * hashing it as it goes (hex): a photo is never held whole in memory, as vox ingest holds
 * none. More than MAX_PHOTO_BYTES is refused. Returns 0, or -1 with an error and no file.
 */
static int
entry_to_tmp(vox_bag_reader *rd, vox_catalog *cat, const char *name,
    struct vox_store_tmp *tmp, char hex[VOX_SHA256_HEX])
{
	vox_hash *h = NULL;
	guint8 buf[64 * 1024];
	int64_t total = 0;
	gssize n;

	if (vox_store_tmp_open(vox_catalog_dir(cat), tmp) != 0)
		return -1;
	h = vox_hash_new(VOX_HASH_SHA256);
	while ((n = vox_bag_read(rd, buf, sizeof(buf))) > 0) {
		total += n;
		if (total > MAX_PHOTO_BYTES) {
			vox_error("import", "'%s': larger than %d MB; not a photo", name,
			    (int)(MAX_PHOTO_BYTES >> 20));
			goto fail;
		}
		vox_hash_update(h, buf, (size_t)n);
		if (vox_write_all(tmp->fd, buf, (size_t)n) != 0) {
			vox_error_system("import", "'%s': cannot write", tmp->path);
			goto fail;
		}
	}
	if (n < 0)
		goto fail;
	g_strlcpy(hex, vox_hash_hex(h), VOX_SHA256_HEX);
	vox_hash_free(h);
	return 0;
fail:
	vox_hash_free(h);
	vox_store_tmp_discard(tmp);
	return -1;
}

/*
 * Checks a photo of the bag, copied into tmp with the hash hex: it audits clean, and
 * scrubbing it again gives the same bytes (it came from a photovox store; anything else is
 * refused rather than silently changed). Read through a read-only mapping of the file
 * (opened again for reading: tmp's own descriptor only writes), dropped before the scrub
 * maps it again. Fills in the photo's size when the bag left it
 * out. Returns 0, or -1 with an error.
 */
static int
check_photo(const char *name, const struct vox_store_tmp *tmp, const char *hex,
    struct bag_photo *b)
{
	g_autoptr(GPtrArray) findings = g_ptr_array_new_with_free_func(
	    (GDestroyNotify)vox_finding_free);
	struct vox_scrub_info info = { 0 };
	char again[VOX_SHA256_HEX] = "";
	GError *err = NULL;
	GMappedFile *m;
	const char *data;
	int n, sink, in = open(tmp->path, O_RDONLY | O_CLOEXEC);

	if (in < 0)
		return vox_error_system("import", "'%s'", tmp->path);
	m = g_mapped_file_new_from_fd(in, FALSE, &err);
	if (!m) {
		vox_error_k(VOX_ERR_IO, "import", "'%s': %s", name, err->message);
		g_error_free(err);
		close(in);
		return -1;
	}
	data = g_mapped_file_get_contents(m);
	n = vox_audit_buffer(name, (const uint8_t *)(data ? data : ""),
	    g_mapped_file_get_length(m), findings);
	g_mapped_file_unref(m);
	if (n != 0) {
		if (n > 0)
			vox_error("import", "'%s': identifying metadata (%s: %s), refused", name,
			    vox_audit_category_name(((struct vox_finding *)
			    g_ptr_array_index(findings, 0))->category),
			    ((struct vox_finding *)g_ptr_array_index(findings, 0))->what);
		close(in);
		return -1;
	}
	/* Scrubbed to nowhere: only the hash of what it would write is wanted. */
	sink = open("/dev/null", O_WRONLY | O_CLOEXEC);
	if (sink < 0) {
		close(in);
		return vox_error_system("import", "'/dev/null'");
	}
	n = vox_scrub_to_fd(name, in, NULL, 0, sink, again, &info);
	close(sink);
	close(in);
	if (n != 0 || strcmp(again, hex) != 0) {
		if (n == 0 || !*vox_error_message())
			vox_error("import", "'%s': scrubbing would change it, refused", name);
		return -1;
	}
	if (!b->p->width || !b->p->height) {
		int swap = info.orientation >= 5;

		b->p->width = swap ? info.height : info.width;
		b->p->height = swap ? info.width : info.height;
	}
	return 0;
}

/* Reads each photo the plan imports, re-hashes, re-audits and re-scrubs it; with store set
 * (in an open batch), re-hashes it and stores it. Each goes through a file of store/tmp/,
 * never whole through memory. Every photo file of the bag must be in catalog.json. */
static int
photo_pass(vox_bag_reader *rd, struct plan *pl, vox_catalog *cat, int store,
    GHashTable *manifest)
{
	const char *name;
	int64_t size;
	int rc;

	if (vox_bag_rewind(rd) != 0)
		return -1;
	while ((rc = vox_bag_next(rd, &name, &size)) == 1) {
		struct vox_store_tmp tmp = { .fd = -1 };
		struct bag_photo *b;
		char hex[VOX_SHA256_HEX];
		int n;

		if (g_str_has_prefix(name, "data/audio/")) {
			if (audio_pass_one(rd, pl, store ? cat : NULL, manifest, name) != 0)
				return -1;
			continue;
		}
		if (!g_str_has_prefix(name, "data/photos/"))
			continue;
		b = g_hash_table_lookup(pl->by_file, name);
		if (!b)
			return vox_error("import", "'%s': a photo that catalog.json does not describe",
			    name);
		if (b->seen++)
			return vox_error("import", "'%s': twice in the bag", name);
		if (b->skip)
			continue;
		if (size > MAX_PHOTO_BYTES)
			return vox_error("import", "'%s': larger than %d MB; not a photo", name,
			    (int)(MAX_PHOTO_BYTES >> 20));
		if (entry_to_tmp(rd, cat, name, &tmp, hex) != 0)
			return -1;
		if (strcmp(hex, b->p->sha256) != 0 ||
		    strcmp(hex, g_hash_table_lookup(manifest, name)) != 0) {
			vox_store_tmp_discard(&tmp);
			return vox_error("import", "'%s': its bytes are not those the manifest and "
			    "catalog.json name", name);
		}
		/* The second pass: the same bytes as the first (the hash says so), which were
		 * audited and re-scrubbed then; into the store, ahead of the rows. */
		if (store) {
			if (vox_catalog_batch_store_tmp(cat, &tmp, hex, b->p->ext) != 0)
				return -1;
			continue;
		}
		n = check_photo(name, &tmp, hex, b);
		vox_store_tmp_discard(&tmp);
		if (n != 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	for (guint i = 0; i < pl->photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl->photos, i);

		if (!b->seen)
			return vox_error("import", "'%s': described in catalog.json but not in the "
			    "bag", b->file);
		if (b->audio_file && !b->audio_seen)
			return vox_error("import", "'%s': described in catalog.json but not in the "
			    "bag", b->audio_file);
	}
	return 0;
}

static int
apply_decls(vox_catalog *cat, struct plan *pl, struct here *h, int set_prompts,
    struct vox_import_result *r, int dry)
{
	if (set_prompts) {
		notice(r, "prompts: this collection now asks the bag's %u prompts",
		    pl->prompt_keys->len);
		if (!dry && vox_catalog_set_prompts(cat,
		    (const char *const *)pl->prompt_keys->pdata,
		    (const char *const *)pl->prompt_questions->pdata, pl->prompt_keys->len) != 0)
			return -1;
	}
	for (guint i = 0; i < pl->pairs->len; i++) {
		struct decl *d = g_ptr_array_index(pl->pairs, i);

		if (g_hash_table_contains(h->pairs, d->slug))
			continue;
		r->declared++;
		if (!dry && vox_catalog_pair_add(cat, d->slug, d->name) != 0)
			return -1;
	}
	for (guint i = 0; i < pl->themes->len; i++) {
		struct decl *d = g_ptr_array_index(pl->themes, i);

		if (g_hash_table_contains(h->themes, d->slug))
			continue;
		r->declared++;
		if (!dry && vox_catalog_theme_add(cat, d->slug, d->name) != 0)
			return -1;
	}
	for (guint i = 0; i < pl->sites->len; i++) {
		struct decl *d = g_ptr_array_index(pl->sites, i);

		if (g_hash_table_contains(h->sites, d->slug)) {
			for (guint k = 0; k < h->site_list->len; k++) {
				struct vox_site *s = g_ptr_array_index(h->site_list, k);

				if (strcmp(s->slug, d->slug) == 0 && d->pair &&
				    g_strcmp0(s->pair, d->pair) != 0)
					notice(r, "site %s: in pair %s here, %s in the bag; kept as here",
					    d->slug, s->pair ? s->pair : "(none)", d->pair);
			}
			continue;
		}
		r->declared++;
		if (!dry && vox_catalog_site_add(cat, d->slug, d->name, d->pair,
		    d->setting ? d->setting : "other") != 0)
			return -1;
	}
	for (guint i = 0; i < pl->sessions->len; i++) {
		struct decl *d = g_ptr_array_index(pl->sessions, i);

		if (g_hash_table_contains(h->sessions, d->slug))
			continue;
		r->declared++;
		if (!dry && vox_catalog_session_add(cat, d->slug, d->site, d->date) != 0)
			return -1;
	}
	/* Codes only: a bag never carries a participant's real name. */
	for (guint i = 0; i < pl->participants->len; i++) {
		struct decl *d = g_ptr_array_index(pl->participants, i);

		if (g_hash_table_contains(h->participants, d->slug))
			continue;
		r->declared++;
		if (!dry && vox_catalog_participant_add(cat, d->slug, d->site, NULL,
		    (int)d->minor) != 0)
			return -1;
	}
	return 0;
}

/*
 * Decides what each tombstone of the bag does here. A tombstone naming a photo here would
 * withdraw it: its bytes deleted, and refused forever. Anyone can write a bag, and every
 * bag lists its photos' hashes, so a bag could name photos it never held; such a tombstone
 * is applied only when the user says so (VOX_IMPORT_APPLY_WITHDRAWALS), else reported.
 */
static int
plan_tombstones(vox_catalog *cat, struct plan *pl, unsigned flags,
    struct vox_import_result *r)
{
	for (guint i = 0; i < pl->tombstones->len; i++) {
		struct decl *d = g_ptr_array_index(pl->tombstones, i);
		struct vox_photo *mine;
		int t = vox_catalog_is_tombstoned(cat, d->slug);

		if (t < 0)
			return -1;
		d->action = TOMB_KNOWN;
		if (t > 0)
			continue;
		mine = vox_catalog_photo(cat, d->slug);
		vox_error_clear();
		if (!mine) {
			d->action = TOMB_ADD;
			r->tombstones++;
			continue;
		}
		d->here_ref = g_strdup(mine->ref);
		vox_photo_free(mine);
		if (flags & VOX_IMPORT_APPLY_WITHDRAWALS) {
			d->action = TOMB_WITHDRAW;
			r->tombstones++;
			r->withdrawn++;
			notice(r, "%s: withdrawn in the bag's collection; %s here too", d->here_ref,
			    flags & VOX_IMPORT_DRY_RUN ? "would be withdrawn" : "withdrawn");
		} else {
			d->action = TOMB_HELD;
			r->withheld++;
			notice(r, "%s: the bag says it was withdrawn in its collection; kept here "
			    "(import with --apply-withdrawals to withdraw it)", d->here_ref);
		}
	}
	return 0;
}

/* In the batch: the tombstones of bytes no photo here has. */
static int
add_tombstones(vox_catalog *cat, struct plan *pl)
{
	for (guint i = 0; i < pl->tombstones->len; i++) {
		struct decl *d = g_ptr_array_index(pl->tombstones, i);

		if (d->action == TOMB_ADD && vox_catalog_add_tombstone(cat, d->slug, d->date) != 0)
			return in_entry("tombstones");
	}
	return 0;
}

/* After the commit: each withdrawal in its own transaction, as vox withdraw makes it (the
 * file and derivatives deleted only once the catalog says withdrawn), then the purge of
 * their text from the database files. */
static int
apply_withdrawals(vox_catalog *cat, struct plan *pl)
{
	int any = 0;

	for (guint i = 0; i < pl->tombstones->len; i++) {
		struct decl *d = g_ptr_array_index(pl->tombstones, i);
		g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);

		if (d->action != TOMB_WITHDRAW)
			continue;
		if (vox_catalog_withdraw(cat, d->slug, VOX_APPLY, removed) != 0) {
			g_autofree char *m = g_strdup(vox_error_message());

			return vox_error_k(vox_error_kind(), "import", "the bag was imported, but "
			    "withdrawing %s failed: %s", d->here_ref, m);
		}
		any = 1;
	}
	if (any && vox_catalog_purge(cat, PURGE_WAIT_MS, NULL, NULL) != 0) {
		g_autofree char *m = g_strdup(vox_error_message());

		return vox_error_k(vox_error_kind(), "import", "the bag was imported and its "
		    "withdrawals made, but %s", m);
	}
	return 0;
}

/* In the batch: the photos' rows (their bytes are stored already). */
static int
add_rows(vox_catalog *cat, struct plan *pl, struct vox_import_result *r)
{
	for (guint i = 0; i < pl->photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl->photos, i);
		int existed;

		if (b->skip)
			continue;
		if (vox_catalog_add_photo(cat, NULL, 0, b->p, VOX_RENUMBER, &existed) != 0) {
			g_autofree char *what = g_strdup_printf("photos[%u] (%s)", i, b->want_ref);

			return in_entry(what);
		}
		/* Its voice story, stored in the batch already, unless it has one here. */
		if (b->audio_file) {
			g_autoptr(vox_audio) here = NULL;

			if (vox_catalog_audio(cat, b->p->rowid, &here) < 0 ||
			    (!here && vox_catalog_set_audio_batched(cat, b->p->rowid, b->audio_sha,
			    b->audio_ext, b->audio_ms, "import") != 0)) {
				g_autofree char *what = g_strdup_printf("photos[%u] (%s)", i,
				    b->want_ref);

				return in_entry(what);
			}
		}
		if (existed) {
			r->existing++;
			continue;
		}
		r->added++;
		if (strcmp(b->p->ref, b->want_ref) != 0) {
			r->renumbered++;
			notice(r, "%s: ref taken here; imported as %s", b->want_ref, b->p->ref);
		}
	}
	return 0;
}

/*
 * The write phase, once everything is checked: the photos' bytes into the store, then
 * every row in one transaction (vox_catalog_batch_begin()); any failure, a full disk too,
 * leaves the collection as it was.
 */
static int
write_bag(vox_catalog *cat, vox_bag_reader *rd, struct plan *pl, struct here *h,
    int set_prompts, GHashTable *manifest, struct vox_import_result *r)
{
	for (guint i = 0; i < pl->photos->len; i++)
		((struct bag_photo *)g_ptr_array_index(pl->photos, i))->seen = 0,
		((struct bag_photo *)g_ptr_array_index(pl->photos, i))->audio_seen = 0;
	if (vox_catalog_batch_begin(cat) != 0)
		return -1;
	if (photo_pass(rd, pl, cat, 1, manifest) != 0 || vox_catalog_batch_rows(cat) != 0 ||
	    apply_decls(cat, pl, h, set_prompts, r, 0) != 0 || add_tombstones(cat, pl) != 0 ||
	    add_rows(cat, pl, r) != 0)
		goto fail;
	/* Only a change is logged: the log's last time dates deterministic archives. */
	if ((r->added || r->tombstones || r->declared) &&
	    vox_catalog_event(cat, "import", "import", NULL, vox_bag_top(rd)) != 0)
		goto fail;
	if (vox_catalog_batch_commit(cat) != 0)
		return -1;
	return apply_withdrawals(cat, pl);
fail:
	vox_catalog_batch_abort(cat);
	return -1;
}

int
vox_import_bag(vox_catalog *cat, const char *path, unsigned flags,
    struct vox_import_result *r, GPtrArray *problems)
{
	vox_bag_reader *rd = NULL;
	GPtrArray *files = g_ptr_array_new_with_free_func((GDestroyNotify)vox_bag_file_free);
	GHashTable *manifest = g_hash_table_new(g_str_hash, g_str_equal);
	GHashTable *bag_tombs = g_hash_table_new(g_str_hash, g_str_equal);
	GByteArray *json = NULL;
	struct plan pl = { 0 };
	struct here h = { 0 };
	int ret = -1, rc, set_prompts;

	rd = vox_bag_open(path);
	if (!rd)
		goto out;
	rc = vox_bag_verify(rd, problems, files);
	if (rc != 0) {
		if (rc > 0)
			vox_error("import", "not a valid bag");
		goto out;
	}
	for (guint i = 0; i < files->len; i++) {
		struct vox_bag_file *f = g_ptr_array_index(files, i);

		g_hash_table_insert(manifest, f->name, f->sha256);
	}
	/* The validation pass: everything, before anything is written. */
	json = read_catalog_json(rd, path);
	if (!json || read_plan((const char *)json->data, json->len - 1, &pl) != 0)
		goto out;
	/* The plan holds what it describes: the text is not needed while photos are read. */
	g_byte_array_unref(json);
	json = NULL;
	for (guint i = 0; i < pl.photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl.photos, i);
		const char *sum = g_hash_table_lookup(manifest, b->file);

		if (!sum) {
			vox_error("import", "'%s': in catalog.json but not in the bag", b->file);
			goto out;
		}
		if (strcmp(sum, b->p->sha256) != 0) {
			vox_error("import", "'%s': catalog.json and the manifest disagree", b->file);
			goto out;
		}
		if (b->audio_file && !g_hash_table_lookup(manifest, b->audio_file)) {
			vox_error("import", "'%s': in catalog.json but not in the bag", b->audio_file);
			goto out;
		}
	}
	for (guint i = 0; i < pl.tombstones->len; i++)
		g_hash_table_add(bag_tombs, ((struct decl *)g_ptr_array_index(pl.tombstones,
		    i))->slug);
	if (here_load(cat, &h) != 0)
		goto out;
	set_prompts = check_prompts(&pl, &h);
	if (set_prompts < 0 || check_decls(&pl, &h) != 0 ||
	    check_photos(cat, &pl, &h, bag_tombs, r) != 0 ||
	    plan_tombstones(cat, &pl, flags, r) != 0 ||
	    photo_pass(rd, &pl, cat, 0, manifest) != 0)
		goto out;
	if (!(flags & VOX_IMPORT_DRY_RUN)) {
		ret = write_bag(cat, rd, &pl, &h, set_prompts, manifest, r);
		goto out;
	}
	if (apply_decls(cat, &pl, &h, set_prompts, r, 1) != 0)
		goto out;
	for (guint i = 0; i < pl.photos->len; i++) {
		struct bag_photo *b = g_ptr_array_index(pl.photos, i);

		if (b->skip)
			continue;
		r->added++;
		if (b->renumber) {
			r->renumbered++;
			notice(r, "%s: ref taken here; would be renumbered", b->want_ref);
		}
	}
	ret = 0;
out:
	if (ret != 0) {
		g_autofree char *m = g_strdup(vox_error_message());
		g_autofree char *q = g_strdup_printf("'%s'", path);

		/* The message names the bag, whatever part of it was refused. */
		if (!g_str_has_prefix(m, q))
			vox_error_k(vox_error_kind(), "import", "%s: %s", q, m);
	}
	here_release(&h);
	plan_release(&pl);
	if (json)
		g_byte_array_unref(json);
	g_hash_table_destroy(manifest);
	g_hash_table_destroy(bag_tombs);
	g_ptr_array_unref(files);
	vox_bag_close(rd);
	return ret;
}
