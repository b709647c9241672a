#ifndef VOX_ADOPT_H
#define VOX_ADOPT_H

/*
 * Adopting what vox check --repair moved to a collection's lost+found/ (privacy rule 10):
 * files of store/ that no photo of the catalog owned. They came from the store, but anyone
 * may drop a file there, so each is treated as a new input: hashed again, scrubbed, and
 * audited before it enters the store.
 */

#include <glib.h>

#include "vox/catalog.h"

/* The participant adopted photos are given when nothing says whose they are. */
#define VOX_ADOPT_PARTICIPANT "unknown"

/*
 * Adopts every file under the collection's lost+found/ (at any depth; links are not
 * followed, and a lost+found/ that is a link is refused with an error), each read as
 * ingest reads, never whole in memory, and none larger than VOX_MAX_PHOTO_BYTES
 * (vox/ingest.h), which stays where it is, in turn:
 * - the bytes of a photo the catalog lists whose stored file is missing or damaged are put
 *   back in the store ("restored as P07-03"); when its stored file is whole, the copy is
 *   a duplicate and is removed;
 * - bytes with a tombstone, or of a withdrawn photo, are left for vox check --repair to
 *   purge (privacy rule 6);
 * - anything else is scrubbed as vox ingest scrubs, the result audited clean, and added
 *   as a photo of participant VOX_ADOPT_PARTICIPANT (created on first use), consent
 *   private, people unknown, its lost+found name as private source name ("adopted as
 *   unknown-01"); a file the scrubber refuses, whose scrubbed bytes still audit
 *   unclean, or named after a withdrawn photo (a copy of it, perhaps resized) stays
 *   where it is; a store's collection id (VOX_STORE_ID, moved here with a store) is
 *   removed;
 * and a file adopted or restored is removed from lost+found/. VOX_DRY_RUN changes nothing and
 * says what would be done. Appends struct vox_check_finding * (vox/store.h) to findings,
 * one a file: path relative to the collection, problem what was (or would be) done or why
 * not, repaired set when done. Returns the number of files left in lost+found/ that
 * should not be (refused ones), or -1 with an error (the collection cannot be read or
 * written).
 */
int vox_adopt_lost(vox_catalog *cat, enum vox_dry_run dry_run, GPtrArray *findings);

#endif
