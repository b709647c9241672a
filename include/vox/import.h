#ifndef VOX_IMPORT_H
#define VOX_IMPORT_H

/*
 * vox import: merges a bag written by vox archive (vox/archive.h) into a collection.
 *
 * The bag is verified first (vox_bag_verify); nothing is imported from an invalid one.
 * Then everything is checked before anything is changed: data/catalog.json (read with
 * SQLite's JSON functions), every photo re-hashed against the manifest, re-audited with
 * vox_audit_buffer() and re-scrubbed (the scrubbed bytes must be the bytes in the bag), the
 * names it declares, its prompts. Any refusal refuses the whole bag and changes nothing.
 * Only then are pairs, themes, sites, sessions, participants (codes only), tombstones and
 * photos with captions and consent added. Importing the same bag twice changes nothing
 * the second time.
 *
 * Refs are kept; a ref already taken here by another photo is renumbered (a notice says
 * so). A tombstone wins wherever it is: a photo withdrawn here is not imported, a photo
 * tombstoned in the bag is not imported, and a photo here that the bag's tombstones name
 * is withdrawn here too (its participant withdrew it in the other collection).
 * Names already declared here keep their meaning here (a notice when the bag differs).
 */

#include <glib.h>

#include "vox/catalog.h"

struct vox_import_result {
	int added;          /* photos added */
	int existing;       /* photos already here (same bytes) */
	int renumbered;     /* of the added, given a new ref */
	int skipped;        /* not imported because withdrawn (tombstones) */
	int withdrawn;      /* photos here withdrawn by the bag's tombstones */
	int tombstones;     /* tombstones added */
	int declared;       /* pairs, sites, themes, sessions, participants added */
	GPtrArray *notices; /* newly allocated lines: renumbering, skips, differences */
};

void vox_import_result_init(struct vox_import_result *r);
void vox_import_result_release(struct vox_import_result *r);

/*
 * Imports the bag at path (a zip, tar, tar.gz or folder) into cat; with VOX_DRY_RUN, checks
 * everything and fills r with what would be done, changing nothing. When the bag is not
 * valid, its problems are appended to problems (newly allocated lines).
 * Returns 0, or -1 with an error; on -1 nothing was changed, except for a failure of the
 * catalog itself while writing (an I/O error), which the error then says.
 */
int vox_import_bag(vox_catalog *cat, const char *path, enum vox_dry_run dry_run,
    struct vox_import_result *r, GPtrArray *problems);

#endif
