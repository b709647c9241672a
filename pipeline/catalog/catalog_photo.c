/*
 * Photos in the catalog: loading them with everything outputs need, selecting by filter,
 * finding one by id or ref, writing a caption, and adding one (store first, then the row).
 * The edits the curation tools make (themes, captions, consent, withdrawal) are in
 * catalog_edit.c.
 */
#include <dirent.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
#include "vox/store.h"

struct vox_photo *
vox_photo_new(void)
{
	struct vox_photo *p = g_new0(struct vox_photo, 1);

	p->caption = vox_caption_new();
	p->audience = VOX_AUDIENCE_PRIVATE;
	p->people = VOX_PEOPLE_UNKNOWN;
	p->orientation = 1;
	return p;
}

void
vox_photo_free(struct vox_photo *p)
{
	if (!p)
		return;
	g_free(p->ref);
	g_free(p->ext);
	g_free(p->path);
	g_free(p->pair);
	g_free(p->site);
	g_free(p->setting);
	g_free(p->participant);
	g_free(p->session);
	g_free(p->session_date);
	g_free(p->scrubbed);
	g_free(p->converted);
	vox_caption_free(p->caption);
	g_free(p->added);
	g_free(p->changed);
	g_free(p->participant_name);
	g_free(p->source_name);
	g_free(p);
}

#define PHOTO_COLUMNS \
	"p.id, p.sha256, p.ref, p.ext, p.width, p.height, p.orientation, pr.slug, s.slug, " \
	"s.setting, pa.code, se.slug, se.date, p.audience, p.people, p.sensitive, p.minor, " \
	"p.added, p.changed, pa.name, p.source_name, c.title, c.story, c.alt, c.lang, " \
	"c.tr_lang, c.tr_title, c.tr_story, c.tr_alt, " \
	"(SELECT group_concat(slug, ',') FROM (SELECT t.slug FROM photo_theme pt " \
	"JOIN theme t ON t.id = pt.theme_id WHERE pt.photo_id = p.id ORDER BY pt.position)), " \
	"p.scrubbed, p.converted, c.transcript, c.tr_transcript "

#define PHOTO_FROM \
	"FROM photo p JOIN participant pa ON pa.id = p.participant_id " \
	"LEFT JOIN site s ON s.id = p.site_id LEFT JOIN pair pr ON pr.id = s.pair_id " \
	"LEFT JOIN session se ON se.id = p.session_id LEFT JOIN caption c ON c.photo_id = p.id "

/* Builds a photo from a row of PHOTO_COLUMNS; prompt answers come later (load_prompts). */
static struct vox_photo *
photo_row(vox_catalog *cat, sqlite3_stmt *st)
{
	struct vox_photo *p = g_new0(struct vox_photo, 1);
	struct vox_caption *c = vox_caption_new();
	const char *themes;

	p->rowid = sqlite3_column_int64(st, 0);
	g_strlcpy(p->sha256, (const char *)sqlite3_column_text(st, 1), sizeof(p->sha256));
	p->ref = vox_catalog_col(st, 2);
	p->ext = vox_catalog_col(st, 3);
	p->path = vox_store_path(cat->dir, p->sha256, p->ext);
	p->width = sqlite3_column_int(st, 4);
	p->height = sqlite3_column_int(st, 5);
	p->orientation = sqlite3_column_int(st, 6);
	p->pair = vox_catalog_col(st, 7);
	p->site = vox_catalog_col(st, 8);
	p->setting = vox_catalog_col(st, 9);
	p->participant = vox_catalog_col(st, 10);
	p->session = vox_catalog_col(st, 11);
	p->session_date = vox_catalog_col(st, 12);
	p->audience = (enum vox_audience)sqlite3_column_int(st, 13);
	p->people = (enum vox_people)sqlite3_column_int(st, 14);
	p->sensitive = sqlite3_column_int(st, 15);
	p->minor = sqlite3_column_int(st, 16);
	p->added = vox_catalog_col(st, 17);
	p->changed = vox_catalog_col(st, 18);
	p->participant_name = vox_catalog_col(st, 19);
	p->source_name = vox_catalog_col(st, 20);
	c->title = vox_catalog_col(st, 21);
	c->story = vox_catalog_col(st, 22);
	c->alt = vox_catalog_col(st, 23);
	c->lang = vox_catalog_col(st, 24);
	c->consent = g_strdup(vox_audience_name(p->audience));
	c->people = g_strdup(vox_people_name(p->people));
	c->sensitive = p->sensitive;
	c->minor = p->minor;
	if (sqlite3_column_type(st, 25) != SQLITE_NULL || sqlite3_column_type(st, 26) !=
	    SQLITE_NULL || sqlite3_column_type(st, 27) != SQLITE_NULL ||
	    sqlite3_column_type(st, 28) != SQLITE_NULL) {
		c->translation = vox_caption_new();
		c->translation->lang = vox_catalog_col(st, 25);
		c->translation->title = vox_catalog_col(st, 26);
		c->translation->story = vox_catalog_col(st, 27);
		c->translation->alt = vox_catalog_col(st, 28);
	}
	c->transcript = vox_catalog_col(st, 32);
	if (c->translation)
		c->translation->transcript = vox_catalog_col(st, 33);
	themes = (const char *)sqlite3_column_text(st, 29);
	if (themes && *themes) {
		char **v = g_strsplit(themes, ",", -1);

		for (char **t = v; *t; t++)
			g_ptr_array_add(c->themes, g_strdup(*t));
		g_strfreev(v);
	}
	p->caption = c;
	p->scrubbed = vox_catalog_col(st, 30);
	p->converted = vox_catalog_col(st, 31);
	return p;
}

