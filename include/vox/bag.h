#ifndef VOX_BAG_H
#define VOX_BAG_H

/*
 * BagIt 1.0 bags (RFC 8493): the unit of archive and of exchange between collections.
 *
 * The writer collects payload files (from disk, streamed, or from memory), then writes one
 * top-level folder holding bagit.txt, bag-info.txt, data/…, manifest-sha256.txt,
 * manifest-sha512.txt and tagmanifest-sha256.txt as a zip, a tar, a tar.gz or a folder.
 * Output is deterministic: entries sorted by name, every time the one given, owner 0 without
 * names, fixed modes, restricted pax headers, no gzip timestamp, DOS times in UTC. Each
 * payload file is read once, in chunks, and hashed while it is written, so memory does not
 * grow with the size of the bag.
 *
 * The reader opens a bag that came from elsewhere and must be treated as hostile: only the
 * zip and tar formats (tar optionally gzip-compressed) and folders; entries that are links,
 * devices, absolute or climbing ("../") paths, more than VOX_BAG_MAX_ENTRIES entries, or
 * larger than VOX_BAG_MAX_FILE (or VOX_BAG_MAX_TOTAL in all) are refused. Nothing read from
 * a bag is ever used as a path on disk.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

enum vox_bag_format {
	VOX_BAG_ZIP = 0,
	VOX_BAG_TAR,
	VOX_BAG_TGZ,
	VOX_BAG_DIR,
};

/* Bounds for bags read from elsewhere. */
#define VOX_BAG_MAX_ENTRIES 50000
#define VOX_BAG_MAX_FILE ((int64_t)200 * 1024 * 1024)
#define VOX_BAG_MAX_TOTAL ((int64_t)64 * 1024 * 1024 * 1024)
#define VOX_BAG_MAX_TAGFILE ((int64_t)64 * 1024 * 1024)

/* "zip", "tar", "tar.gz" (or "tgz"), "dir": the format, or -1. */
int vox_bag_format_parse(const char *word);
const char *vox_bag_format_name(enum vox_bag_format f);
/* The format a file name asks for by its extension: .zip, .tar, .tar.gz/.tgz; else zip. */
enum vox_bag_format vox_bag_format_guess(const char *path);
/* The bag's top-level folder name for an output path: its base name less the extension
 * ("out/report.tar.gz" gives "report"). Newly allocated. */
char *vox_bag_stem(const char *path);

/*
 * Whether name may be a payload or tag path: valid UTF-8 in NFC, relative, no empty, "." or
 * ".." component, no backslash, no control character (so never CR or LF) and no '%'.
 * Returns 1 or 0.
 */
int vox_bag_name_ok(const char *name);

/* ---- writing ---- */

typedef struct vox_bag_writer vox_bag_writer;

/* A new writer. mtime is every entry's time and gives the Bagging-Date. */
vox_bag_writer *vox_bag_writer_new(int64_t mtime);
void vox_bag_writer_free(vox_bag_writer *w);

/*
 * Adds a payload file at data/<name> whose bytes are in the file src_path (read when the bag
 * is written) or in memory (copied). The name must pass vox_bag_name_ok() and be new.
 * Returns 0, or -1 with an error.
 */
int vox_bag_add_file(vox_bag_writer *w, const char *name, const char *src_path);
int vox_bag_add_data(vox_bag_writer *w, const char *name, const void *data, size_t len);

/*
 * As vox_bag_add_file() for a file of a content-addressed store whose SHA-256 (lowercase
 * hex) is its name: the writer hashes the bytes as it writes them, as for any file, and
 * fails the bag when they do not match that name (a stored file changed by hand or while
 * being written), so a bag never seals bytes under a hash they do not have. Callers check
 * each stored file first (vox_store_verify()) to leave such a photo out instead.
 */
int vox_bag_add_stored(vox_bag_writer *w, const char *name, const char *src_path,
    const char *sha256);

/*
 * Adds every regular file under the folder src_dir as data/<prefix>/<relative path>, but
 * an output's marker (VOX_OUTPUT_MARKER, vox/file.h). Links and other special files are an
 * error. Returns 0 or -1.
 */
int vox_bag_add_tree(vox_bag_writer *w, const char *prefix, const char *src_dir);

/*
 * Adds a bag-info.txt line "label: value" after Source-Organization … Bag-Count, in the
 * order added. The label must be a printable ASCII word without ':'; a value's line breaks
 * become continuation lines. Payload-Oxum, Bag-Size, Bagging-Date and Bag-Count are
 * computed and must not be given.
 */
