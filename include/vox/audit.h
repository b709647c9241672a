#ifndef VOX_AUDIT_H
#define VOX_AUDIT_H

/*
 * Audit (CONTRIBUTING.md privacy rule 4): finds identifying metadata in image files, folders and
 * zip/tar archives, by category.
 *
 * Formats read: JPEG (every marker, including those after SOF and between progressive
 * scans, and the bytes after EOI), PNG (chunks and bytes after IEND), WebP (RIFF chunks and
 * bytes after the RIFF size) and HEIF/HEIC (the Exif and XMP items of the meta box). EXIF
 * blocks are walked tag by tag with libexif.
 *
 * ICC profiles (JPEG APP2, PNG iCCP, WebP ICCP) are read with vox/icc.h: their texts are
 * findings unless they are those of a well-known standard profile (pipeline/audit/audit_icc.c
 * gives the rule and the list).
 *
 * What is NOT a finding: what scrubbing keeps (JFIF without a thumbnail, the profile scrub
 * rebuilds, Adobe APP14's fixed form, an EXIF block holding only Orientation) and tags that
 * describe the image's
 * structure or exposure (resolution, dimensions, colour space, EXIF version, exposure time,
 * aperture …). Make and Model ARE findings (device ids): a camera or phone model narrows
 * down who took a photo, and scrubbed files never carry them.
 */

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <glib.h>

enum vox_audit_category {
	VOX_AUDIT_LOCATION = 0,   /* GPS, location names */
	VOX_AUDIT_DEVICE,         /* serial numbers, maker notes, lens and body ids */
	VOX_AUDIT_PEOPLE,         /* owner, artist, copyright, author, faces/regions */
	VOX_AUDIT_DATES,          /* capture and edit dates */
	VOX_AUDIT_THUMBNAILS,     /* embedded thumbnails and previews */
	VOX_AUDIT_HISTORY,        /* edit history, software, XMP/IPTC/Photoshop blocks */
	VOX_AUDIT_COMMENTS,       /* comments, descriptions, text chunks */
	VOX_AUDIT_TRAILING,       /* bytes after the end of the image */
	VOX_AUDIT_N_CATEGORIES
};

/* "location", "device ids", "people and owners", "dates", "thumbnails and previews",
 * "edit history", "comments", "trailing data". */
const char *vox_audit_category_name(enum vox_audit_category c);

struct vox_finding {
	enum vox_audit_category category;
	char *what;  /* "GPS latitude", "EXIF BodySerialNumber", "312 bytes after EOI" */
};

void vox_finding_free(struct vox_finding *f);

/*
 * Audits one image held in memory. Appends struct vox_finding * to findings (an array
 * made with g_ptr_array_new_with_free_func((GDestroyNotify)vox_finding_free)).
 * Returns the number of findings added (0: clean), or -1 with an error when the data
 * cannot be read as an image at all, or is damaged (truncated, a length running past the
 * end, bytes that are not a marker). A damaged image keeps in findings what was found
 * before the damage: the caller may report both. Lengths read from the data are never
 * trusted; the data is never modified.
 */
int vox_audit_buffer(const char *name, const uint8_t *data, size_t len, GPtrArray *findings);

/*
 * Whether bytes that should be numbers (a JPEG quantisation table's values) read as text:
 * four letters in a row, as a name has and quantisation values rarely do. Cameras define
 * quantisation tables they never use (Nikon a third one); audit reports such a table, and
 * scrub drops it, only when it reads as text, so a camera's photo keeps its bytes.
 */
int vox_audit_reads_as_text(const uint8_t *p, size_t n);

/*
 * Whether the fields of a JFIF APP0 (payload from "JFIF\0", at least 14 bytes) or an Adobe
 * APP14 (from "Adobe", at least 12 bytes) are as cameras and Adobe's software write them:
 * JFIF 1.00-1.02 with units 0-2 and the same density both ways; Adobe version 100 or 101,
 * flags0 in its top two bits only, flags1 0. Scrub keeps such fields and replaces any other
 * (they could spell a name), and audit reports any other, so the two agree.
 */
