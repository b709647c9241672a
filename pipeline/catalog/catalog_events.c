/*
 * The catalog's history of photos (the event table) for the records a deposit carries:
 * when consent was given and changed, when a photo was redacted. Events hold no caption
 * text and no names; their detail is what the tool that wrote them put there.
 */
#include <glib.h>
#include <sqlite3.h>

#include "catalog_int.h"

void
vox_event_free(struct vox_event *e)
{
	if (!e)
		return;
	g_free(e->time);
	g_free(e->tool);
	g_free(e->action);
	g_free(e->ref);
	g_free(e->detail);
	g_free(e);
}

GPtrArray *
vox_catalog_photo_events(vox_catalog *cat)
{
	sqlite3_stmt *st = vox_catalog_prepare(cat, "SELECT time, tool, action, ref, detail "
	    "FROM event WHERE ref IS NOT NULL ORDER BY id");
	GPtrArray *a;
	int rc;

	if (!st)
		return NULL;
	a = g_ptr_array_new_with_free_func((GDestroyNotify)vox_event_free);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct vox_event *e = g_new0(struct vox_event, 1);

		e->time = vox_catalog_col(st, 0);
		e->tool = vox_catalog_col(st, 1);
		e->action = vox_catalog_col(st, 2);
		e->ref = vox_catalog_col(st, 3);
		e->detail = vox_catalog_col(st, 4);
		g_ptr_array_add(a, e);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		vox_catalog_db_error(cat, "events");
		g_ptr_array_unref(a);
		return NULL;
	}
	return a;
}