int vox_bag_info(vox_bag_writer *w, const char *label, const char *value);

/*
 * Writes the bag to path in format, as a temporary file (or folder) beside path renamed
 * into place when complete; the top-level folder is named top (NULL: vox_bag_stem(path)).
 * For VOX_BAG_DIR, path is the bag's folder; an existing one is replaced only when it is
 * empty or a bag (holds bagit.txt).
 * Returns 0, or -1 with an error and nothing left behind.
 */
int vox_bag_write(vox_bag_writer *w, const char *path, enum vox_bag_format format,
    const char *top);

/* ---- reading ---- */

typedef struct vox_bag_reader vox_bag_reader;

/*
 * Opens a bag: a folder, or a zip or tar (optionally gzip-compressed) file. NULL with an
 * error when it cannot be opened at all. The top-level folder is found from the entries.
 */
vox_bag_reader *vox_bag_open(const char *path);
void vox_bag_close(vox_bag_reader *r);

/* The bag's top-level folder name (in an archive), or the folder's base name. */
const char *vox_bag_top(vox_bag_reader *r);

/*
 * Steps to the next regular file of the bag. Sets *name to its path relative to the top
 * folder ("data/photos/a.jpg", valid until the next call) and *size to its declared size
 * (-1 when the archive does not say). Returns 1, 0 at the end, or -1 with an error on a
 * refused or damaged entry (then the bag must not be used: the caller stops).
 * vox_bag_rewind() starts again from the first entry.
 */
int vox_bag_next(vox_bag_reader *r, const char **name, int64_t *size);
int vox_bag_rewind(vox_bag_reader *r);

/*
 * Reads the current entry's data: up to n bytes into buf. Returns the count (0 at its end),
 * or -1 with an error (damaged data, or more bytes than VOX_BAG_MAX_FILE).
 */
gssize vox_bag_read(vox_bag_reader *r, void *buf, size_t n);

/* Reads the whole current entry into memory, refusing more than max bytes. NULL on error.
 * The caller frees with g_byte_array_unref(). */
GByteArray *vox_bag_slurp(vox_bag_reader *r, int64_t max);

/*
 * Reads the whole file name ("data/catalog.json") of the bag. NULL with an error when it is
 * missing, refused or larger than max. Rewinds first; the position afterwards is undefined.
 */
GByteArray *vox_bag_read_file(vox_bag_reader *r, const char *name, int64_t max);

/* ---- verifying ---- */

/* One payload file as the manifests describe it, after verification. */
struct vox_bag_file {
	char *name;            /* "data/photos/a.jpg" */
	int64_t size;
	char sha256[65];       /* from the bag's manifest, lowercase */
};

/*
 * Verifies an open bag per RFC 8493: bagit.txt well formed; every file of every manifest
 * present with the right checksum (sha256, sha512, sha1 and md5 supported), every payload
 * file in every payload manifest, Payload-Oxum right, every tag manifest line right.
 * Appends one newly allocated message to problems for EVERY bad, missing or unlisted file
 * ("data/a.jpg: sha256 does not match the manifest").
 * When files is not NULL, and the bag is valid, appends struct vox_bag_file * (owned by the
 * array; set its free func to vox_bag_file_free) for each payload file, sorted by name.
 * Returns 0 when valid, 1 when invalid, -1 with an error when the bag could not be read
 * to the end (a refused entry, damaged archive): also invalid.
 */
int vox_bag_verify(vox_bag_reader *r, GPtrArray *problems, GPtrArray *files);
void vox_bag_file_free(struct vox_bag_file *f);

/*
 * Parses a manifest's text: lines "checksum<space(s)>path", LF, CRLF or CR ends, paths
 * percent-decoded (%0A, %0D, %25). Returns a new hash table path → lowercase checksum
 * (both strings owned), or NULL with an error naming the line. Paths must pass
 * vox_bag_name_ok() after decoding except that they may hold %; a payload manifest
 * (manifest-*.txt, as against tagmanifest-*.txt) needs every path under "data/".
 */
enum vox_manifest_kind {
	VOX_TAG_MANIFEST = 0,
	VOX_PAYLOAD_MANIFEST,
};

GHashTable *vox_bag_parse_manifest(const char *name, const char *text, size_t len,
    enum vox_manifest_kind kind);

/* Parses bag-info.txt / bagit.txt "Label: value" lines (continuations joined with a space).
 * Returns a new array of alternating label, value strings, or NULL with an error. */
GPtrArray *vox_bag_parse_info(const char *name, const char *text, size_t len);

#endif
