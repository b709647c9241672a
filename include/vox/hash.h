#ifndef VOX_HASH_H
#define VOX_HASH_H

/*
 * SHA-256 and SHA-512 (and, to verify others' bags, SHA-1 and MD5) for the store, bags and checks, shaped like GLib's GChecksum so the
 * two read alike. It is backed by nettle (which libarchive already brings) because GLib's
 * portable SHA-256 runs at about 220 MB/s here, three times slower than scrubbing a photo,
 * while nettle uses the processor's SHA instructions where they exist.
 */

#include <stddef.h>

enum vox_hash_type {
	VOX_HASH_SHA256,
	VOX_HASH_SHA512,
	VOX_HASH_SHA1,  /* only to read bags that other tools made */
	VOX_HASH_MD5,   /* likewise */
};

typedef struct vox_hash vox_hash;

/* A new hash; free with vox_hash_free(). */
vox_hash *vox_hash_new(enum vox_hash_type type);
void vox_hash_update(vox_hash *h, const void *data, size_t len);

/* The digest in lowercase hex. Finishes the hash: later updates start a new one. The string
 * is owned by h and valid until the next call on h. */
const char *vox_hash_hex(vox_hash *h);

/* Starts again, as if new. */
void vox_hash_reset(vox_hash *h);
void vox_hash_free(vox_hash *h);

/*
 * The SHA-256 of what is left to read from fd, in lowercase hex, read in blocks and never
 * held whole. 0, or -1 with errno set (a read failed); fd is left open.
 */
int vox_sha256_fd(int fd, char hex[65]);

/*
 * Whether s is a SHA-256 digest as this project writes it everywhere (store names, photo
 * ids, bag manifests, catalog.json): exactly 64 hex digits, lowercase only. NULL is not.
 */
int vox_sha256_hex_valid(const char *s);

#endif
