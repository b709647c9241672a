/*
 * A collection's languages, the names of pairs, sites, themes and prompts in each of them
 * (table name_lang), finding a thing by any of its names, and the covers of pairs and
 * sites.
 */
#include <string.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/error.h"
#include "vox/html.h"

/* kind as name_lang's column holds it; NULL when kind has no names per language. */
static const char *
lang_kind(const char *kind)
{
	static const char *const kinds[] = { "pair", "site", "theme", "prompt" };

	for (size_t i = 0; kind && i < G_N_ELEMENTS(kinds); i++)
		if (strcmp(kind, kinds[i]) == 0)
			return kinds[i];
	return NULL;
}

int
vox_catalog_lang_valid(const char *tag)
{
	/* A primary language subtag of two or three letters, then optional subtags. */
	size_t n = 0;

	if (!vox_html_lang_ok(tag))
		return 0;
	while (g_ascii_isalpha(tag[n]))
		n++;
	return (n == 2 || n == 3) && (tag[n] == '\0' || tag[n] == '-');
}

char *
vox_catalog_lang(vox_catalog *cat)
{
	char *l = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = 'lang'", NULL);

	return l ? l : g_strdup("en");
}

char *
vox_catalog_ui_langs(vox_catalog *cat)
{
	char *l = vox_catalog_query_text(cat, "SELECT value FROM meta WHERE key = 'ui_langs'",
	    NULL);

	return l ? l : vox_catalog_lang(cat);
}

static int
set_meta(vox_catalog *cat, const char *key, const char *value)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "INSERT INTO meta (key, value) "
	    "VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	int ret;

	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, key);
	vox_catalog_bind_text(st, 2, value);
	ret = vox_catalog_step(cat, st, "languages");
	sqlite3_finalize(st);
	return ret < 0 ? -1 : 0;
}

int
vox_catalog_set_langs(vox_catalog *cat, const char *lang, const char *ui_langs)
{
	int ret = -1;

	if (lang && !vox_catalog_lang_valid(lang))
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not a language tag (en, cy, "
		    "pl …)", lang);
	if (ui_langs) {
		g_auto(GStrv) l = g_strsplit(ui_langs, "+", -1);

		if (!l[0] || g_strv_length(l) > 2 ||
		    (l[1] && strcmp(l[0], l[1]) == 0))
			return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': interface languages are "
			    "one language or two joined by '+' (cy+en)", ui_langs);
		for (int i = 0; l[i]; i++)
			if (!vox_catalog_lang_valid(l[i]))
				return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not a language "
				    "tag (en, cy, pl …)", l[i]);
	}
	if (vox_catalog_begin(cat) != 0)
		return -1;
	if ((lang && set_meta(cat, "lang", lang) != 0) ||
	    (ui_langs && set_meta(cat, "ui_langs", ui_langs) != 0))
		goto out;
	ret = vox_catalog_commit(cat);
out:
	if (ret != 0)
		vox_catalog_rollback(cat);
	return ret;
}

int
vox_catalog_name_set(vox_catalog *cat, const char *kind, const char *key, const char *lang,
    const char *name)
{
	const char *k = lang_kind(kind);
	sqlite3_stmt *st;
	int ret;

	if (!k)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': only pairs, sites, themes and "
		    "prompts have names per language", kind ? kind : "");
	if (!vox_catalog_lang_valid(lang))
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not a language tag (en, cy, "
		    "pl …)", lang ? lang : "");
	if (name && *name && vox_catalog_check_text(lang, name) != 0)
		return -1;
	if (strcmp(k, "prompt") == 0) {
		char *q = vox_catalog_query_text(cat, "SELECT key FROM prompt WHERE key = ?", key);

		if (!q)
			return vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such prompt", key);
		g_free(q);
	} else {
		enum vox_kind vk = strcmp(k, "pair") == 0 ? VOX_KIND_PAIR :
		    strcmp(k, "site") == 0 ? VOX_KIND_SITE : VOX_KIND_THEME;

		if (vox_catalog_lookup(cat, vk, key) < 0)
			return -1;
	}
	st = vox_catalog_prepare(cat, name && *name ?
	    "INSERT INTO name_lang (kind, key, lang, name) VALUES (?1, ?2, ?3, ?4) "
	    "ON CONFLICT (kind, key, lang) DO UPDATE SET name = excluded.name" :
	    "DELETE FROM name_lang WHERE kind = ?1 AND key = ?2 AND lang = ?3");
	if (!st)
		return -1;
	vox_catalog_bind_text(st, 1, k);
	vox_catalog_bind_text(st, 2, key);
	vox_catalog_bind_text(st, 3, lang);
	if (name && *name)
		vox_catalog_bind_text(st, 4, name);
	ret = vox_catalog_step(cat, st, "name");
	sqlite3_finalize(st);
	return ret < 0 ? -1 : 0;
}

