/*
 * What the curation tools change about a photo (themes, caption, consent, withdrawal),
 * a photo as JSON, and the statistics an evaluator quotes.
 */
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "catalog_int.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/json.h"
#include "vox/store.h"

/* JSON. */

static void
json_caption(struct vox_json *j, const struct vox_caption *c)
{
	vox_json_key_string(j, "title", c->title);
	vox_json_key_string(j, "story", c->story);
	vox_json_key_string(j, "alt", c->alt);
	vox_json_key_string(j, "lang", c->lang);
	if (c->transcript)
		vox_json_key_string(j, "transcript", c->transcript);
	vox_json_key_object(j, "prompts", c->prompt_keys, c->prompt_answers);
}

char *
vox_photo_json(const struct vox_photo *p, enum vox_json_fields fields)
{
	GString *s = g_string_new(NULL);
	const struct vox_caption *c = p->caption;
	struct vox_json j;

	vox_json_init(&j, s, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_json_key_string(&j, "id", p->sha256);
	vox_json_key_string(&j, "ref", p->ref);
	vox_json_key_string(&j, "ext", p->ext);
	vox_json_key_string(&j, "path", p->path);
	vox_json_key_int(&j, "width", p->width);
	vox_json_key_int(&j, "height", p->height);
	vox_json_key_int(&j, "orientation", p->orientation);
	vox_json_key_string(&j, "pair", p->pair);
	vox_json_key_string(&j, "site", p->site);
	vox_json_key_string(&j, "setting", p->setting);
	vox_json_key_string(&j, "participant", p->participant);
	vox_json_key_string(&j, "session", p->session);
	vox_json_key_string(&j, "session_date", p->session_date);
	vox_json_key_string(&j, "audience", vox_audience_name(p->audience));
	vox_json_key_string(&j, "people", vox_people_name(p->people));
	vox_json_key_bool(&j, "sensitive", p->sensitive);
	vox_json_key_bool(&j, "minor", p->minor);
	vox_json_key_strings(&j, "themes", c->themes);
	json_caption(&j, c);
	if (c->translation) {
		vox_json_key(&j, "translation");
		vox_json_object_begin(&j);
		json_caption(&j, c->translation);
		vox_json_object_end(&j);
	} else {
		vox_json_key_null(&j, "translation");
	}
	vox_json_key_string(&j, "added", p->added);
	vox_json_key_string(&j, "changed", p->changed);
	if (fields == VOX_JSON_WITH_PRIVATE) {
		vox_json_key_string(&j, "participant_name", p->participant_name);
		vox_json_key_string(&j, "source_name", p->source_name);
	}
	vox_json_object_end(&j);
	return g_string_free(s, FALSE);
}

/* Edits. */

/* Finds the photo under the write lock; refuses a withdrawn one when live is set. Sets
 * *ref (g_free) for events. Returns the row id or -1. */
static int64_t
locked_photo(vox_catalog *cat, const char *sha256, int live, char **ref, int *audience)
{
	int aud = 0;
	int64_t id = vox_catalog_photo_id(cat, sha256, ref, &aud);

	if (id == 0)
		return vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%.12s': no such photo", sha256);
	if (id > 0 && audience)
		*audience = aud;
	if (id > 0 && live && aud == VOX_AUDIENCE_WITHDRAWN) {
		vox_error("catalog", "'%s': withdrawn", *ref);
		return -1;
	}
	return id;
}

static int
touch(vox_catalog *cat, int64_t id)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "UPDATE photo SET changed = "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?");
	int ret;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	ret = vox_catalog_step(cat, st, "photo");
	sqlite3_finalize(st);
	return ret;
}

/* The caption fields photo.edited names, in the order messages give them. */
static const char *const caption_fields[] = {
	"title", "story", "alt", "lang", "transcript", "themes", "prompts", "translation",
};

static int
same_text(const char *a, const char *b)
{
	return g_strcmp0(a && *a ? a : NULL, b && *b ? b : NULL) == 0;
}

static int
same_strings(const GPtrArray *a, const GPtrArray *b)
{
	if (a->len != b->len)
		return 0;
	for (guint i = 0; i < a->len; i++)
		if (strcmp(g_ptr_array_index(a, i), g_ptr_array_index(b, i)) != 0)
			return 0;
	return 1;
}

