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
 * so). A tombstone wins where it cannot cost a photo here: a photo withdrawn here is not
 * imported, a photo tombstoned in the bag is not imported, and the bag's tombstones of
 * bytes that no photo here has are added. A tombstone of the bag naming a photo here would
 * withdraw it (delete it here and refuse it forever); since any bag can name any photo's
 * hash, that is done only with VOX_IMPORT_APPLY_WITHDRAWALS, else reported (a notice and
 * the count withheld) and not applied.
 * Names already declared here keep their meaning here (a notice when the bag differs).
 *
 * The write phase: the photos' bytes into the store, then every row in one transaction
 * (vox_catalog_batch_begin()); a failure there, a full disk too, rolls back every row and
 * removes the stored files no row references. Withdrawals, when applied, come after the
 * commit, each as vox withdraw makes it, then the purge of their text from the database
 * files (vox_catalog_purge(), waiting up to a minute for another program reading the
 * collection; the import fails when it cannot, the purge still owed).
 */

#include <glib.h>

#include "vox/catalog.h"

/* The most photos vox import takes from one bag (as many as a zip vox ingest takes): a bag's
 * catalog.json is read whole, and its memory is bounded by it (pipeline/import.c). */
#define VOX_IMPORT_MAX_PHOTOS 20000

struct vox_import_result {
	int added;          /* photos added */
	int existing;       /* photos already here (same bytes) */
	int renumbered;     /* of the added, given a new ref */
	int skipped;        /* not imported because withdrawn (tombstones) */
	int withdrawn;      /* photos here withdrawn by the bag's tombstones */
	int tombstones;     /* tombstones added (with the withdrawals) */
	int withheld;       /* tombstones naming photos here, not applied (no
	                     * VOX_IMPORT_APPLY_WITHDRAWALS) */
	int declared;       /* pairs, sites, themes, sessions, participants added */
	GPtrArray *notices; /* newly allocated lines: renumbering, skips, differences */
};

void vox_import_result_init(struct vox_import_result *r);
void vox_import_result_release(struct vox_import_result *r);

/* What vox_import_bag() does besides checking the bag: flags or-ed together. */
enum vox_import_flags {
	VOX_IMPORT = 0,                          /* import the bag */
	VOX_IMPORT_DRY_RUN = 1u << 0,            /* check everything, fill r, change nothing */
	VOX_IMPORT_APPLY_WITHDRAWALS = 1u << 1,  /* apply tombstones that withdraw photos here */
};

/*
 * Imports the bag at path (a zip, tar, tar.gz or folder) into cat; with
 * VOX_IMPORT_DRY_RUN, checks everything and fills r with what would be done, changing
 * nothing. When the bag is not valid, its problems are appended to problems (newly
 * allocated lines). Returns 0, or -1 with an error naming the bag and, for catalog.json,
 * the entry ("'b.zip': 'data/catalog.json': photos[2] (P07-03): ..."); on -1 nothing was
 * changed, except when applying a withdrawal after the bag was imported fails, which the
 * error then says.
 */
int vox_import_bag(vox_catalog *cat, const char *path, unsigned flags,
    struct vox_import_result *r, GPtrArray *problems);

/*
 * Reads a bag's data/catalog.json (len bytes at data) as vox_import_bag() does and checks
 * everything in it that needs no collection: the format, every declaration and photo
 * entry, their names, hashes, dates, captions and text. Returns 0, or -1 with an error
 * naming the entry. (The reader the fuzz target drives.)
 */
int vox_import_check_catalog_json(const char *data, size_t len);

#endif
