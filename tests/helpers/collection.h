#ifndef VOX_TEST_COLLECTION_H
#define VOX_TEST_COLLECTION_H

/*
 * Collections for tests, made through the library's API the way vox init, the curation
 * tools and vox ingest make them: one builder shared by the Criterion suites and the
 * fixture programs of tests/cli/. Every function aborts the program with a message when the
 * library refuses: a fixture that cannot be built is a failed test, never a smaller fixture.
 */

#include <stddef.h>

#include <glib.h>

#include "vox/catalog.h"

/* Where a corpus file is, newly allocated: each caller passes its own corpus() function. */
typedef char *(*tc_path_fn)(const char *rel);

/* For the fixture programs: rel in the repository's tests/corpus (corpus_file()). */
char *tc_env_corpus(const char *rel);

/* Aborts with "fixture: what: the library's last error". */
G_NORETURN void tc_die(const char *what);

/* Creates a collection in dir and opens it; title NULL keeps the default. */
vox_catalog *tc_create(const char *dir, const char *title);

void tc_pair(vox_catalog *cat, const char *slug, const char *name);
void tc_site(vox_catalog *cat, const char *slug, const char *name, const char *pair,
    const char *setting);
void tc_participant(vox_catalog *cat, const char *code, const char *site, const char *name,
    int minor);
void tc_session(vox_catalog *cat, const char *slug, const char *site, const char *date);

/* Records bytes as photo p (p->participant set); fills p->sha256, p->ref and p->path. */
void tc_add(vox_catalog *cat, const void *bytes, size_t len, struct vox_photo *p);

enum {
	TC_SCRUB = 1,   /* store the scrubbed bytes, as vox ingest does */
	TC_MEASURE = 2, /* set p's width, height and orientation from the file (libvips) */
};

/* Records the file at path as photo p, with TC_ flags. */
void tc_add_file(vox_catalog *cat, const char *path, struct vox_photo *p, int flags);

/*
 * The Cornwall collection of the gallery tests (test_gallery.c, tests/cli/0400-gallery.t):
 * two sites, P01 "Jane Secretname" and P02 "Ann Hiddenname", five scrubbed corpus photos —
 * group, public with consented people and a caption of markup, report with unconsented
 * people ("Faces at the gate"), private ("Kept private"), group without alt text.
 */
void tc_gallery_collection(const char *dir, tc_path_fn corpus);

/*
 * The booklet collection (test_review.c, tests/cli/0600-review.t): P07 "Dafydd Jones" with
 * a Welsh caption and its English translation, a caption of markup and a withdrawn photo,
 * and P08 "Other Person", whose words must not reach P07's booklet. Returns the catalog open
 * (vox_catalog_close) and P07's three photos and P08's one in photos (vox_photo_free each).
 */
vox_catalog *tc_review_collection(const char *dir, tc_path_fn corpus, struct vox_photo *photos[4]);

/* A collection of every .jpg in folder (sorted, scrubbed), shared with the group: for
 * tests/bench/bench-gallery.sh. */
void tc_folder_collection(const char *dir, const char *folder);

#endif