/* Whether every prompt b answers, a answers alike; with both, also the other way. */
static int
same_prompts(const struct vox_caption *a, const struct vox_caption *b, int both)
{
	for (int pass = 0; pass < (both ? 2 : 1); pass++) {
		const struct vox_caption *x = pass ? a : b, *y = pass ? b : a;

		for (guint i = 0; i < x->prompt_keys->len; i++)
			if (!same_text(g_ptr_array_index(x->prompt_answers, i),
			    vox_caption_prompt(y, g_ptr_array_index(x->prompt_keys, i))))
				return 0;
	}
	return 1;
}

static int
same_translation(const struct vox_caption *a, const struct vox_caption *b)
{
	if (!a || !b)
		return !a == !b;
	return same_text(a->lang, b->lang) && same_text(a->title, b->title) &&
	    same_text(a->story, b->story) && same_text(a->alt, b->alt) &&
	    same_text(a->transcript, b->transcript) && same_prompts(a, b, 1);
}

/*
 * Appends to fields (static names of caption_fields) those in which b differs from a.
 * given: only the fields b gives count (a field b leaves empty is not a difference), as
 * for a sidecar or a sheet row read again; otherwise every field, as for an edit.
 */
static void
caption_diff(const struct vox_caption *a, const struct vox_caption *b, int given,
    GPtrArray *fields)
{
	const char *const ta[] = { a->title, a->story, a->alt, a->lang, a->transcript };
	const char *const tb[] = { b->title, b->story, b->alt, b->lang, b->transcript };

	for (size_t i = 0; i < G_N_ELEMENTS(ta); i++)
		if ((!given || (tb[i] && *tb[i])) && !same_text(ta[i], tb[i]))
			g_ptr_array_add(fields, (char *)caption_fields[i]);
	if ((!given || b->themes->len > 0) && !same_strings(a->themes, b->themes))
		g_ptr_array_add(fields, (char *)"themes");
	if (!same_prompts(a, b, !given))
		g_ptr_array_add(fields, (char *)"prompts");
	if ((!given || b->translation) && !same_translation(a->translation, b->translation))
		g_ptr_array_add(fields, (char *)"translation");
}

/* The fields of photo id edited in photovox since ingest (photo.edited), as a list. */
static char **
edited_fields(vox_catalog *cat, int64_t id)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT edited FROM photo WHERE id = ?");
	char **v = NULL;

	if (!st)
		return NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = g_strsplit((const char *)sqlite3_column_text(st, 0), ",", -1);
	else
		vox_catalog_db_error(cat, "photo");
	sqlite3_finalize(st);
	return v;
}

/* Adds fields to photo id's record of the caption fields edited since ingest. */
static int
mark_edited(vox_catalog *cat, int64_t id, const GPtrArray *fields)
{
	char **had = edited_fields(cat, id);
	GString *s = g_string_new(NULL);
	sqlite3_stmt *st = NULL;
	int ret = -1;

	if (!had)
		goto out;
	if (fields->len == 0) {
		ret = 0;
		goto out;
	}
	for (size_t i = 0; i < G_N_ELEMENTS(caption_fields); i++) {
		const char *f = caption_fields[i];
		int on = g_strv_contains((const char *const *)had, f);

		for (guint j = 0; !on && j < fields->len; j++)
			on = strcmp(g_ptr_array_index(fields, j), f) == 0;
		if (on)
			g_string_append_printf(s, "%s%s", s->len ? "," : "", f);
	}
	st = vox_catalog_prepare(cat, "UPDATE photo SET edited = ? WHERE id = ?");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, s->str);
	sqlite3_bind_int64(st, 2, id);
	ret = vox_catalog_step(cat, st, "photo");
out:
	sqlite3_finalize(st);
	g_strfreev(had);
	g_string_free(s, TRUE);
	return ret;
}

