#ifndef VOX_QDPX_H
#define VOX_QDPX_H

/*
 * A REFI-QDA project (QDA-XML 1.0, urn:QDA-XML:project:1.0) as a .qdpx file, the exchange
 * format NVivo, ATLAS.ti, MAXQDA and QualCoder import: a zip holding project.qde and
 * Sources/. Each photo is a PictureSource (its alt text as its description, coded with its
 * themes, its pair, site, setting and session as variables); its caption is a TextSource
 * (title, story, the prompts' questions and answers, any translation) coded with the same
 * themes and linked to the photo; themes are the codes, named by their names; each
 * participant is a Case named by code, holding their sources; a voice story is an
 * AudioSource and its transcript a TextSource, coded and linked to the photo as the caption
 * is. Nothing private (no real name, no source file name) is written. GUIDs derive from
 * the content, entries are sorted and their times fixed: the same selection gives the
 * same bytes.
 */

#include <stdint.h>

#include <glib.h>

#include "vox/catalog.h"
#include "vox/consent.h"

struct vox_qdpx {
	const char *title;      /* the project's name */
	int64_t time;           /* its creationDateTime */
	enum vox_audience audience;
	GPtrArray *photos;      /* struct vox_photo *, already selected by consent and their
	                         * stored files verified */
	const struct vox_catalog_names *names;
	GHashTable *stories;    /* photo -> its voice story (struct vox_audio *), verified;
	                         * NULL: none */
};

/* project.qde for q: the XML. Newly allocated. */
GString *vox_qdpx_project(const struct vox_qdpx *q);

/*
 * Writes the .qdpx to path atomically (a temporary file beside it, renamed when
 * complete). Each photo's bytes are hashed as they are copied and the file fails on a
 * mismatch with its name. Returns 0, or -1 with an error and nothing at path.
 */
int vox_qdpx_write(const char *path, const struct vox_qdpx *q);

#endif