/* Fills the prompt answers of p (and of its translation). */
static int
load_prompts(vox_catalog *cat, sqlite3_stmt *st, struct vox_photo *p)
{
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, p->rowid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct vox_caption *c = p->caption;

		if (sqlite3_column_int(st, 0)) {
			if (!c->translation)
				c->translation = vox_caption_new();
			c = c->translation;
		}
		g_ptr_array_add(c->prompt_keys, vox_catalog_col(st, 1));
		g_ptr_array_add(c->prompt_answers, vox_catalog_col(st, 2));
	}
	if (rc != SQLITE_DONE)
		return vox_catalog_db_error(cat, "prompt answers");
	return 0;
}

#define PROMPTS_SQL \
	"SELECT cp.translation, cp.key, cp.answer FROM caption_prompt cp " \
	"LEFT JOIN prompt pr ON pr.key = cp.key WHERE cp.photo_id = ? " \
	"ORDER BY cp.translation, pr.position IS NULL, pr.position, cp.key"

#define ALL_PROMPTS_SQL \
	"SELECT cp.photo_id, cp.translation, cp.key, cp.answer FROM caption_prompt cp " \
	"LEFT JOIN prompt pr ON pr.key = cp.key " \
	"ORDER BY cp.photo_id, cp.translation, pr.position IS NULL, pr.position, cp.key"

/* Above this many photos one pass over every answer beats a query per photo. */
#define PROMPTS_IN_ONE_PASS 2000

/* Fills the prompt answers of many photos in one pass over the table. */
static int
load_all_prompts(vox_catalog *cat, GPtrArray *photos)
{
	GHashTable *by_id = g_hash_table_new(g_int64_hash, g_int64_equal);
	sqlite3_stmt *st = vox_catalog_prepare(cat, ALL_PROMPTS_SQL);
	int rc, ret = -1;

	if (!st)
		goto out;
	for (guint i = 0; i < photos->len; i++) {
		struct vox_photo *p = photos->pdata[i];

		g_hash_table_insert(by_id, &p->rowid, p);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		struct vox_photo *p = g_hash_table_lookup(by_id, &id);
		struct vox_caption *c;

		if (!p)
			continue;
		c = p->caption;
		if (sqlite3_column_int(st, 1)) {
			if (!c->translation)
				c->translation = vox_caption_new();
			c = c->translation;
		}
		g_ptr_array_add(c->prompt_keys, vox_catalog_col(st, 2));
		g_ptr_array_add(c->prompt_answers, vox_catalog_col(st, 3));
	}
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "prompt answers");
		goto out;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	g_hash_table_unref(by_id);
	return ret;
}

/* Runs a prepared photo query and collects the photos. */
static GPtrArray *
collect(vox_catalog *cat, sqlite3_stmt *st)
{
	GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)vox_photo_free);
	sqlite3_stmt *pst = NULL;
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_ptr_array_add(a, photo_row(cat, st));
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "select");
		goto fail;
	}
	if (a->len > PROMPTS_IN_ONE_PASS) {
		if (load_all_prompts(cat, a) != 0)
			goto fail;
		return a;
	}
	pst = vox_catalog_prepare(cat, PROMPTS_SQL);
	if (!pst)
		goto fail;
	for (guint i = 0; i < a->len; i++)
		if (load_prompts(cat, pst, a->pdata[i]) != 0)
			goto fail;
	sqlite3_finalize(pst);
	return a;
fail:
	sqlite3_finalize(pst);
	g_ptr_array_unref(a);
	return NULL;
}