int
vox_catalog_tag(vox_catalog *cat, const char *sha256, GPtrArray *add, GPtrArray *remove)
{
	sqlite3_stmt *ins = NULL, *del = NULL;
	GString *detail = g_string_new(NULL);
	char *ref = NULL;
	int64_t id;
	int changes = 0, ret = -1;

	if (vox_catalog_begin(cat) != 0)
		goto out;
	id = locked_photo(cat, sha256, 1, &ref, NULL);
	if (id < 0)
		goto out;
	ins = vox_catalog_prepare(cat, "INSERT OR IGNORE INTO photo_theme (photo_id, theme_id, "
	    "position) VALUES (?1, ?2, (SELECT coalesce(max(position), -1) + 1 FROM photo_theme "
	    "WHERE photo_id = ?1))");
	del = vox_catalog_prepare(cat, "DELETE FROM photo_theme WHERE photo_id = ? AND "
	    "theme_id = ?");
	if (!ins || !del)
		goto out;
	for (int pass = 0; pass < 2; pass++) {
		GPtrArray *list = pass ? remove : add;
		sqlite3_stmt *st = pass ? del : ins;

		for (guint i = 0; list && i < list->len; i++) {
			g_autofree char *slug = vox_catalog_theme_resolve(cat,
			    g_ptr_array_index(list, i));
			int64_t tid = slug ? vox_catalog_lookup(cat, VOX_KIND_THEME, slug) : -1;

			if (tid < 0)
				goto out;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int64(st, 2, tid);
			if (vox_catalog_step(cat, st, "theme") != 0)
				goto out;
			if (sqlite3_changes(cat->db) > 0) {
				changes++;
				g_string_append_printf(detail, "%s%c%s", detail->len ? " " : "",
				    pass ? '-' : '+', slug);
			}
		}
	}
	if (changes > 0) {
		GPtrArray *themes = g_ptr_array_new();

		g_ptr_array_add(themes, (char *)"themes");
		if (mark_edited(cat, id, themes) != 0 || touch(cat, id) != 0 ||
		    vox_catalog_event(cat, "tag", "tag", ref, detail->str) != 0) {
			g_ptr_array_unref(themes);
			goto out;
		}
		g_ptr_array_unref(themes);
	}
	if (vox_catalog_commit(cat) != 0)
		goto out;
	ret = changes;
out:
	if (ret < 0)
		vox_catalog_rollback(cat);
	sqlite3_finalize(ins);
	sqlite3_finalize(del);
	g_string_free(detail, TRUE);
	g_free(ref);
	return ret;
}

