#include <string.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/gallery.h"

/* Kept apart from gallery.c so that programs building galleries from data they hold
 * (tests, booklets) do not need the catalog. */
int
vox_gallery_build_catalog(vox_catalog *cat, const struct vox_filter *filter,
    const char *outdir, const struct vox_gallery_opts *opts, struct vox_gallery_result *res)
{
	struct vox_filter f = VOX_FILTER_INIT;
	struct vox_catalog_names names = { 0 };
	struct vox_gallery_data data = { 0 };
	g_autofree char *cache = NULL;
	int ret = -1;

	memset(res, 0, sizeof(*res));
	if (filter)
		f = *filter;
	f.audience = (int)opts->audience;
	f.allow_sensitive_public = opts->allow_sensitive_public;
	if (!(data.photos = vox_catalog_select(cat, &f)) ||
	    vox_catalog_names_load(cat, &names) != 0)
		goto out;
	data.names = &names;
	cache = g_build_filename(vox_catalog_dir(cat), "cache", NULL);
	ret = vox_gallery_build(&data, cache, outdir, opts, res);
out:
	if (!res->warnings)
		res->warnings = g_ptr_array_new_with_free_func(g_free);
	if (data.photos)
		g_ptr_array_unref(data.photos);
	vox_catalog_names_release(&names);
	return ret;
}
