/*
 * The outputs built from the catalog and the photos each holds (privacy rule 9), so that a
 * withdrawal, a redaction or a lowered consent can name the galleries, booklets and
 * archives that still hold the photo, and vox outputs can rebuild them.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <glib.h>

#include "catalog_int.h"
#include "vox/consent.h"
#include "vox/error.h"

static const char *const kind_names[] = {
	[VOX_OUTPUT_GALLERY] = "gallery",
	[VOX_OUTPUT_BOOKLET] = "booklet",
	[VOX_OUTPUT_ARCHIVE] = "archive",
	[VOX_OUTPUT_REPORT] = "report",
};

const char *
vox_output_kind_name(enum vox_output_kind k)
{
	return (unsigned)k < G_N_ELEMENTS(kind_names) ? kind_names[k] : "?";
}

int
vox_output_kind_parse(const char *word)
{
	for (size_t i = 0; word && i < G_N_ELEMENTS(kind_names); i++)
		if (strcmp(word, kind_names[i]) == 0)
			return (int)i;
	return -1;
}

const char *
vox_output_state_name(enum vox_output_state s)
{
	switch (s) {
	case VOX_OUTPUT_OK: return "ok";
	case VOX_OUTPUT_STALE: return "stale";
	case VOX_OUTPUT_MISSING: return "missing";
	}
	return "?";
}

void
vox_output_free(struct vox_output *o)
{
	if (!o)
		return;
	g_free(o->path);
	g_free(o->options);
	g_free(o->built);
	g_free(o->reason);
	g_free(o);
}

/* path made absolute, with links resolved when it exists, so that one output has one
 * record however it was named and vox check can tell whether it is inside the collection. */
static char *
absolute(const char *path)
{
	char *real = realpath(path, NULL);
	char *ret;

	if (real) {
		ret = g_strdup(real);
		free(real);
		return ret;
	}
	return g_canonicalize_filename(path, NULL);
}

int
vox_catalog_output_record(vox_catalog *cat, enum vox_output_kind kind, const char *path,
    enum vox_audience audience, int allow_sensitive_public, const char *options,
    const GPtrArray *photos)
{
	g_autofree char *abs = absolute(path);
	sqlite3_stmt *st = NULL;
	int64_t id;
	int ret = -1, lifted = 0, begun = 0;

	if ((unsigned)kind >= G_N_ELEMENTS(kind_names) || audience < VOX_AUDIENCE_PRIVATE ||
	    audience > VOX_AUDIENCE_PUBLIC)
		return vox_error_k(VOX_ERR_USAGE, "catalog", "'%s': not an output to record",
		    path);
	/* The record is the one write the output tools make, which open the catalog to read
	 * so that they work on a collection they cannot write: lifted for it when the
	 * collection can be written after all, skipped when it cannot. */
	if (cat->readonly) {
		if (sqlite3_db_readonly(cat->db, "main") != 0)
			return 1;
		if (sqlite3_exec(cat->db, "PRAGMA query_only = OFF", NULL, NULL, NULL) != SQLITE_OK)
			return vox_catalog_db_error(cat, "record output");
		lifted = 1;
	}
	if (vox_catalog_begin(cat) != 0)
		goto out;
	begun = 1;
	/* Building to the same path again replaces what was there, and so its record. */
	st = vox_catalog_prepare(cat, "DELETE FROM output WHERE path = ?");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, abs);
	if (vox_catalog_step(cat, st, "record output") != 0)
		goto out;
	sqlite3_finalize(st);
	st = vox_catalog_prepare(cat, "INSERT INTO output (kind, path, audience, "
	    "allow_sensitive_public, options, built) VALUES (?, ?, ?, ?, ?, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))");
	if (!st)
		goto out;
	vox_catalog_bind_text(st, 1, kind_names[kind]);
	vox_catalog_bind_text(st, 2, abs);
	sqlite3_bind_int(st, 3, (int)audience);
	sqlite3_bind_int(st, 4, allow_sensitive_public ? 1 : 0);
	vox_catalog_bind_text(st, 5, options ? options : "{}");
	if (vox_catalog_step(cat, st, "record output") != 0)
		goto out;
	id = sqlite3_last_insert_rowid(cat->db);
	sqlite3_finalize(st);
	/* With the count of changes to the photo's caption it holds (catalog.c, 4 -> 5). */
	st = vox_catalog_prepare(cat, "INSERT OR IGNORE INTO output_photo (output_id, "
	    "photo_id, sha256, caption_rev) VALUES (?1, ?2, ?3, "
	    "(SELECT caption_rev FROM photo WHERE id = ?2))");
	if (!st)
		goto out;
	for (guint i = 0; photos && i < photos->len; i++) {
		const struct vox_photo *p = g_ptr_array_index(photos, i);

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, p->rowid);
		vox_catalog_bind_text(st, 3, p->sha256);
		if (vox_catalog_step(cat, st, "record output") != 0)
			goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	ret = vox_catalog_commit(cat);