int vox_audit_jfif_ordinary(const uint8_t *payload);
int vox_audit_adobe_ordinary(const uint8_t *payload);

/*
 * Returns 1 when the first bytes of data are those of an image format vox_audit_buffer()
 * reads (JPEG, PNG, WebP, HEIF/HEIC), 0 otherwise.
 */
int vox_audit_is_image(const uint8_t *data, size_t len);

/* Returns 1 when data starts like an archive audit reads (zip, tar, tar.gz), 0 otherwise. */
int vox_audit_is_archive(const uint8_t *data, size_t len);

/*
 * Whether a HEIF file's samples are deeper than 8 bits, read from its codec configurations
 * (hvcC, av1C) before any decoder sees it, as scrub weighs a conversion: 1 when any is (or
 * is too short to say), 0 when none is, -1 when there is none.
 */
int vox_heif_deep(const uint8_t *data, size_t len);

/* ---- Walking files, folders and archives ---- */

enum vox_audit_status {
	VOX_AUDIT_CLEAN = 0,  /* an image without identifying metadata */
	VOX_AUDIT_FOUND,      /* an image with findings */
	VOX_AUDIT_SKIPPED,    /* not an image (inside a folder or an archive): not audited */
	VOX_AUDIT_ERROR,      /* could not be read, or damaged: error says why */
};

/* What the walker reports for each file. Everything it points to is valid only during the
 * callback. */
struct vox_audit_result {
	const char *path;           /* "dir/a.jpg", or "photos.zip!inner/a.jpg" inside archives */
	enum vox_audit_status status;
	const GPtrArray *findings;  /* struct vox_finding *; may be non-empty with ERROR */
	const char *error;          /* the message for ERROR, the reason for SKIPPED */
};

typedef void (*vox_audit_fn)(const struct vox_audit_result *r, void *ctx);

/* Limits that keep a hostile archive from exhausting memory or time. An image is parsed
 * whole, so it is the most audit holds at once: the largest photo vox ingest takes in.
 * A larger image (a file or an entry) is an ERROR, "too large to audit", and is not read;
 * archives and files that are not images are streamed, never held. */
#define VOX_AUDIT_MAX_ENTRY_SIZE  ((size_t)160 << 20)  /* bytes of one image */
#define VOX_AUDIT_MAX_ENTRIES     100000               /* entries read from one archive */
#define VOX_AUDIT_MAX_NESTING     4                    /* archives inside archives */

/*
 * Audits path: a file, a folder (recursively, in name order; symbolic links are followed,
 * but each folder is walked once, so a link loop ends), or a zip, tar or tar.gz archive
 * (streamed through libarchive's zip and tar readers only, never extracted; archives
 * inside it are read too, down to VOX_AUDIT_MAX_NESTING). Calls fn once for each file,
 * in order. A named file that is not an image is reported as ERROR; inside folders and
 * archives such files are SKIPPED. Returns 0, or -1 when fn was called with ERROR at least
 * once.
 */
int vox_audit_path(const char *path, vox_audit_fn fn, void *ctx);

/*
 * Audits what can be read from in (standard input for `vox audit -`), reported under name:
 * an image (read into memory up to VOX_AUDIT_MAX_ENTRY_SIZE bytes) or an archive (read as it
 * streams). Anything else is an ERROR. Returns 0, or -1 when fn was called with ERROR.
 */
int vox_audit_stream(const char *name, FILE *in, vox_audit_fn fn, void *ctx);

/*
 * Audits an archive held in memory; entries are reported as "name!inner/path". Returns 0,
 * or -1 when fn was called with ERROR at least once (a damaged archive reports itself as
 * ERROR under its own name).
 */
int vox_audit_archive_buffer(const char *name, const uint8_t *data, size_t len,
    vox_audit_fn fn, void *ctx);


#endif