GPtrArray *
vox_catalog_select(vox_catalog *cat, const struct vox_filter *f)
{
	struct vox_filter none = VOX_FILTER_INIT;
	GString *sql;
	sqlite3_stmt *st = NULL;
	GPtrArray *a = NULL;
	int64_t ids[5] = { 0 };
	const char *names[5];

	if (!f)
		f = &none;
	sql = g_string_new("SELECT " PHOTO_COLUMNS PHOTO_FROM);
	g_string_append(sql, f->withdrawn ? "WHERE p.audience >= 0" : "WHERE p.audience > 0");
	names[VOX_KIND_PAIR] = f->pair;
	names[VOX_KIND_SITE] = f->site;
	names[VOX_KIND_PARTICIPANT] = f->participant;
	names[VOX_KIND_SESSION] = f->session;
	names[VOX_KIND_THEME] = f->theme;
	/* Unknown names are errors (with a suggestion), not empty selections: a typo in a
	 * filter must not look like "no photos". */
	for (int k = 0; k < 5; k++)
		if (names[k] && (ids[k] = vox_catalog_lookup(cat, (enum vox_kind)k, names[k])) < 0)
			goto out;
	if (f->pair)
		g_string_append(sql, " AND s.pair_id = :pair");
	if (f->site)
		g_string_append(sql, " AND p.site_id = :site");
	if (f->participant)
		g_string_append(sql, " AND p.participant_id = :participant");
	if (f->session)
		g_string_append(sql, " AND p.session_id = :session");
	/* With a site, participant or session the photo index narrows first and each photo's
	 * themes are a primary-key probe; a theme alone drives from the theme index. (Left
	 * to itself the planner drives from the theme list, several times slower.) */
	if (f->theme && (f->site || f->participant || f->session))
		g_string_append(sql, " AND EXISTS (SELECT 1 FROM photo_theme pt "
		    "WHERE pt.photo_id = p.id AND pt.theme_id = :theme)");
	else if (f->theme)
		g_string_append(sql, " AND p.id IN (SELECT photo_id FROM photo_theme "
		    "WHERE theme_id = :theme)");
	if (f->audience > VOX_AUDIENCE_WITHDRAWN) {
		/* vox_consent_allows() in SQL: the same rule, so outputs and ls agree. */
		g_string_append(sql, " AND p.audience >= :audience");
		if (f->audience >= VOX_AUDIENCE_REPORT)
			g_string_append(sql, " AND p.people IN (0, 1)");
		if (f->audience == VOX_AUDIENCE_PUBLIC && !f->allow_sensitive_public)
			g_string_append(sql, " AND p.sensitive = 0");
	} else if (f->audience == VOX_AUDIENCE_WITHDRAWN) {
		g_string_append(sql, " AND 0");
	}
	if (f->people >= 0)
		g_string_append(sql, " AND p.people = :people");
	if (f->consent >= 0)
		g_string_append(sql, " AND p.audience = :consent");
	if (f->untagged)
		g_string_append(sql, " AND NOT EXISTS (SELECT 1 FROM photo_theme pt "
		    "WHERE pt.photo_id = p.id)");
	if (f->uncaptioned)
		g_string_append(sql, " AND coalesce(c.title, '') = '' AND "
		    "coalesce(c.story, '') = '' AND NOT EXISTS (SELECT 1 FROM caption_prompt cp "
		    "WHERE cp.photo_id = p.id AND cp.translation = 0)");
	if (f->no_alt)
		g_string_append(sql, " AND coalesce(c.alt, '') = ''");
	g_string_append(sql, " ORDER BY pr.slug, s.slug, pa.code, p.seq");
	st = vox_catalog_prepare(cat, sql->str);
	if (!st)
		goto out;
	{
		static const char *const params[5] = {
			":pair", ":site", ":participant", ":session", ":theme",
		};
		for (int k = 0; k < 5; k++)
			if (names[k])
				sqlite3_bind_int64(st,
				    sqlite3_bind_parameter_index(st, params[k]), ids[k]);
	}
	if (f->audience > 0)
		sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":audience"), f->audience);
	if (f->people >= 0)
		sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":people"), f->people);
	if (f->consent >= 0)
		sqlite3_bind_int(st, sqlite3_bind_parameter_index(st, ":consent"), f->consent);
	a = collect(cat, st);
out:
	sqlite3_finalize(st);
	g_string_free(sql, TRUE);
	return a;
}

static int
is_hex(const char *s)
{
	for (; *s; s++)
		if (!g_ascii_isxdigit(*s))
			return 0;
	return 1;
}