int
vox_catalog_set_name(vox_catalog *cat, enum vox_kind kind, const char *slug, const char *name)
{
	static const char *const sql[] = {
		[VOX_KIND_PAIR] = "UPDATE pair SET name = ?1 WHERE id = ?2",
		[VOX_KIND_SITE] = "UPDATE site SET name = ?1 WHERE id = ?2",
		[VOX_KIND_THEME] = "UPDATE theme SET name = ?1 WHERE id = ?2",
	};
	sqlite3_stmt *st;
	int64_t id;
	int ret;

	if (kind != VOX_KIND_PAIR && kind != VOX_KIND_SITE && kind != VOX_KIND_THEME)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "only pairs, sites and themes have "
		    "names");
	if (name && *name && vox_catalog_check_text("name", name) != 0)
		return -1;
	if ((id = vox_catalog_lookup(cat, kind, slug)) < 0)
		return -1;
	if (!(st = vox_catalog_prepare(cat, sql[kind])))
		return -1;
	vox_catalog_bind_text(st, 1, name && *name ? name : NULL);
	sqlite3_bind_int64(st, 2, id);
	ret = vox_catalog_step(cat, st, "name");
	sqlite3_finalize(st);
	return ret < 0 ? -1 : 0;
}

GHashTable *
vox_catalog_lang_names(vox_catalog *cat)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT kind, key, lang, name FROM name_lang");
	GHashTable *h;
	int rc;

	if (!st)
		return NULL;
	h = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		g_hash_table_insert(h, g_strdup_printf("%s\037%s\037%s",
		    (const char *)sqlite3_column_text(st, 0), (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2)), vox_catalog_col(st, 3));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		g_hash_table_unref(h);
		vox_catalog_db_error(cat, "names");
		return NULL;
	}
	return h;
}

char *
vox_catalog_find_named(vox_catalog *cat, const char *kind, const char *text)
{
	static const struct {
		const char *kind, *sql;
	} q[] = {
		{ "pair", "SELECT slug FROM pair WHERE slug = ?1 COLLATE NOCASE OR "
		    "name = ?1 COLLATE NOCASE UNION ALL SELECT key FROM name_lang "
		    "WHERE kind = 'pair' AND name = ?1 COLLATE NOCASE LIMIT 1" },
		{ "site", "SELECT slug FROM site WHERE slug = ?1 COLLATE NOCASE OR "
		    "name = ?1 COLLATE NOCASE UNION ALL SELECT key FROM name_lang "
		    "WHERE kind = 'site' AND name = ?1 COLLATE NOCASE LIMIT 1" },
		{ "theme", "SELECT slug FROM theme WHERE slug = ?1 COLLATE NOCASE OR "
		    "name = ?1 COLLATE NOCASE UNION ALL SELECT key FROM name_lang "
		    "WHERE kind = 'theme' AND name = ?1 COLLATE NOCASE LIMIT 1" },
		{ "prompt", "SELECT key FROM prompt WHERE key = ?1 COLLATE NOCASE OR "
		    "question = ?1 COLLATE NOCASE UNION ALL SELECT key FROM name_lang "
		    "WHERE kind = 'prompt' AND name = ?1 COLLATE NOCASE LIMIT 1" },
	};
	g_autofree char *trimmed = NULL;

	if (!text)
		return NULL;
	trimmed = g_strstrip(g_strdup(text));
	for (size_t i = 0; i < G_N_ELEMENTS(q); i++)
		if (kind && strcmp(kind, q[i].kind) == 0) {
			char *slug = vox_catalog_query_text(cat, q[i].sql, trimmed);

			if (!slug)
				vox_error_k(VOX_ERR_NOT_FOUND, "catalog", "'%s': no such %s", trimmed,
				    kind);
			return slug;
		}
	vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not a kind with names", kind ? kind : "");
	return NULL;
}

int
vox_catalog_set_cover(vox_catalog *cat, enum vox_kind kind, const char *slug,
    const char *photo)
{
	g_autofree char *sql = NULL;
	struct vox_photo *p = NULL;
	sqlite3_stmt *st;
	int64_t id;
	int ret = -1;

	if (kind != VOX_KIND_PAIR && kind != VOX_KIND_SITE)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "only pairs and sites have a cover");
	if ((id = vox_catalog_lookup(cat, kind, slug)) < 0)
		return -1;
	if (photo && *photo) {
		if (!(p = vox_catalog_photo(cat, photo)))
			return -1;
		if (kind == VOX_KIND_SITE ? !p->site || strcmp(p->site, slug) != 0 :
		    !p->pair || strcmp(p->pair, slug) != 0) {
			vox_error("catalog", "'%s': photo %s is not from %s '%s'", photo, p->ref,
			    vox_kind_name(kind), slug);
			goto out;
		}
	}
	sql = g_strdup_printf("UPDATE %s SET cover_photo_id = ?1 WHERE id = %" G_GINT64_FORMAT,
	    kind == VOX_KIND_PAIR ? "pair" : "site", id);
	if (!(st = vox_catalog_prepare(cat, sql)))
		goto out;
	if (p)
		sqlite3_bind_int64(st, 1, p->rowid);
	else
		sqlite3_bind_null(st, 1);
	ret = vox_catalog_step(cat, st, "cover") < 0 ? -1 : 0;
	sqlite3_finalize(st);
out:
	if (p)
		vox_photo_free(p);
	return ret;
}