int
vox_catalog_set_caption(vox_catalog *cat, const char *sha256, const struct vox_caption *c)
{
	GPtrArray *fields = g_ptr_array_new();
	struct vox_photo *old = NULL;
	char *ref = NULL;
	int64_t id;
	int ret = -1;

	if (vox_catalog_begin(cat) != 0)
		return -1;
	if (vox_catalog_check_caption(cat, c) != 0)
		goto out;
	id = locked_photo(cat, sha256, 1, &ref, NULL);
	if (id < 0)
		goto out;
	/* Which fields the edit changes, so that ingesting the sidecar again leaves them. */
	old = vox_catalog_photo(cat, sha256);
	if (!old)
		goto out;
	g_ptr_array_unref(old->caption->themes);
	old->caption->themes = g_ptr_array_ref(c->themes);
	caption_diff(old->caption, c, 0, fields);
	if (fields->len == 0) {
		/* The same caption: nothing is written, so an edit closed unchanged changes
		 * nothing, not even the photo's time of change. */
		vox_catalog_rollback(cat);
		ret = 0;
		goto done;
	}
	if (vox_catalog_write_caption(cat, id, c) != 0 || mark_edited(cat, id, fields) != 0)
		goto out;
	/* The event says that the caption changed, never what it says. */
	if (touch(cat, id) != 0 || vox_catalog_event(cat, "caption", "caption", ref, NULL) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
done:
	vox_photo_free(old);
	g_ptr_array_unref(fields);
	g_free(ref);
	return ret;
}

int
vox_catalog_caption_from_ingest(vox_catalog *cat, const char *sha256,
    const struct vox_caption *in, GPtrArray *updated, GPtrArray *kept, char **consent)
{
	GPtrArray *differ = g_ptr_array_new(), *take = g_ptr_array_new();
	struct vox_photo *p = NULL;
	struct vox_caption *c;
	char **edited = NULL, *ref = NULL;
	int64_t id;
	int ret = -1;

	if (vox_catalog_begin(cat) != 0)
		goto done;
	id = locked_photo(cat, sha256, 1, &ref, NULL);
	if (id < 0 || !(p = vox_catalog_photo(cat, sha256)) || !(edited = edited_fields(cat, id)))
		goto out;
	caption_diff(p->caption, in, 1, differ);
	if (consent) {
		GString *args = g_string_new(NULL);
		int a = in->consent ? vox_audience_parse(in->consent) : -1;
		int pe = in->people ? vox_people_parse(in->people) : -1;

		if (a > 0 && a != (int)p->audience)
			g_string_append_printf(args, " --audience %s", vox_audience_name(a));
		if (pe >= 0 && pe != (int)p->people)
			g_string_append_printf(args, " --people %s", vox_people_name(pe));
		if (in->sensitive != VOX_FLAG_UNSET && !in->sensitive != !p->sensitive)
			g_string_append_printf(args, " --sensitive %s", in->sensitive ? "on" : "off");
		if (in->minor != VOX_FLAG_UNSET && !in->minor != !p->minor)
			g_string_append_printf(args, " --minor %s", in->minor ? "on" : "off");
		*consent = args->len ? g_strdup(args->str + 1) : NULL;
		g_string_free(args, TRUE);
	}
	c = p->caption;
	for (guint i = 0; i < differ->len; i++) {
		const char *f = g_ptr_array_index(differ, i);

		if (g_strv_contains((const char *const *)edited, f)) {
			g_ptr_array_add(kept, g_strdup(f));
			continue;
		}
		g_ptr_array_add(take, (char *)f);
		g_ptr_array_add(updated, g_strdup(f));
#define TAKE(x) do { g_free(c->x); c->x = g_strdup(in->x); } while (0)
		if (strcmp(f, "title") == 0) {
			TAKE(title);
		} else if (strcmp(f, "story") == 0) {
			TAKE(story);
		} else if (strcmp(f, "alt") == 0) {
			TAKE(alt);
		} else if (strcmp(f, "lang") == 0) {
			TAKE(lang);
		} else if (strcmp(f, "transcript") == 0) {
			TAKE(transcript);
		} else if (strcmp(f, "prompts") == 0) {
			for (guint k = 0; k < in->prompt_keys->len; k++)
				vox_caption_set_prompt(c, g_ptr_array_index(in->prompt_keys, k),
				    g_ptr_array_index(in->prompt_answers, k));
		} else if (strcmp(f, "translation") == 0) {
			struct vox_caption *t = vox_caption_new();

			t->lang = g_strdup(in->translation->lang);
			t->title = g_strdup(in->translation->title);
			t->story = g_strdup(in->translation->story);
			t->alt = g_strdup(in->translation->alt);
			t->transcript = g_strdup(in->translation->transcript);
			for (guint k = 0; k < in->translation->prompt_keys->len; k++)
				vox_caption_set_prompt(t,
				    g_ptr_array_index(in->translation->prompt_keys, k),
				    g_ptr_array_index(in->translation->prompt_answers, k));
			vox_caption_free(c->translation);
			c->translation = t;
		}
#undef TAKE
	}
	if (take->len == 0) {
		/* Nothing to write: the catalog is left exactly as it was. */
		vox_catalog_rollback(cat);
		ret = 0;
		goto done;
	}
	if (vox_catalog_check_caption(cat, c) != 0 || vox_catalog_write_caption(cat, id, c) != 0)
		goto out;
	for (guint i = 0; i < take->len; i++)
		if (strcmp(g_ptr_array_index(take, i), "themes") == 0 &&
		    vox_catalog_replace_themes(cat, id, in->themes) != 0)
			goto out;
	{
		g_autofree char *detail = NULL;

		g_ptr_array_add(take, NULL);
		detail = g_strjoinv(",", (char **)take->pdata);
		g_ptr_array_remove_index(take, take->len - 1);
		/* The event names the fields, never their text. */
		if (touch(cat, id) != 0 ||
		    vox_catalog_event(cat, "ingest", "caption", ref, detail) != 0)
			goto out;
	}
	ret = vox_catalog_commit(cat) == 0 ? (int)take->len : -1;
out:
	if (ret < 0)
		vox_catalog_rollback(cat);
done:
	vox_photo_free(p);
	g_strfreev(edited);
	g_free(ref);
	g_ptr_array_unref(differ);
	g_ptr_array_unref(take);
	return ret;
}

int
vox_catalog_set_consent(vox_catalog *cat, const char *sha256, int audience, int people,
    int sensitive, int minor)
{
	sqlite3_stmt *st = NULL;
	GString *detail = g_string_new(NULL);
	char *ref = NULL;
	int64_t id;
	int ret = -1;

	if (audience == VOX_AUDIENCE_WITHDRAWN)
		return vox_error("catalog", "withdrawal is done with vox withdraw, which also "
		    "deletes the photo");
	if (audience > VOX_AUDIENCE_PUBLIC || people > VOX_PEOPLE_UNKNOWN)
		return vox_error("catalog", "consent out of range");
	if (vox_catalog_begin(cat) != 0)
		return -1;
	id = locked_photo(cat, sha256, 1, &ref, NULL);
	if (id < 0)
		goto out;
	st = vox_catalog_prepare(cat, "UPDATE photo SET audience = coalesce(?2, audience), "
	    "people = coalesce(?3, people), sensitive = coalesce(?4, sensitive), "
	    "minor = coalesce(?5, minor), changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
	    "WHERE id = ?1");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (audience >= 0) {
		sqlite3_bind_int(st, 2, audience);
		g_string_append_printf(detail, " audience=%s", vox_audience_name(audience));
	}
	if (people >= 0) {
		sqlite3_bind_int(st, 3, people);
		g_string_append_printf(detail, " people=%s", vox_people_name(people));
	}
	if (sensitive >= 0) {
		sqlite3_bind_int(st, 4, sensitive ? 1 : 0);
		g_string_append_printf(detail, " sensitive=%s", sensitive ? "on" : "off");
	}
	if (minor >= 0) {
		sqlite3_bind_int(st, 5, minor ? 1 : 0);
		g_string_append_printf(detail, " minor=%s", minor ? "on" : "off");
	}
	if (vox_catalog_step(cat, st, "consent") != 0)
		goto out;
	if (vox_catalog_event(cat, "consent", "consent", ref,
	    detail->len ? detail->str + 1 : NULL) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
	sqlite3_finalize(st);
	g_string_free(detail, TRUE);
	g_free(ref);
	return ret;
}

/* Withdrawal. */

static int
has_caption(vox_catalog *cat, int64_t id)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT (SELECT count(*) FROM caption "
	    "WHERE photo_id = ?1) + (SELECT count(*) FROM caption_prompt WHERE photo_id = ?1)");
	int n = 0;

	if (!st)
		return 0;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return n > 0;
}

int
vox_catalog_withdraw(vox_catalog *cat, const char *sha256, enum vox_dry_run dry_run,
    GPtrArray *removed)
{
	static const char *const wipe[] = {
		"DELETE FROM caption WHERE photo_id = ?",
		"DELETE FROM audio WHERE photo_id = ?",
		"DELETE FROM caption_prompt WHERE photo_id = ?",
		"DELETE FROM photo_theme WHERE photo_id = ?",
		("UPDATE photo SET audience = 0, source_name = NULL, "
		"changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?"),
	};
	GPtrArray *files = g_ptr_array_new_with_free_func(g_free);
	char *ref = NULL, *ext = NULL, *stored = NULL;
	struct vox_audio *story = NULL;
	sqlite3_stmt *st = NULL;
	int64_t id;
	int ret = -1, audience = 0, captioned;
	guint first_removed = removed->len;

	if (vox_catalog_begin(cat) != 0)
		goto out;
	id = locked_photo(cat, sha256, 0, &ref, &audience);
	if (id < 0)
		goto out;
	st = vox_catalog_prepare(cat, "SELECT ext FROM photo WHERE id = ?");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		vox_catalog_db_error(cat, "photo");
		goto out;
	}
	ext = g_strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	st = NULL;
	stored = vox_store_path(cat->dir, sha256, ext);
	if (g_file_test(stored, G_FILE_TEST_EXISTS))
		g_ptr_array_add(files, g_strdup(stored));
	/* A folder that cannot be read does not stop a withdrawal: what it may still hold
	 * carries the tombstoned hash, which vox check reports. */
	if (vox_store_cache_files(cat->dir, sha256, files) != 0)
		vox_error_clear();
	/* The voice story goes with the photo, its bytes tombstoned too. */
	if (vox_catalog_audio(cat, id, &story) < 0)
		goto out;
	if (story && g_file_test(story->path, G_FILE_TEST_EXISTS))
		g_ptr_array_add(files, g_strdup(story->path));
	captioned = has_caption(cat, id);
	if (captioned)
		g_ptr_array_add(removed, g_strdup_printf("%s: caption text", ref));
	for (guint i = 0; i < files->len; i++) {
		const char *path = g_ptr_array_index(files, i);

		g_ptr_array_add(removed, g_strdup_printf("%s: %s", ref,
		    path + strlen(cat->dir) + 1));
	}
	if (dry_run) {
		vox_catalog_rollback(cat);
		ret = 0;
		goto out;
	}
	/* The catalog first: once the tombstone is committed, any byte left behind by a
	 * crash is "tombstoned bytes" that vox check reports and --repair removes; files
	 * first would risk a row without its file. */
	for (size_t i = 0; i < G_N_ELEMENTS(wipe); i++) {
		st = vox_catalog_prepare(cat, wipe[i]);
		if (!st)
			goto out;
		sqlite3_bind_int64(st, 1, id);
		if (vox_catalog_step(cat, st, "withdraw") != 0)
			goto out;
		sqlite3_finalize(st);
		st = NULL;
	}
	if (vox_catalog_add_tombstone(cat, sha256, NULL) != 0 || vox_catalog_owe_purge(cat) != 0)
		goto out;
	if (story && vox_catalog_add_tombstone(cat, story->sha256, NULL) != 0)
		goto out;
	{
		char *detail = g_strdup_printf("%s%u file%s removed%s",
		    audience == VOX_AUDIENCE_WITHDRAWN ? "again: " : "", files->len,
		    files->len == 1 ? "" : "s", captioned ? ", caption deleted" : "");
		int e = vox_catalog_event(cat, "withdraw", "withdraw", ref, detail);

		g_free(detail);
		if (e != 0)
			goto out;
	}
	/* The caption text leaves the database files with vox_catalog_purge(), which the
	 * caller runs once after its withdrawals: the debt is committed with them. */
	if (vox_catalog_commit(cat) != 0)
		goto out;
	for (guint i = 0; i < files->len; i++) {
		const char *path = g_ptr_array_index(files, i);
		char *folder = g_path_get_dirname(path);

		if (unlink(path) != 0 && errno != ENOENT) {
			vox_error_system("catalog", "'%s'", path);
			g_free(folder);
			goto out;
		}
		if (vox_fsync_dir(folder) != 0)
			vox_error_clear(); /* removed all the same; durability is best effort */
		g_free(folder);
	}
	ret = 0;
out:
	if (ret != 0) {
		vox_catalog_rollback(cat);
		/* Report only what was really removed. */
		while (removed->len > first_removed)
			g_ptr_array_remove_index(removed, removed->len - 1);
	}
	vox_audio_free(story);
	sqlite3_finalize(st);
	g_ptr_array_unref(files);
	g_free(ref);
	g_free(ext);
	g_free(stored);
	return ret;
}

