#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>

#include "vox/store.h"
#include "vox/catalog.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/gallery.h"
#include "vox/json.h"
#include "vox/outputs.h"

/* Records the gallery just built, with the options that rebuild it (vox/outputs.h).
 * photos is the selection; consent kept none of it out, as the catalog selected by the
 * gallery's audience. */
static int
record(vox_catalog *cat, const struct vox_filter *f, const char *outdir,
    const struct vox_gallery_opts *opts, GPtrArray *photos)
{
	GString *o = g_string_new(NULL);
	struct vox_json j;
	int ret;

	vox_json_init(&j, o, VOX_JSON_COMPACT);
	vox_json_object_begin(&j);
	vox_output_json_filter(&j, f);
	vox_json_key_string(&j, "lang", opts->lang);
	vox_json_key_bool(&j, "strict", opts->strict);
	vox_json_object_end(&j);
	ret = vox_catalog_output_record(cat, VOX_OUTPUT_GALLERY, outdir, opts->audience,
	    opts->allow_sensitive_public, o->str, photos);
	g_string_free(o, TRUE);
	return ret;
}

/* The voice stories of photos, each verified against its name (privacy rule 8): one
 * missing or replaced is left out with a warning in left_out, the photo kept. */
static GHashTable *
gallery_stories(vox_catalog *cat, GPtrArray *photos, GPtrArray **left_out)
{
	GHashTable *t = g_hash_table_new_full(NULL, NULL, NULL, (GDestroyNotify)vox_audio_free);

	for (guint i = 0; photos && i < photos->len; i++) {
		const struct vox_photo *p = photos->pdata[i];
		struct vox_audio *a = NULL;

		if (vox_catalog_audio(cat, p->rowid, &a) <= 0) {
			vox_error_clear();
			continue;
		}
		if (vox_store_verify(a->path, a->sha256) != 0) {
			g_ptr_array_add(*left_out, g_strdup_printf("'%s': its voice story left out: "
			    "%s", p->ref, vox_error_message()));
			vox_error_clear();
			vox_audio_free(a);
			continue;
		}
		g_hash_table_insert(t, (gpointer)p, a);
	}
	return t;
}

/* Kept apart from gallery.c so that programs building galleries from data they hold
 * (tests, booklets) do not need the catalog. */
int
vox_gallery_build_catalog(vox_catalog *cat, const struct vox_filter *filter,
    const char *outdir, const struct vox_gallery_opts *opts, struct vox_gallery_result *res)
{
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_catalog_names names = { 0 };
	struct vox_gallery_data data = { 0 };
	struct vox_gallery_opts o = *opts;
	g_autofree char *cache = NULL;
	g_autofree char *langs = NULL;
	int ret = -1, tmp_cache = 0;
	g_autoptr(GPtrArray) left_out = g_ptr_array_new_with_free_func(g_free);

	memset(res, 0, sizeof(*res));
	if (filter)
		f = *filter;
	f.audience = (int)opts->audience;
	f.allow_sensitive_public = opts->allow_sensitive_public;
	/* Never among the collection's own files (store/, cache/ …). */
	if (vox_output_place(vox_catalog_dir(cat), outdir) != 0)
		goto out;
	if (!(data.photos = vox_catalog_select(cat, &f)) ||
	    vox_catalog_names_load(cat, &names) != 0)
		goto out;
	data.names = &names;
	/* The collection's interface languages unless told: the record keeps the ones used,
	 * so a rebuild speaks as this build did. */
	if (!o.lang)
		o.lang = langs = vox_catalog_ui_langs(cat);
	opts = &o;
	data.audio = gallery_stories(cat, data.photos, &left_out);
	/* A read-only collection (a read-only mount, another user's folder) cannot keep its
	 * derivatives: they are made in a temporary cache that goes once the gallery is
	 * built, which holds its own copies. */
	if (!(cache = vox_derive_cache(vox_catalog_dir(cat), &tmp_cache)))
		goto out;
	ret = vox_gallery_build(&data, cache, outdir, opts, res);
	if (ret == 0 && !opts->unrecorded) {
		int r = record(cat, &f, outdir, opts, data.photos);

		if (r < 0)
			ret = -1;
		else if (r > 0 && res->warnings)
			g_ptr_array_add(res->warnings, g_strdup_printf("'%s': not recorded, the "
			    "collection cannot be written: a withdrawal will not name it", outdir));
	}
out:
	/* Copies of the photos must not stay behind in a temporary folder. */
	if (tmp_cache && vox_remove_tree(cache) != 0 && ret == 0)
		ret = vox_error_system("gallery", "'%s': temporary cache not removed", cache);
	if (!res->warnings)
		res->warnings = g_ptr_array_new_with_free_func(g_free);
	for (guint i = 0; i < left_out->len; i++)
		g_ptr_array_add(res->warnings, g_strdup(left_out->pdata[i]));
	if (data.audio)
		g_hash_table_destroy(data.audio);
	if (data.photos)
		g_ptr_array_unref(data.photos);
	vox_catalog_names_release(&names);
	return ret;
}
