/*
 * A fixture for tests/cli/0410-gallery-a11y.t when the samples are missing: builds into OUT
 * the rich gallery of the gallery tests (tests/helpers/gallery_fixture.h) for the browser
 * checks: two sites, a Welsh caption with its translation, a caption of markup, a photo
 * without alt text.
 *
 *   rich-gallery OUT
 */
#include <stdio.h>

#include "vox/error.h"
#include "vox/gallery.h"

#include "../helpers/gallery_fixture.h"

int
main(int argc, char **argv)
{
	struct gallery_fixture f = { 0 };
	struct vox_gallery_opts o;
	struct vox_gallery_result res;
	int status = 0;

	if (argc != 2) {
		fputs("usage: rich-gallery OUT\n", stderr);
		return 2;
	}
	gallery_fixture_init(&f, argv[1], tc_env_corpus);
	vox_gallery_opts_init(&o);
	o.audience = VOX_AUDIENCE_GROUP;
	if (vox_gallery_build(&f.data, f.cache, f.out, &o, &res) != 0) {
		fprintf(stderr, "rich-gallery: %s\n", vox_error_message());
		status = 1;
	}
	vox_gallery_result_release(&res);
	gallery_fixture_fini(&f);
	return status;
}