/* Purging deleted text from the database files. */

#define PURGE_KEY "purge-owed"

int
vox_catalog_owe_purge(vox_catalog *cat)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "INSERT INTO meta (key, value) VALUES (?1, "
	    "'1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1");
	int ret;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, PURGE_KEY);
	ret = vox_catalog_step(cat, st, "purge");
	sqlite3_finalize(st);
	return ret;
}

int
vox_catalog_purge_owed(vox_catalog *cat)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT 1 FROM meta WHERE key = ?");
	int rc;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, PURGE_KEY);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : vox_catalog_db_error(cat, "purge");
}

/* The write-ahead log copied into vox.db in full and truncated to nothing, waiting up to
 * wait_ms for readers of an older snapshot; 0, 1 when they outlasted the wait, or -1. */
static int
checkpoint(vox_catalog *cat, int wait_ms, void (*waiting)(void *), void *data)
{
	gint64 until = g_get_monotonic_time() + (gint64)MAX(wait_ms, 0) * 1000;
	int said = 0, rc;

	/* No busy handler: this loop decides how long to wait, and says that it waits. */
	sqlite3_busy_timeout(cat->db, 0);
	for (;;) {
		rc = sqlite3_wal_checkpoint_v2(cat->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL,
		    NULL);
		if (rc == SQLITE_OK ||
		    ((rc & 0xff) != SQLITE_BUSY && (rc & 0xff) != SQLITE_LOCKED))
			break;
		if (g_get_monotonic_time() >= until)
			break;
		if (!said && waiting)
			waiting(data);
		said = 1;
		g_usleep(100 * 1000);
	}
	sqlite3_busy_timeout(cat->db, VOX_CATALOG_BUSY_MS);
	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return 1;
	return vox_catalog_db_error(cat, "checkpoint");
}

