/*
 * Naming the outputs that still hold a photo, for the tools that change one (privacy
 * rule 9).
 */
#include <glib.h>

#include "vox/catalog.h"

#include "cli.h"
#include "outputs.h"

int
vox_cli_stale_outputs(vox_catalog *cat, int64_t photo_rowid, const char *lead)
{
	/* Withdrawing a participant's twenty photos names their gallery once, not twenty
	 * times: each output is named once a run. */
	static GHashTable *named;
	GPtrArray *outs = vox_catalog_outputs(cat, photo_rowid);
	int n = 0;

	if (!outs) {
		vox_warn_error();
		return -1;
	}
	for (guint i = 0; i < outs->len; i++) {
		const struct vox_output *o = outs->pdata[i];

		if (o->state != VOX_OUTPUT_STALE)
			continue;
		n++;
		if (!named)
			named = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
		if (!g_hash_table_add(named, g_strdup(o->path)))
			continue;
		vox_warn("%s: %s %s (built %s); rebuild with vox outputs --rebuild",
		    lead ? lead : "still in", vox_output_kind_name(o->kind), o->path, o->built);
	}
	g_ptr_array_unref(outs);
	return n;
}
