#ifndef VOX_AUDIT_INT_H
#define VOX_AUDIT_INT_H

/*
 * What the audit of one image shares across its source files and nothing else sees: the
 * bounds-checked cursor, the findings of one audit, the metadata blocks that several formats
 * embed (audit_meta.c: EXIF and XMP) and the walker of each format (audit_jpeg.c,
 * audit_png.c, audit_webp.c, audit_heif.c), which vox_audit_buffer() in audit.c calls.
 */

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <glib.h>

#include "vox/audit.h"
#include "vox/icc.h"

#define DOMAIN "audit"

/* A bounds-checked cursor over untrusted bytes: every read checks what is left first. */
struct rd {
	const uint8_t *p, *end;
};

static inline size_t
rd_left(const struct rd *r)
{
	return (size_t)(r->end - r->p);
}

static inline int
rd_skip(struct rd *r, size_t n)
{
	if (rd_left(r) < n)
		return -1;
	r->p += n;
	return 0;
}

static inline int
rd_u8(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 1)
		return -1;
	*v = r->p[0];
	r->p += 1;
	return 0;
}

static inline int
rd_be16(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 2)
		return -1;
	*v = (uint32_t)r->p[0] << 8 | r->p[1];
	r->p += 2;
	return 0;
}

static inline int
rd_be32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
	r->p += 4;
	return 0;
}

static inline int
rd_le32(struct rd *r, uint32_t *v)
{
	if (rd_left(r) < 4)
		return -1;
	*v = (uint32_t)r->p[3] << 24 | (uint32_t)r->p[2] << 16 | (uint32_t)r->p[1] << 8 | r->p[0];
	r->p += 4;
	return 0;
}

/* Reads an unsigned big-endian integer of 0, 2, 4 or 8 bytes (HEIF's variable fields). */
static inline int
rd_beN(struct rd *r, unsigned size, uint64_t *v)
{
	uint32_t a, b;

	switch (size) {
	case 0:
		*v = 0;
		return 0;
	case 2:
		if (rd_be16(r, &a) < 0)
			return -1;
		*v = a;
		return 0;
	case 4:
		if (rd_be32(r, &a) < 0)
			return -1;
		*v = a;
		return 0;
	case 8:
		if (rd_be32(r, &a) < 0 || rd_be32(r, &b) < 0)
			return -1;
		*v = (uint64_t)a << 32 | b;
		return 0;
	default:
		return -1;
	}
}

/* Takes n bytes as a sub-cursor. */
static inline int
rd_sub(struct rd *r, size_t n, struct rd *sub)
{
	if (rd_left(r) < n)
		return -1;
	sub->p = r->p;
	sub->end = r->p + n;
	r->p += n;
	return 0;
}

static inline int
has_prefix(const uint8_t *p, size_t n, const char *prefix)
{
	size_t k = strlen(prefix);

	return n >= k && memcmp(p, prefix, k) == 0;
}

/* One audit: where findings go, and which ones this file already has (a file repeats the
 * same tag in several IFDs or segments; it is reported once). */
struct audit_ctx {
	const char *name;
	GPtrArray *findings;
	GHashTable *seen;
	int added;
	int depth;  /* EXIF inside Photoshop inside … : bounded */
	/* JPEG: the ICC profile's APP2 chunks gathered before the first scan, as scrub does. */
	struct vox_icc_chunks *icc;
	int icc_done, scans;
};

/* Adds a finding of category cat, unless this file has it already. */
void audit_add(struct audit_ctx *c, enum vox_audit_category cat, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/* Copies at most max bytes of an untrusted name into printable ASCII for a message. */
char *audit_printable(const uint8_t *p, size_t n, size_t max);

/* Searches an XMP packet for the properties that identify. */
void audit_xmp_scan(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n);

/* Walks an EXIF block that starts with "Exif\0\0", tag by tag with libexif. */
void audit_exif_walk(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n);

/* EXIF as TIFF bytes without the "Exif\0\0" header (PNG eXIf, WebP, HEIF): prefixed. */
void audit_exif_walk_tiff(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n);

/* Judges one whole ICC profile (audit_icc.c); label names where it was ("ICC profile"). */
void audit_icc(struct audit_ctx *c, const char *label, const uint8_t *p, size_t n);

/* Whether s is a string of a well-known standard profile (or the neutral name). */
int audit_icc_well_known(const char *s);

/* How many JPEG images seem to start in p (an SOI and a marker that can follow it). */
size_t audit_count_jpeg_starts(const uint8_t *p, size_t n);

/* The walkers, on data whose format detect() recognised. Each returns 0, or -1 with an
 * "audit" error naming c->name when the data is damaged; findings before the damage stay. */
int audit_jpeg(struct audit_ctx *c, const uint8_t *d, size_t len);
int audit_png(struct audit_ctx *c, const uint8_t *d, size_t len);
int audit_webp(struct audit_ctx *c, const uint8_t *d, size_t len);
int audit_heif(struct audit_ctx *c, const uint8_t *d, size_t len);
/* Audio (audit_audio.c), through libavformat. */
int audit_audio(struct audit_ctx *c, const uint8_t *d, size_t len);

#endif