int
vox_catalog_purge(vox_catalog *cat, int wait_ms, void (*waiting)(void *data), void *data)
{
	sqlite3_stmt *st = NULL;
	char *owed;
	int ret = -1, c;

	vox_error_clear();
	owed = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = ?", PURGE_KEY);
	if (!owed && *vox_error_message())
		return -1;
	c = checkpoint(cat, wait_ms, waiting, data);
	if (c != 0) {
		if (c > 0)
			vox_error_k(VOX_ERR_IO, "catalog", "'%s/vox.db': another program is still "
			    "reading the collection after %d s: deleted text may still be in "
			    "vox.db or vox.db-wal (vox check --repair purges it once that program "
			    "ends)",
			    cat->dir, MAX(wait_ms, 0) / 1000);
		goto out;
	}
	ret = 0;
	if (!owed)
		goto out;
	/* Paid: forget the debt, unless a withdrawal since has owed it again (the frame
	 * written now holds no deleted text: the log no longer holds any). */
	st = vox_catalog_prepare(cat, "DELETE FROM meta WHERE key = ? AND value = ?");
	if (!st) {
		ret = -1;
		goto out;
	}
	vox_catalog_bind_text(st, 1, PURGE_KEY);
	vox_catalog_bind_text(st, 2, owed);
	ret = vox_catalog_step(cat, st, "purge");
out:
	sqlite3_finalize(st);
	g_free(owed);
	return ret;
}

