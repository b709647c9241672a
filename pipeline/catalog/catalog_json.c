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
	    sqlite3_prepare_v2(j->db, "SELECT json_type(?1, ?2), json_extract(?1, ?2)", -1,
	    &j->get, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(j->db, "SELECT key, value FROM json_each(?1, ?2)", -1, &j->each,
	    NULL) != SQLITE_OK) {
		vox_error("catalog", "JSON reader: %s",
		    j->db ? sqlite3_errmsg(j->db) : "cannot open");
		vox_catalog_json_close(j);
		return NULL;
	}
	return j;
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
		*type = g_strdup((const char *)sqlite3_column_text(j->get, 0));
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

	sqlite3_reset(j->each);
	sqlite3_bind_text(j->each, 1, doc, -1, SQLITE_STATIC);
	sqlite3_bind_text(j->each, 2, path, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(j->each)) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(j->each, 1);

		if (a->len >= max) {
			vox_error("catalog", "'%s': too many elements in '%s'", j->name, key);
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
