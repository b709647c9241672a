#ifndef VOX_ARCHIVE_H
#define VOX_ARCHIVE_H

/*
 * vox archive: a selection of the catalog as a BagIt bag (vox/bag.h) for evaluators and
 * for exchange between collections (CONTRIBUTING.md "Outputs").
 *
 * The bag's payload:
 *   data/photos/<pair>/<site>/<ref>.<ext>  the scrubbed photos, as stored
 *   data/captions.csv   RFC 4180, CRLF, UTF-8 with a BOM: one row per photo; readable
 *                       names, 0/1 theme columns and prompt labels after the slugs
 *                       (vox/deposit.h)
 *   data/themes.csv     one row per photo and theme
 *   data/catalog.json   the public fields of the selection (pairs, sites, participants'
 *                       codes, sessions, themes, prompts, photos and captions) and every
 *                       tombstone, keys in a fixed order: what vox import reads
 *   data/README.txt     plain words: what this is, the audience, the consent rules applied,
 *                       how to check it
 *   data/gallery/       with with_gallery: the gallery (vox/gallery.h) of the same selection
 *   data/report/        with with_report: the report (vox/report.h) of the same selection,
 *                       a Dataset of the RO-Crate with each of its files
 *                       for the same audience, built in a temporary folder beside the output
 * Only photos vox_consent_allows() for the audience are in it, and no private field
 * (a participant's real name, a photo's source file name) is written anywhere.
 */

#include <stdint.h>

#include "vox/bag.h"
#include "vox/catalog.h"
#include "vox/consent.h"

struct vox_archive_options {
	enum vox_audience audience;    /* group, report or public */
	struct vox_filter filter;      /* further conditions; its audience is overridden */
	enum vox_bag_format format;
	int64_t mtime;                 /* -1: $SOURCE_DATE_EPOCH, else the catalog's last change */
	const char *top;               /* the top-level folder; NULL: from the output's name */
	int with_gallery;              /* the gallery of the same selection under data/gallery/ */
	int with_report;               /* the report of the same selection under data/report/ */
	int qdpx;                      /* a REFI-QDA project (vox/qdpx.h) instead of a bag */
};

/*
 * Writes the bag for the selection to path (atomically) and records it in the catalog
 * (privacy rule 9; vox/outputs.h). Sets *n_photos to the number of photos in it. Every
 * stored file is re-hashed first (vox_store_verify()): a photo whose file is missing or does
 * not match its name is left out of the bag, its README and catalog.json alike, with a line
 * in warnings (when not NULL) naming its ref, and counted in *n_left_out (when not NULL), as
 * a gallery and a booklet leave it out. The bag's writer hashes each file again as it copies
 * it and fails the bag should one change meanwhile. Returns 0, or -1 with an error and
 * nothing written.
 */
int vox_archive_write(vox_catalog *cat, const char *path, const struct vox_archive_options *o,
    int *n_photos, int *n_left_out, GPtrArray *warnings);

/* The time an archive uses when none is given: $SOURCE_DATE_EPOCH when set (a decimal
 * number of seconds), else the catalog's last change. */
int64_t vox_archive_time(vox_catalog *cat);

/* Text for one cell of captions.csv: always quoted, quotes doubled, and an apostrophe in
 * front of text a spreadsheet would run as a formula (= + - @ at the start).
 * Appends to s. */
void vox_csv_cell(GString *s, const char *text);

#endif