/* New versions. */

/* Removes every derivative of sha256 under cache/; nothing is removed when a folder
 * cannot be read. */
static int
purge_cache(vox_catalog *cat, const char *sha256)
{
	GPtrArray *paths = g_ptr_array_new_with_free_func(g_free);
	int ret = -1;

	if (vox_store_cache_files(cat->dir, sha256, paths) != 0)
		goto out;
	for (guint i = 0; i < paths->len; i++) {
		const char *p = g_ptr_array_index(paths, i);

		if (g_unlink(p) != 0 && errno != ENOENT) {
			vox_error_system("catalog", "'%s': cannot remove", p);
			goto out;
		}
	}
	ret = 0;
out:
	g_ptr_array_unref(paths);
	return ret;
}

/* Moves the row of old to the new bytes, with a tombstone for the old ones and an event,
 * in one transaction. */
static int
move_row(vox_catalog *cat, const struct vox_photo *old, const char *sha256, int width,
    int height, const char *tool, const char *why)
{
	sqlite3_stmt *st = NULL;
	char *detail = NULL, *other = NULL;
	int64_t id;
	int t, ret = -1;

	if (vox_catalog_begin(cat) != 0)
		return -1;
	t = vox_catalog_is_tombstoned(cat, sha256);
	if (t != 0) {
		if (t > 0)
			vox_error("catalog", "'%s': the new bytes were withdrawn before", old->ref);
		goto out;
	}
	id = vox_catalog_photo_id(cat, sha256, &other, NULL);
	if (id != 0) {
		if (id > 0)
			vox_error("catalog", "'%s': the new bytes are already in the collection, "
			    "as %s", old->ref, other);
		goto out;
	}
	/* Only while the photo still has the old bytes and is not withdrawn: another tool
	 * may have changed it since it was read. */
	st = vox_catalog_prepare(cat, "UPDATE photo SET sha256 = ?1, width = ?2, height = ?3, "
	    "orientation = 1, changed = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
	    "WHERE id = ?4 AND sha256 = ?5 AND audience > 0");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, sha256);
	sqlite3_bind_int(st, 2, width);
	sqlite3_bind_int(st, 3, height);
	sqlite3_bind_int64(st, 4, old->rowid);
	vox_catalog_bind_text(st, 5, old->sha256);
	if (sqlite3_step(st) != SQLITE_DONE) {
		vox_catalog_db_error(cat, "update");
		goto out;
	}
	if (sqlite3_changes(cat->db) != 1) {
		vox_error("catalog", "'%s': changed or withdrawn meanwhile; nothing done", old->ref);
		goto out;
	}
	if (vox_catalog_add_tombstone(cat, old->sha256, NULL) != 0)
		goto out;
	detail = g_strdup_printf("%s; replaces %.12s", why, old->sha256);
	if (vox_catalog_event(cat, tool, tool, old->ref, detail) != 0)
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
	sqlite3_finalize(st);
	g_free(detail);
	g_free(other);
	return ret;
}

