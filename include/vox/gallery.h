#ifndef VOX_GALLERY_H
#define VOX_GALLERY_H

/*
 * Galleries (CONTRIBUTING.md "Outputs"): static, accessible HTML that works from a USB stick.
 * index.html (the project, its pairs and their sites, the themes, counts), one page per
 * pair, site, theme and photo, stories.html (every story, text only), style.css, and the
 * images in img/ (hard links to, or copies of, derivatives in the collection's cache/).
 * A pair, site or theme page holds at most 60 photos; the rest go on numbered pages
 * (site-x~2.html …) linked by a <nav aria-label="Pages">. stories.html stays one page.
 *
 * Consent: a photo appears only when vox_consent_allows() it for the gallery's audience,
 * whatever the caller passes in; the audience is stated on every page.
 *
 * The gallery is written into a temporary folder beside the output folder and swapped in
 * when complete, so a failed build leaves the previous gallery as it was. An existing output
 * folder is replaced only when it is empty or is a gallery photovox made.
 */

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"
#include "vox/derive.h"

struct vox_gallery_opts {
	enum vox_audience audience;   /* group, report or public */
	int strict;                   /* a photo without alt text fails the build */
	int allow_sensitive_public;   /* the explicit override of vox_consent_allows() */
	const char *lang;             /* the interface languages: "en", "cy", or two joined by
	                               * '+', "cy+en" (every word in both, Welsh first); NULL:
	                               * "en" (vox_gallery_build_catalog(): the collection's
	                               * interface languages, vox_catalog_ui_langs()) */
	struct vox_derive_opts derive;
	int unrecorded;               /* a step inside another output (an archive's gallery):
	                               * vox_gallery_build_catalog() does not record it */
};

/* Fills opts with the defaults: audience group, not strict, lang NULL,
 * vox_derive_opts_init(). */
void vox_gallery_opts_init(struct vox_gallery_opts *opts);

/* What a gallery shows. Nothing here is owned by the gallery. */
struct vox_gallery_data {
	GPtrArray *photos;      /* struct vox_photo *, in gallery order (as vox_catalog_select) */
	/* The project's title, and the pairs, sites, themes and prompts that give names to
	 * slugs (vox_catalog_names_load(), or filled by the caller); NULL: slugs only. */
	const struct vox_catalog_names *names;
	/* Voice stories: struct vox_photo * -> struct vox_audio * (vox/catalog.h), each
	 * verified against its name already; NULL: none. A story is copied into audio/ and
	 * played beside its photo, its transcript shown as text. */
	GHashTable *audio;
};

struct vox_gallery_result {
	GPtrArray *warnings;    /* newly allocated messages, "'P07-03': no alt text" */
	GPtrArray *unchecked;   /* the interface words the pages used that a speaker of their
	                         * language has not yet checked: "cy g-home: Hafan" */
	int photos;             /* photos in the gallery */
	int pages;              /* HTML files written */
	int left_out;           /* photos passed in that consent kept out */
	int refused;            /* photos left out because their file could not be read */
	uint64_t encodes;       /* images encoded for this build (0 when all were cached) */
};

/* Frees what a result holds (not the struct itself). */
void vox_gallery_result_release(struct vox_gallery_result *res);

/*
 * Builds the gallery of data into outdir, with derivatives in cache_dir. Fills res (which
 * the caller releases) also on failure. A photo whose file cannot be decoded is left out
 * with a warning (res->refused) and the rest is built. Returns 0, or -1 with an error: I/O,
 * an output folder that is not a gallery, or (strict) photos without alt text.
 */
int vox_gallery_build(const struct vox_gallery_data *data, const char *cache_dir,
    const char *outdir, const struct vox_gallery_opts *opts, struct vox_gallery_result *res);

/* Selects from the catalog with filter (its audience is set from opts) and builds the
 * gallery with the catalog's title, pairs, sites, themes and prompts, derivatives in the
 * collection's cache/; when that cannot be written (a read-only collection), in a
 * temporary cache (mode 0700) removed before returning.
 * Once built, the gallery is recorded in the catalog with the photos it holds and the
 * options that rebuild it (privacy rule 9; vox/outputs.h), unless opts->unrecorded or
 * the collection cannot be written; a failure to record it fails the build (the
 * gallery stays). */
int vox_gallery_build_catalog(vox_catalog *cat, const struct vox_filter *filter,
    const char *outdir, const struct vox_gallery_opts *opts, struct vox_gallery_result *res);

/* The stylesheet every gallery carries as style.css. */
extern const char vox_gallery_css[];

#endif