struct vox_photo *
vox_catalog_photo(vox_catalog *cat, const char *id)
{
	sqlite3_stmt *st = NULL;
	struct vox_photo *p = NULL;
	GPtrArray *a = NULL;
	size_t len = strlen(id);

	if (len >= 4 && len <= 64 && is_hex(id)) {
		char *lo = g_ascii_strdown(id, -1);
		char *hi = g_strconcat(lo, "g", NULL); /* 'g' sorts after every hex digit */

		st = vox_catalog_prepare(cat, "SELECT " PHOTO_COLUMNS PHOTO_FROM
		    "WHERE p.sha256 >= ?1 AND p.sha256 < ?2 LIMIT 3");
		if (st) {
			vox_catalog_bind_text(st, 1, lo);
			vox_catalog_bind_text(st, 2, hi);
		}
		g_free(lo);
		g_free(hi);
	} else if (strchr(id, '-')) {
		st = vox_catalog_prepare(cat, "SELECT " PHOTO_COLUMNS PHOTO_FROM
		    "WHERE p.ref = ?1 COLLATE NOCASE LIMIT 3");
		if (st)
			vox_catalog_bind_text(st, 1, id);
	} else {
		vox_error("catalog", "'%s': not a photo id (4 or more hex digits) or ref "
		    "(like P07-03)", id);
		return NULL;
	}
	if (!st)
		return NULL;
	a = collect(cat, st);
	if (!a)
		goto out;
	if (a->len == 0 && strchr(id, '-') && !is_hex(id)) {
		/* An old ref of a renamed participant names the same photo (R04-01 is P04-01). */
		g_autofree char *code = g_strndup(id, (gsize)(strrchr(id, '-') - id));
		g_autofree char *now = vox_catalog_participant_renamed(cat, code);

		if (now) {
			g_autofree char *ref = g_strconcat(now, strrchr(id, '-'), NULL);

			p = vox_catalog_photo(cat, ref);
			if (!p)
				vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such photo (%s was "
				    "renamed to %s)", id, code, now);
			goto out;
		}
	}
	if (a->len == 0) {
		vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such photo", id);
	} else if (a->len > 1) {
		vox_error("catalog", "'%s': ambiguous, matches %s photos", id,
		    a->len > 2 ? "several" : "2");
	} else {
		p = g_ptr_array_steal_index(a, 0);
	}
out:
	if (a)
		g_ptr_array_unref(a);
	sqlite3_finalize(st);
	return p;
}

/* Adding photos. */

int64_t
vox_catalog_photo_id(vox_catalog *cat, const char *sha256, char **ref, int *audience)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT id, ref, audience FROM photo "
	    "WHERE sha256 = ?");
	int64_t id = -1;
	int rc;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, sha256);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		if (ref)
			*ref = vox_catalog_col(st, 1);
		if (audience)
			*audience = sqlite3_column_int(st, 2);
	} else if (rc == SQLITE_DONE) {
		id = 0;
	} else {
		vox_catalog_db_error(cat, "photo");
	}
	sqlite3_finalize(st);
	return id;
}

int
vox_catalog_caption_valid(const struct vox_caption *c, const GPtrArray *prompts)
{
	for (int tr = 0; c && tr < 2; tr++, c = c->translation) {
		if (vox_catalog_check_text("title", c->title) ||
		    vox_catalog_check_text("story", c->story) ||
		    vox_catalog_check_text("alt text", c->alt) ||
		    vox_catalog_check_text("transcript", c->transcript) ||
		    vox_catalog_check_text("language", c->lang))
			return -1;
		if (c->lang && (!*c->lang || strlen(c->lang) > 35 ||
		    strspn(c->lang, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		    "0123456789-") != strlen(c->lang)))
			return vox_error("catalog", "'%s': not a language tag (like cy or en-GB)",
			    c->lang);
		for (guint i = 0; i < c->prompt_keys->len; i++) {
			const char *key = g_ptr_array_index(c->prompt_keys, i);
			guint k = 0;

			if (vox_catalog_check_text(key, g_ptr_array_index(c->prompt_answers, i)) != 0)
				return -1;
			if (!prompts)
				continue;
			while (k < prompts->len && strcmp(g_ptr_array_index(prompts, k), key) != 0)
				k++;
			if (k == prompts->len)
				return vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such "
				    "prompt (vox prompts lists them)", key);
		}
	}
	return 0;
}

int
vox_catalog_check_caption(vox_catalog *cat, const struct vox_caption *c)
{
	g_autoptr(GPtrArray) list = NULL, keys = NULL;

	if (!c)
		return 0;
	if (cat) {
		if (!(list = vox_catalog_prompts(cat)))
			return -1;
		keys = g_ptr_array_new();
		for (guint i = 0; i < list->len; i++)
			g_ptr_array_add(keys, ((struct vox_prompt *)g_ptr_array_index(list, i))->key);
	}
	return vox_catalog_caption_valid(c, keys);
}

