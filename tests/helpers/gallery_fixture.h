#ifndef VOX_TEST_GALLERY_FIXTURE_H
#define VOX_TEST_GALLERY_FIXTURE_H

/*
 * The rich gallery of the gallery tests, built from photos held in memory (no catalog):
 * corpus JPEGs stand in for stored photos and still carry their camera metadata, which
 * proves that derivatives drop it. Two sites of one pair, two themes, two prompts; six
 * photos: group, public with consented people and a caption of markup, report with
 * unconsented people and a Welsh caption with its English translation, group without alt
 * text, private, withdrawn. Used by test_gallery.c and tests/cli/rich-gallery. Aborts the
 * program when a corpus file cannot be read.
 */

#include <glib.h>

#include "vox/catalog.h"
#include "vox/gallery.h"

#include "collection.h"

struct gallery_fixture {
	char *dir;   /* a new temporary folder, removed by gallery_fixture_fini() */
	char *cache; /* dir/cache */
	char *out;   /* dir/gallery, or the folder given */
	GPtrArray *photos, *pairs, *sites, *themes, *prompts;
	struct vox_catalog_names names; /* holds pairs … prompts, not owns them */
	struct vox_gallery_data data;
};

/* out NULL: the gallery goes in the temporary folder. */
void gallery_fixture_init(struct gallery_fixture *f, const char *out, tc_path_fn corpus);
/* Removes the temporary folder (not a given out) and frees everything. */
void gallery_fixture_fini(struct gallery_fixture *f);

/* One photo of the fixture's pair "cornwall", a corpus file standing in for a stored one. */
struct vox_photo *gallery_fixture_photo(tc_path_fn corpus, const char *file, const char *ref,
    const char *site, enum vox_audience a, enum vox_people people, const char *title,
    const char *alt);

#endif