out:
	if (st)
		sqlite3_finalize(st);
	if (ret != 0 && begun)
		vox_catalog_rollback(cat);
	if (lifted && sqlite3_exec(cat->db, "PRAGMA query_only = ON", NULL, NULL, NULL) !=
	    SQLITE_OK && ret == 0)
		ret = vox_catalog_db_error(cat, "record output");
	return ret;
}

/* Adds "REF why" to the reason of o, which is now stale. */
static void
stale(struct vox_output *o, const char *ref, const char *why)
{
	char *r = o->reason ? g_strdup_printf("%s, %s %s", o->reason, ref, why) :
	    g_strdup_printf("%s %s", ref, why);

	g_free(o->reason);
	o->reason = r;
	o->state = VOX_OUTPUT_STALE;
}

GPtrArray *
vox_catalog_outputs(vox_catalog *cat, int64_t photo_rowid)
{
	/* One row per output and photo it holds (the photo's columns NULL for none); the
	 * photo's consent now beside the bytes it had when the output was built. The photos
	 * are counted from these rows: a count in the query, once a row, took seconds for a
	 * gallery of ten thousand photos. */
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT o.id, o.kind, o.path, o.audience, "
	    "o.allow_sensitive_public, o.options, o.built, "
	    "p.ref, op.sha256, p.sha256, p.audience, p.people, p.sensitive, "
	    "op.caption_rev, p.caption_rev "
	    "FROM output o LEFT JOIN output_photo op ON op.output_id = o.id "
	    "LEFT JOIN photo p ON p.id = op.photo_id "
	    "WHERE ?1 <= 0 OR o.id IN (SELECT output_id FROM output_photo WHERE photo_id = ?1) "
	    "ORDER BY o.path, p.participant_id, p.seq");
	GPtrArray *a = g_ptr_array_new_with_free_func((GDestroyNotify)vox_output_free);
	struct vox_output *o = NULL;
	int rc;

	if (!st) {
		g_ptr_array_unref(a);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, photo_rowid);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *ref, *then, *now;

		if (!o || o->id != sqlite3_column_int64(st, 0)) {
			struct stat sb;

			o = g_new0(struct vox_output, 1);
			o->id = sqlite3_column_int64(st, 0);
			o->kind = (enum vox_output_kind)vox_output_kind_parse(
			    (const char *)sqlite3_column_text(st, 1));
			o->path = vox_catalog_col(st, 2);
			o->audience = (enum vox_audience)sqlite3_column_int(st, 3);
			o->allow_sensitive_public = sqlite3_column_int(st, 4);
			o->options = vox_catalog_col(st, 5);
			o->built = vox_catalog_col(st, 6);
			o->state = lstat(o->path, &sb) == 0 ? VOX_OUTPUT_OK : VOX_OUTPUT_MISSING;
			g_ptr_array_add(a, o);
		}
		if (sqlite3_column_type(st, 8) == SQLITE_NULL)
			continue;
		o->photos++;
		/* A missing output holds nothing any more. */
		if (o->state == VOX_OUTPUT_MISSING)
			continue;
		ref = (const char *)sqlite3_column_text(st, 7);
		then = (const char *)sqlite3_column_text(st, 8);
		now = (const char *)sqlite3_column_text(st, 9);
		if (!ref || !now)
			stale(o, then, "no longer in the catalog");
		else if (sqlite3_column_int(st, 10) == VOX_AUDIENCE_WITHDRAWN)
			stale(o, ref, "withdrawn");
		else if (strcmp(then, now) != 0)
			stale(o, ref, "redacted");
		else if (!vox_consent_allows((enum vox_audience)sqlite3_column_int(st, 10),
		    (enum vox_people)sqlite3_column_int(st, 11), sqlite3_column_int(st, 12),
		    o->audience, o->allow_sensitive_public))
			stale(o, ref, "no longer consented");
		/* The caption, prompt answers or voice story it shows were changed since: a
		 * name taken out of a story is still in the output. */
		else if (sqlite3_column_type(st, 13) != SQLITE_NULL &&
		    sqlite3_column_int64(st, 13) != sqlite3_column_int64(st, 14))
			stale(o, ref, "with its old caption");
	}
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "outputs");
		g_ptr_array_unref(a);
		a = NULL;
	}
	sqlite3_finalize(st);
	return a;
}