int
vox_catalog_write_caption(vox_catalog *cat, int64_t id, const struct vox_caption *c)
{
	const struct vox_caption *t = c->translation;
	sqlite3_stmt *st = NULL;
	int ret = -1;

	st = vox_catalog_prepare(cat, "INSERT OR REPLACE INTO caption (photo_id, title, story, "
	    "alt, lang, tr_lang, tr_title, tr_story, tr_alt, transcript, tr_transcript) "
	    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	vox_catalog_bind_text(st, 2, c->title);
	vox_catalog_bind_text(st, 3, c->story);
	vox_catalog_bind_text(st, 4, c->alt);
	vox_catalog_bind_text(st, 5, c->lang);
	vox_catalog_bind_text(st, 6, t ? t->lang : NULL);
	vox_catalog_bind_text(st, 7, t ? t->title : NULL);
	vox_catalog_bind_text(st, 8, t ? t->story : NULL);
	vox_catalog_bind_text(st, 9, t ? t->alt : NULL);
	vox_catalog_bind_text(st, 10, c->transcript);
	vox_catalog_bind_text(st, 11, t ? t->transcript : NULL);
	if (vox_catalog_step(cat, st, "caption") != 0)
		goto out;
	sqlite3_finalize(st);
	st = vox_catalog_prepare(cat, "DELETE FROM caption_prompt WHERE photo_id = ?");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, id);
	if (vox_catalog_step(cat, st, "caption") != 0)
		goto out;
	sqlite3_finalize(st);
	st = vox_catalog_prepare(cat, "INSERT OR REPLACE INTO caption_prompt (photo_id, "
	    "translation, key, answer) VALUES (?, ?, ?, ?)");
	if (!st)
		goto out;
	for (int tr = 0; tr < 2; tr++) {
		const struct vox_caption *x = tr ? t : c;

		for (guint i = 0; x && i < x->prompt_keys->len; i++) {
			const char *answer = g_ptr_array_index(x->prompt_answers, i);

			if (!answer || !*answer)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, id);
			sqlite3_bind_int(st, 2, tr);
			vox_catalog_bind_text(st, 3, g_ptr_array_index(x->prompt_keys, i));
			vox_catalog_bind_text(st, 4, answer);
			if (vox_catalog_step(cat, st, "caption") != 0)
				goto out;
		}
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Adds the themes (slugs) to photo id after those it has. */
static int
add_themes(vox_catalog *cat, int64_t id, GPtrArray *themes, int *changes)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "INSERT OR IGNORE INTO photo_theme "
	    "(photo_id, theme_id, position) VALUES (?1, ?2, (SELECT coalesce(max(position), -1) "
	    "+ 1 FROM photo_theme WHERE photo_id = ?1))");
	int ret = -1;

	if (!st)
		return -1;
	for (guint i = 0; i < themes->len; i++) {
		int64_t tid = vox_catalog_lookup(cat, VOX_KIND_THEME, g_ptr_array_index(themes, i));

		if (tid < 0)
			goto out;
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, tid);
		if (vox_catalog_step(cat, st, "theme") != 0)
			goto out;
		if (changes)
			*changes += sqlite3_changes(cat->db);
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Applies the caption's consent words and flags over p's fields. */
static int
consent_from_caption(struct vox_photo *p)
{
	const struct vox_caption *c = p->caption;
	int v;

	if (c->consent) {
		v = vox_audience_parse(c->consent);
		if (v < 0)
			return vox_error("catalog", "'%s': not a consent level (private, group, "
			    "report, public)", c->consent);
		p->audience = (enum vox_audience)v;
	}
	if (c->people) {
		v = vox_people_parse(c->people);
		if (v < 0)
			return vox_error("catalog", "'%s': people is none, consented, unconsented "
			    "or unknown", c->people);
		p->people = (enum vox_people)v;
	}
	if (c->sensitive != VOX_FLAG_UNSET)
		p->sensitive = c->sensitive;
	if (c->minor != VOX_FLAG_UNSET)
		p->minor = c->minor;
	if (p->audience == VOX_AUDIENCE_WITHDRAWN)
		return vox_error("catalog", "a new photo cannot be added as withdrawn");
	return 0;
}

/* Parses "P07-03" into its code and number. */
static int
parse_ref(const char *ref, char **code, int64_t *seq)
{
	const char *dash = strrchr(ref, '-');
	char *end;

	if (!dash || dash == ref || !dash[1])
		return -1;
	errno = 0;
	*seq = g_ascii_strtoll(dash + 1, &end, 10);
	if (*end || errno || *seq <= 0)
		return -1;
	*code = g_strndup(ref, (gsize)(dash - ref));
	return 0;
}

/*
 * The row id of the photo's participant, created on first use at the photo's site; sets
 * p->participant to the code as declared ("P07" for a given "p07"), which makes the ref.
 */