/* The new bytes are len bytes at bytes, or the file tmp (NULL for bytes). */
static int
replace_photo(vox_catalog *cat, const struct vox_photo *old, const void *bytes, size_t len,
    struct vox_store_tmp *tmp, const char *sha256, int width, int height, const char *tool,
    const char *why)
{
	int ret = -1, stored = 0;

	if (old->audience == VOX_AUDIENCE_WITHDRAWN)
		return vox_error("catalog", "'%s': withdrawn", old->ref);
	if (strcmp(sha256, old->sha256) == 0)
		return vox_error("catalog", "'%s': the new version has the same bytes", old->ref);
	/* From the file until the row: vox check --repair holds this lock exclusive, so it
	 * never takes the new file for an orphan (its row not committed yet, or committed
	 * after check read the rows), nor meets the old bytes half purged. */
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		return -1;
	/* The new file first, durable, then the row: a crash in between leaves an orphan that
	 * vox check removes, never a row without its file. */
	if ((tmp ? vox_store_tmp_commit(cat->dir, tmp, sha256, old->ext) :
	    vox_store_put(cat->dir, sha256, old->ext, bytes, len)) != 0)
		goto out;
	stored = 1;
	if (move_row(cat, old, sha256, width, height, tool, why) != 0)
		goto out;
	stored = 0;
	/* Committed: the old bytes have a tombstone; remove them and what was made of them.
	 * A failure here leaves tombstoned bytes that vox check --repair removes. */
	if (vox_store_remove(cat->dir, old->sha256, old->ext) != 0 ||
	    purge_cache(cat, old->sha256) != 0)
		goto out;
	ret = 0;
out:
	if (stored) {
		/* Our file and no row for it: take it away again, unless another photo has
		 * committed the same bytes meanwhile (looked at under the write lock). */
		char *keep = g_strdup(vox_error_message());
		enum vox_error_kind kind = vox_error_kind();

		if (vox_catalog_begin(cat) == 0) {
			if (vox_catalog_photo_id(cat, sha256, NULL, NULL) == 0)
				vox_store_remove(cat->dir, sha256, old->ext);
			vox_catalog_rollback(cat);
		}
		vox_error_k(kind, "catalog", "%s", keep);
		g_free(keep);
	}
	vox_catalog_store_unlock(cat);
	return ret;
}

int
vox_catalog_replace_photo(vox_catalog *cat, const struct vox_photo *old, const void *bytes,
    size_t len, const char *sha256, int width, int height, const char *tool, const char *why)
{
	return replace_photo(cat, old, bytes, len, NULL, sha256, width, height, tool, why);
}

int
vox_catalog_replace_tmp(vox_catalog *cat, const struct vox_photo *old,
    struct vox_store_tmp *tmp, const char *sha256, int width, int height, const char *tool,
    const char *why)
{
	int ret = replace_photo(cat, old, NULL, 0, tmp, sha256, width, height, tool, why);

	/* Refused before the file was moved: it is removed, as vox_catalog_add_tmp() does. */
	vox_store_tmp_discard(tmp);
	return ret;
}

GPtrArray *
vox_catalog_participant_photos(vox_catalog *cat, const char *code)
{
	int64_t pid = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, code);
	sqlite3_stmt *st;
	GPtrArray *a;
	int rc;

	if (pid < 0)
		return NULL;
	st = vox_catalog_prepare(cat, "SELECT ref FROM photo WHERE participant_id = ? AND "
	    "audience > 0 ORDER BY seq");
	if (!st)
		return NULL;
	a = g_ptr_array_new_with_free_func(g_free);
	sqlite3_bind_int64(st, 1, pid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(a, g_strdup((const char *)sqlite3_column_text(st, 0)));
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "photos");
		g_ptr_array_unref(a);
		a = NULL;
	}
	sqlite3_finalize(st);
	return a;
}

GPtrArray *
vox_catalog_participant_all_photos(vox_catalog *cat, const char *code)
{
	sqlite3_stmt *st = NULL;
	GPtrArray *photos = NULL, *refs = NULL;
	int rc;

	if (vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, code) < 0)
		return NULL;
	/* vox_catalog_select() leaves withdrawn photos out; a booklet lists them too. */
	st = vox_catalog_prepare(cat, "SELECT p.ref FROM photo p JOIN participant pa "
	    "ON pa.id = p.participant_id WHERE pa.code = ?1 ORDER BY p.seq, p.ref");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, code);
	refs = g_ptr_array_new_with_free_func(g_free);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(refs, vox_catalog_col(st, 0));
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "photos");
		goto out;
	}
	photos = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	for (guint i = 0; i < refs->len; i++) {
		struct vox_photo *p = vox_catalog_photo(cat, g_ptr_array_index(refs, i));

		if (!p) {
			g_ptr_array_unref(photos);
			photos = NULL;
			goto out;
		}
		g_ptr_array_add(photos, p);
	}
out:
	sqlite3_finalize(st);
	if (refs)
		g_ptr_array_unref(refs);
	return photos;
}

