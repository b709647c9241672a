#ifndef VOX_STORE_H
#define VOX_STORE_H

/*
 * The store (CONTRIBUTING.md "Store"): scrubbed photos named by the SHA-256 of their bytes,
 * store/<2 hex>/<sha256>.<ext> inside the collection, written through store/tmp/ so that a
 * crash leaves either nothing or a whole orphan file, never a half-written photo.
 */

#include <stddef.h>

#include <glib.h>

/* The absolute path of a stored photo. Newly allocated. */
char *vox_store_path(const char *dir, const char *sha256, const char *ext);

/*
 * Stores len bytes whose SHA-256 is sha256: written to store/tmp/, fsync'd, renamed to
 * store/<2 hex>/<sha256>.<ext>, the folder fsync'd. Returns 0 or -1 with an error.
 */
int vox_store_put(const char *dir, const char *sha256, const char *ext, const void *data,
    size_t len);

/* A photo being written to store/tmp/ before it has a name in the store. */
struct vox_store_tmp {
	int fd;     /* -1 when none is open */
	char *path;
};

/* Opens a new file in store/tmp/ (made if missing) for t. Returns 0 or -1 with an error. */
int vox_store_tmp_open(const char *dir, struct vox_store_tmp *t);

/*
 * Moves t's file, whose bytes have the SHA-256 sha256, into the store as vox_store_put()
 * does: fsync'd, renamed to store/<2 hex>/<sha256>.<ext>, the folder fsync'd. t is closed
 * either way (a failed move removes the file). Returns 0 or -1 with an error.
 */
int vox_store_tmp_commit(const char *dir, struct vox_store_tmp *t, const char *sha256,
    const char *ext);

/* Closes and removes t's file; nothing when none is open. */
void vox_store_tmp_discard(struct vox_store_tmp *t);

/*
 * Reads the stored photo at path whole, hashing it as it is read, and checks that its bytes
 * are the SHA-256 sha256 it is named by: nothing is trusted twice (CONTRIBUTING.md privacy
 * rule 8), so a file replaced by hand (with its GPS and all) never reaches an output. Returns
 * the bytes (g_bytes_unref), or NULL with an error: of kind VOX_ERR_NOT_FOUND when the file
 * is missing, VOX_ERR_REFUSED when it is not what its name says, VOX_ERR_IO when it cannot
 * be read. Every output that uses a stored photo reads it through this function or
 * vox_store_verify().
 */
GBytes *vox_store_read_verified(const char *path, const char *sha256);

/* As vox_store_read_verified() without holding the file in memory: the stored file is read
 * through its hash and, when it matches its name, returned open (read-only, at its start)
 * for the caller to read again and close; else -1 with an error. For files too large to
 * hold (a derivative is decoded from it as it streams). */
int vox_store_open_verified(const char *path, const char *sha256);

/* As vox_store_read_verified() for an output that streams the file itself (a bag): reads
 * and hashes it without keeping the bytes. Returns 0, or -1 with an error of those kinds. */
int vox_store_verify(const char *path, const char *sha256);

/* Removes a stored photo and fsyncs its folder; a missing file is not an error. */
int vox_store_remove(const char *dir, const char *sha256, const char *ext);

/*
 * Adds to paths (newly allocated strings) every file under the collection's cache/, at any
 * depth, whose name starts with sha256: the derivatives withdrawal and redaction delete.
 * Links named so are listed too; linked folders are not followed. Returns 0, or -1 with an
 * error when a folder could not be read (what could be read is still listed).
 */
int vox_store_cache_files(const char *dir, const char *sha256, GPtrArray *paths);

/* One problem vox check found. */
struct vox_check_finding {
	char *path;     /* relative to the collection */
	char *problem;  /* "orphan file (no catalog row)" */
	int repairable; /* --repair removes it, or moves it to lost+found/ */
	int repaired;   /* repaired (or, in a dry run, would have been) */
	char *moved_to; /* where the repair moved it (relative to the collection), or NULL
	                 * when it was removed */
};
void vox_check_finding_free(struct vox_check_finding *f);

#endif