static int
participant_of(vox_catalog *cat, struct vox_photo *p, int64_t *part)
{
	sqlite3_stmt *st = NULL;
	int ret = -1;

	*part = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, p->participant);
	if (*part < 0) {
		/* A renamed participant's old code (on a card's sidecars, a sheet) is theirs. */
		g_autofree char *now = vox_catalog_participant_renamed(cat, p->participant);

		if (now)
			*part = vox_catalog_lookup(cat, VOX_KIND_PARTICIPANT, now);
	}
	if (*part < 0) {
		vox_error_clear();
		st = vox_catalog_prepare(cat, "INSERT INTO participant (code, site_id, minor) "
		    "VALUES (?1, (SELECT id FROM site WHERE slug = ?2), ?3)");
		if (!st)
			goto out;
		vox_catalog_bind_text(st, 1, p->participant);
		vox_catalog_bind_text(st, 2, p->site);
		sqlite3_bind_int(st, 3, p->minor ? 1 : 0);
		if (vox_catalog_step(cat, st, "participant") != 0)
			goto out;
		*part = sqlite3_last_insert_rowid(cat->db);
		sqlite3_finalize(st);
		st = NULL;
	}
	st = vox_catalog_prepare(cat, "SELECT code FROM participant WHERE id = ?");
	if (!st)
		goto out;
	sqlite3_bind_int64(st, 1, *part);
	if (sqlite3_step(st) != SQLITE_ROW) {
		vox_catalog_db_error(cat, "participant");
		goto out;
	}
	g_free(p->participant);
	p->participant = vox_catalog_col(st, 0);
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/*
 * The row id of the photo's session (0 when it has none). Sessions, like participants, are
 * created on first use; their date is the one given, else the session's name when it
 * starts with a real date ("2024-03-02-…"; vox_catalog_session_date_guess()).
 */
static int
session_of(vox_catalog *cat, const struct vox_photo *p, int64_t *session)
{
	sqlite3_stmt *st;
	int ret;

	*session = 0;
	if (!p->session)
		return 0;
	*session = vox_catalog_lookup(cat, VOX_KIND_SESSION, p->session);
	if (*session >= 0)
		return 0;
	vox_error_clear();
	st = vox_catalog_prepare(cat, "INSERT INTO session (slug, site_id, date) "
	    "VALUES (?1, (SELECT id FROM site WHERE slug = ?2), ?3)");
	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, p->session);
	vox_catalog_bind_text(st, 2, p->site);
	if (p->session_date) {
		vox_catalog_bind_text(st, 3, p->session_date);
	} else {
		g_autofree char *date = vox_catalog_session_date_guess(p->session);

		vox_catalog_bind_text(st, 3, date);
	}
	ret = vox_catalog_step(cat, st, "session");
	if (ret == 0)
		*session = sqlite3_last_insert_rowid(cat->db);
	sqlite3_finalize(st);
	return ret;
}

/*
 * Keeps the ref the photo came with when it is free and of its participant; one taken by
 * another photo is refused, unless renumber, which, like a ref of another participant,
 * drops it. Sets *seq to the kept ref's number, else 0.
 */
static int
keep_given_ref(vox_catalog *cat, struct vox_photo *p, int renumber, int64_t *seq)
{
	sqlite3_stmt *st = NULL;
	g_autofree char *code = NULL;
	int64_t taken;
	int ret = -1;

	*seq = 0;
	if (!p->ref)
		return 0;
	if (parse_ref(p->ref, &code, seq) != 0)
		return vox_error("catalog", "'%s': not a ref (like P07-03)", p->ref);
	st = vox_catalog_prepare(cat, "SELECT count(*) FROM photo WHERE ref = ?");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, p->ref);
	if (sqlite3_step(st) != SQLITE_ROW) {
		vox_catalog_db_error(cat, "ref");
		goto out;
	}
	taken = sqlite3_column_int64(st, 0);
	if (taken && !renumber) {
		vox_error("catalog", "'%s': ref taken by another photo", p->ref);
		goto out;
	}
	if (taken || strcmp(code, p->participant) != 0) {
		g_free(p->ref);
		p->ref = NULL;
		*seq = 0;
	}
	ret = 0;
out:
	sqlite3_finalize(st);
	return ret;
}

/* Gives a photo without a ref the participant's next number, in *seq. */
static int
next_ref(vox_catalog *cat, struct vox_photo *p, int64_t part, int64_t *seq)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat,
	    "SELECT next_seq FROM participant WHERE id = ?");

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, part);
	if (sqlite3_step(st) != SQLITE_ROW) {
		vox_catalog_db_error(cat, "participant");
		sqlite3_finalize(st);
		return -1;
	}
	*seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	p->ref = g_strdup_printf("%s-%02" G_GINT64_FORMAT, p->participant, *seq);
	return 0;
}

