/*
 * Reading JSON documents (an archive's catalog.json) through SQLite's JSON functions, so
 * that photovox has no JSON parser of its own; an in-memory database does the parsing.
 */
#include <string.h>

#include <glib.h>
#include <sqlite3.h>

#include "vox/catalog.h"
#include "vox/error.h"

struct vox_catalog_json_reader {
	char *name;
	sqlite3 *db;
	sqlite3_stmt *get, *each;
};

vox_catalog_json_reader *
vox_catalog_json_open(const char *name)
{
	vox_catalog_json_reader *j = g_new0(vox_catalog_json_reader, 1);

	j->name = g_strdup(name);
	if (sqlite3_open_v2(":memory:", &j->db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(j->db, "SELECT json_type(?1, ?2), json_extract(?1, ?2), "
	    "?1 -> ?2", -1, &j->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(j->db, "SELECT key, value, type, CASE WHEN type = 'text' "
	    "THEN ?1 -> fullkey END FROM json_each(?1, ?2)", -1, &j->each, NULL) !=
	    SQLITE_OK) {
		vox_error("catalog", "JSON reader: %s",
		    j->db ? sqlite3_errmsg(j->db) : "cannot open");
		vox_catalog_json_close(j);
		return NULL;
	}
	return j;
}

/*
 * Whether the JSON text raw (a value as written in the document) holds the escape \u0000.
 * SQLite's JSON functions end a string at a NUL without a word, so "title": "a\u0000b"
 * would read as "a": such text is refused instead, as ingest refuses a NUL byte.
 */
static int
has_nul(const char *raw)
{
	for (const char *p = raw; p && *p; p++) {
		if (*p != '\\')
			continue;
		if (p[1] == 'u' && strncmp(p + 2, "0000", 4) == 0)
			return 1;
		if (p[1])
			p++;
	}
	return 0;
}

static int
nul_error(vox_catalog_json_reader *j, const char *key)
{
	return vox_error("catalog", "'%s': '%s' holds a NUL character (\\u0000), not text",
	    j->name, key);
}

size_t
vox_catalog_json_count_values(const char *doc, size_t len)
{
	/* Every value but the first follows a ',' or a ':' or opens an array or object, and
	 * every member name is followed by a ':': so this bounds what SQLite makes a node of
	 * (16 bytes each), from text that is only scanned, never parsed. */
	size_t n = 1;
	int in_string = 0;

	for (size_t i = 0; i < len; i++) {
		char c = doc[i];

		if (in_string) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_string = 0;
		} else if (c == '"') {
			in_string = 1;
		} else if (c == ',' || c == '[' || c == '{') {
			n++;
		} else if (c == ':') {
			n += 2;
		}
	}
	return n;
}

void
vox_catalog_json_close(vox_catalog_json_reader *j)
{
	if (!j)
		return;
	sqlite3_finalize(j->get);
	sqlite3_finalize(j->each);
	sqlite3_close(j->db);
	g_free(j->name);
	g_free(j);
}

int
vox_catalog_json_get(vox_catalog_json_reader *j, const char *doc, const char *key,
    char **type, char **value)
{
	char *path = g_strdup_printf("$.%s", key);
	int rc, ret = -1;

	*type = *value = NULL;
	sqlite3_reset(j->get);
	sqlite3_bind_text(j->get, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(j->get, 2, path, -1, SQLITE_STATIC);
	rc = sqlite3_step(j->get);
	if (rc != SQLITE_ROW) {
		vox_error("catalog", "'%s': %s", j->name, sqlite3_errmsg(j->db));
		goto out;
	}
	if (sqlite3_column_type(j->get, 0) != SQLITE_NULL) {
		const char *t = (const char *)sqlite3_column_text(j->get, 0);

		if (strcmp(t, "text") == 0 && has_nul((const char *)sqlite3_column_text(j->get,
		    2))) {
			nul_error(j, key);
			goto out;
		}
		*type = g_strdup(t);
		if (sqlite3_column_type(j->get, 1) != SQLITE_NULL)
			*value = g_strdup((const char *)sqlite3_column_text(j->get, 1));
	}
	ret = 0;
out:
	/* Reset before path is freed: the statement holds it until then. */
	sqlite3_reset(j->get);
	sqlite3_clear_bindings(j->get);
	g_free(path);
	return ret;
}

GPtrArray *
vox_catalog_json_each(vox_catalog_json_reader *j, const char *doc, const char *key,
    GPtrArray *keys, guint max)
{
	char *path = g_strdup_printf("$.%s", key);
	GPtrArray *a = g_ptr_array_new_with_free_func(g_free);
	int rc;

	/* Members' names: a NUL in one shows in the object as written. */
	if (keys) {
		int nul;

		sqlite3_reset(j->get);
		sqlite3_bind_text(j->get, 1, doc, -1, SQLITE_STATIC);
		sqlite3_bind_text(j->get, 2, path, -1, SQLITE_STATIC);
		rc = sqlite3_step(j->get);
		nul = rc == SQLITE_ROW && has_nul((const char *)sqlite3_column_text(j->get, 2));
		if (rc != SQLITE_ROW)
			vox_error("catalog", "'%s': %s", j->name, sqlite3_errmsg(j->db));
		sqlite3_reset(j->get);
		sqlite3_clear_bindings(j->get);
		if (nul)
			nul_error(j, key);
		if (nul || rc != SQLITE_ROW)
			goto fail;
	}
	sqlite3_reset(j->each);
	sqlite3_bind_text(j->each, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(j->each, 2, path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(j->each)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(j->each, 1);
		const char *type = (const char *)sqlite3_column_text(j->each, 2);

		if (a->len >= max) {
			vox_error("catalog", "'%s': too many elements in '%s'", j->name, key);
			goto fail;
		}
		/* A text element as written (elements that are objects or arrays keep their
		 * escapes, for vox_catalog_json_get() to find). */
		if (type && strcmp(type, "text") == 0 &&
		    has_nul((const char *)sqlite3_column_text(j->each, 3))) {
			nul_error(j, key);
			goto fail;
		}
		g_ptr_array_add(a, g_strdup(v ? v : ""));
		if (keys) {
			const char *k = (const char *)sqlite3_column_text(j->each, 0);

			g_ptr_array_add(keys, g_strdup(k ? k : ""));
		}
	}
	if (rc != SQLITE_DONE) {
		vox_error("catalog", "'%s': %s", j->name, sqlite3_errmsg(j->db));
		goto fail;
	}
	goto out;
fail:
	g_ptr_array_unref(a);
	a = NULL;
out:
	sqlite3_reset(j->each);
	sqlite3_clear_bindings(j->each);
	g_free(path);
	return a;
}
