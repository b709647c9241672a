/*
 * A fixture for tests/cli/0600-review.t: makes, in DIR, the booklet collection of the
 * review tests (tests/helpers/collection.h): P07 with a Welsh caption and its English
 * translation, a caption of markup and a withdrawn photo; P08 someone else.
 *
 *   review-collection DIR
 */
#include <stdio.h>

#include <vips/vips.h>

#include "../helpers/collection.h"

int
main(int argc, char **argv)
{
	struct vox_photo *photos[4];
	vox_catalog *cat;

	if (argc != 2) {
		fputs("usage: review-collection DIR\n", stderr);
		return 2;
	}
	if (VIPS_INIT(argv[0]) != 0) {
		fprintf(stderr, "review-collection: %s\n", vips_error_buffer());
		return 3;
	}
	cat = tc_review_collection(argv[1], tc_env_corpus, photos);
	for (int i = 0; i < 4; i++)
		vox_photo_free(photos[i]);
	vox_catalog_close(cat);
	return 0;
}