/* Numbers are never given twice, even after a withdrawal or a renumbered import. */
static int
reserve_seq(vox_catalog *cat, int64_t part, int64_t seq)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat,
	    "UPDATE participant SET next_seq = max(next_seq, ?2 + 1) WHERE id = ?1");
	int ret;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, part);
	sqlite3_bind_int64(st, 2, seq);
	ret = vox_catalog_step(cat, st, "participant");
	sqlite3_finalize(st);
	return ret;
}

/* The photo's row; sets p->rowid. */
static int
insert_row(vox_catalog *cat, struct vox_photo *p, int64_t part, int64_t seq, int64_t site,
    int64_t session)
{
	sqlite3_stmt *st;
	int ret;

	st = vox_catalog_prepare(cat, "INSERT INTO photo (sha256, ext, ref, participant_id, seq, "
	    "site_id, session_id, width, height, orientation, audience, people, sensitive, minor, "
	    "source_name, added, changed, scrubbed, converted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
	    "?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, "
	    "coalesce(?16, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')), "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?17, ?18)");
	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, p->sha256);
	vox_catalog_bind_text(st, 2, p->ext);
	vox_catalog_bind_text(st, 3, p->ref);
	sqlite3_bind_int64(st, 4, part);
	sqlite3_bind_int64(st, 5, seq);
	if (site > 0)
		sqlite3_bind_int64(st, 6, site);
	if (session > 0)
		sqlite3_bind_int64(st, 7, session);
	sqlite3_bind_int(st, 8, p->width);
	sqlite3_bind_int(st, 9, p->height);
	sqlite3_bind_int(st, 10, p->orientation >= 1 && p->orientation <= 8 ? p->orientation : 1);
	sqlite3_bind_int(st, 11, p->audience);
	sqlite3_bind_int(st, 12, p->people);
	sqlite3_bind_int(st, 13, p->sensitive ? 1 : 0);
	sqlite3_bind_int(st, 14, p->minor ? 1 : 0);
	vox_catalog_bind_text(st, 15, p->source_name);
	vox_catalog_bind_text(st, 16, p->added);
	vox_catalog_bind_text(st, 17, p->scrubbed);
	vox_catalog_bind_text(st, 18, p->converted);
	ret = vox_catalog_step(cat, st, "photo");
	if (ret == 0)
		p->rowid = sqlite3_last_insert_rowid(cat->db);
	sqlite3_finalize(st);
	return ret;
}

int
vox_catalog_replace_themes(vox_catalog *cat, int64_t id, GPtrArray *themes)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "DELETE FROM photo_theme WHERE photo_id = ?");
	int ret;

	if (!st)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	ret = vox_catalog_step(cat, st, "theme");
	sqlite3_finalize(st);
	return ret == 0 ? add_themes(cat, id, themes, NULL) : -1;
}

/* Everything of the insert that happens under the write lock. */
static int
insert_photo(vox_catalog *cat, struct vox_photo *p, int renumber)
{
	int64_t part, site = 0, session, seq;

	if (participant_of(cat, p, &part) != 0)
		return -1;
	if (p->site && (site = vox_catalog_lookup(cat, VOX_KIND_SITE, p->site)) < 0)
		return -1;
	if (session_of(cat, p, &session) != 0 ||
	    keep_given_ref(cat, p, renumber, &seq) != 0 ||
	    (!p->ref && next_ref(cat, p, part, &seq) != 0) ||
	    reserve_seq(cat, part, seq) != 0 ||
	    insert_row(cat, p, part, seq, site, session) != 0 ||
	    vox_catalog_write_caption(cat, p->rowid, p->caption) != 0 ||
	    add_themes(cat, p->rowid, p->caption->themes, NULL) != 0 ||
	    vox_catalog_event(cat, "ingest", "add", p->ref, p->sha256) != 0)
		return -1;
	return 0;
}

/* Adds p with its bytes given either in memory or as a file of store/tmp/ (tmp). */
static int
add_photo(vox_catalog *cat, const void *bytes, size_t len, struct vox_store_tmp *tmp,
    struct vox_photo *p, int renumber, int *existed)
{
	char *date = NULL, *ref = NULL;
	int64_t id;
	int t, ret = -1, stored = 0, batched = 0;
	const char *what;

	*existed = 0;
	if (!p->caption)
		p->caption = vox_caption_new();
	what = p->source_name ? p->source_name : "photo";
	if (!vox_sha256_hex_valid(p->sha256)) {
		if (tmp)
			return vox_error("catalog", "'%s': no SHA-256 given", what);
		vox_sha256_hex(bytes, len, p->sha256);
	}
	if (!p->ext || !*p->ext)
		return vox_error("catalog", "'%s': no file type given", what);
	if (!p->participant)
		return vox_error("catalog", "'%s': no participant given (a ref needs one)", what);
	if (!vox_catalog_valid_slug(VOX_KIND_PARTICIPANT, p->participant))
		return vox_error("catalog", "'%s': a participant code is letters and digits "
		    "(like P07)", p->participant);
	if (p->session && !vox_catalog_valid_slug(VOX_KIND_SESSION, p->session))
		return vox_error("catalog", "'%s': a session name is lowercase letters, digits "
		    "and '-'", p->session);
	if (vox_catalog_check_utf8("source name", p->source_name) ||
	    vox_catalog_check_caption(NULL, p->caption) != 0 || consent_from_caption(p) != 0 ||
	    vox_catalog_resolve_themes(cat, p->caption) != 0)
		return -1;
	t = vox_catalog_is_tombstoned(cat, p->sha256);
	if (t < 0)
		return -1;
	if (t > 0) {
		date = vox_catalog_query_text(cat, "SELECT date FROM tombstone WHERE sha256 = ?",
		    p->sha256);
		vox_error("catalog", "'%s': withdrawn on %s; not added again", what,
		    date ? date : "an earlier day");
		g_free(date);
		return -1;
	}
	id = vox_catalog_photo_id(cat, p->sha256, &ref, NULL);
	if (id < 0)
		return -1;
	if (id > 0)
		goto existing;
	/* Everything that can be refused is checked before the bytes are stored, so that a
	 * refusal leaves no orphan behind. */
	if (p->site && vox_catalog_lookup(cat, VOX_KIND_SITE, p->site) < 0)
		return -1;
	/* The text was checked above; this looks the prompt keys up, the translation's too. */
	if (vox_catalog_check_caption(cat, p->caption) != 0)
		return -1;
	/* The file first, durable, then the row: a crash between them leaves an orphan that
	 * vox check reports, never a row without its file. */
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		return -1;
	if (vox_catalog_batch_has(cat, p->sha256)) {
		/* Stored by the open batch already, which removes it if the batch fails. */
		batched = 1;
	} else if (!bytes && !tmp) {
		vox_catalog_store_unlock(cat);
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': no bytes given", what);
	} else if ((tmp ? vox_store_tmp_commit(cat->dir, tmp, p->sha256, p->ext) :
	    vox_store_put(cat->dir, p->sha256, p->ext, bytes, len)) != 0) {
		vox_catalog_store_unlock(cat);
		return -1;
	} else {
		stored = 1;
	}
	if (vox_catalog_begin(cat) != 0)
		goto fail;
	/* Another process may have added the same bytes since the look above. */
	id = vox_catalog_photo_id(cat, p->sha256, &ref, NULL);
	if (id < 0)
		goto fail;
	if (id > 0) {
		vox_catalog_rollback(cat);
		goto existing;
	}
	if (insert_photo(cat, p, renumber) != 0 || vox_catalog_commit(cat) != 0)
		goto fail;
	vox_catalog_store_unlock(cat);
	g_free(p->path);
	p->path = vox_store_path(cat->dir, p->sha256, p->ext);
	return 0;
fail:
	vox_catalog_rollback(cat);
	if (stored) {
		/* Our file and nobody's row: remove it rather than leave an orphan. */
		char *keep = g_strdup(vox_error_message());
		enum vox_error_kind kind = vox_error_kind();

		/* Under the write lock, so that another process cannot have committed a
		 * row for the same bytes in between. */
		if (vox_catalog_begin(cat) == 0) {
			if (vox_catalog_photo_id(cat, p->sha256, NULL, NULL) == 0)
				vox_store_remove(cat->dir, p->sha256, p->ext);
			vox_catalog_rollback(cat);
		}
		vox_error_k(kind, "catalog", "%s", keep);
		g_free(keep);
	}
	if (stored || batched)
		vox_catalog_store_unlock(cat);
	return -1;
existing:
	if (stored || batched)
		vox_catalog_store_unlock(cat);
	*existed = 1;
	p->rowid = id;
	g_free(p->ref);
	p->ref = ref;
	g_free(p->path);
	{
		struct vox_photo *old = vox_catalog_photo(cat, p->sha256);

		if (!old)
			return -1;
		p->path = g_strdup(old->path);
		vox_photo_free(old);
	}
	ret = 0;
	return ret;
}

int
vox_catalog_add_photo(vox_catalog *cat, const void *bytes, size_t len, struct vox_photo *p,
    enum vox_taken_ref taken, int *existed)
{
	return add_photo(cat, bytes, len, NULL, p, taken == VOX_RENUMBER, existed);
}

int
vox_catalog_add_tmp(vox_catalog *cat, struct vox_store_tmp *tmp, struct vox_photo *p,
    enum vox_taken_ref taken, int *existed)
{
	int ret = add_photo(cat, NULL, 0, tmp, p, taken == VOX_RENUMBER, existed);

	/* Whatever was not moved into the store is removed. */
	vox_store_tmp_discard(tmp);
	return ret;
}
