/*
 * WebP scrubbing at RIFF chunk level (CONTRIBUTING.md privacy rule 3): the image, alpha and
 * animation chunks are copied as they are in the places vox_webp_plan() (vox/webp.h) finds
 * them sound; the ICC profile of ICCP is rebuilt without its text (vox/icc.h); EXIF, XMP
 * and unknown chunks are dropped, the orientation of the EXIF readers honour kept in a fresh
 * EXIF chunk holding nothing else (vox/exif.h); VP8X and the ANMF frame headers are written
 * afresh with their reserved bits zero and flags that match what is kept, padding bytes are
 * zero, and the RIFF size is rewritten. Works in memory: the RIFF size sits before the
 * chunks it counts.
 */
#include <string.h>

#include "vox/error.h"
#include "vox/exif.h"
#include "vox/icc.h"
#include "vox/webp.h"
#include "scrub_io.h"

/*
 * Appends the ICCP chunk holding the profile at d rebuilt without its text. Returns 1, or 0
 * when the profile cannot be read and is dropped: the pixels do not change, and readers
 * then show the colours as sRGB.
 */
static int
put_iccp(const uint8_t *d, uint32_t size, GByteArray *out)
{
	static const uint8_t pad = 0;
	GByteArray *clean = g_byte_array_new();
	int ok = vox_icc_clean(d, size, clean) == 0 && clean->len <= 0x7fffffffu;

	if (ok) {
		uint8_t h[8] = { 'I', 'C', 'C', 'P', (uint8_t)clean->len,
			(uint8_t)(clean->len >> 8), (uint8_t)(clean->len >> 16),
			(uint8_t)(clean->len >> 24) };

		g_byte_array_append(out, h, 8);
		g_byte_array_append(out, clean->data, clean->len);
		if (clean->len & 1)
			g_byte_array_append(out, &pad, 1);
	}
	vox_error_clear(); /* a dropped profile is not an error of the photo */
	g_byte_array_unref(clean);
	return ok;
}

static void
put_le32(GByteArray *out, uint32_t v)
{
	uint8_t b[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24) };

	g_byte_array_append(out, b, 4);
}

/* Appends a chunk with its padding byte, zero. */
static void
put_chunk(GByteArray *out, const char *id, const uint8_t *d, uint32_t n)
{
	static const uint8_t pad = 0;

	g_byte_array_append(out, (const guint8 *)id, 4);
	put_le32(out, n);
	g_byte_array_append(out, d, n);
	if (n & 1)
		g_byte_array_append(out, &pad, 1);
}

/*
 * Appends an EXIF chunk holding only the orientation of the EXIF block at d (with
 * "Exif\0\0" first or without, as writers differ), as bare TIFF data, which is what the
 * container specification puts there. Called after the image data, where the chunk goes.
 * Returns the orientation kept: 1, and nothing written, when it is 1 or cannot be read;
 * -1 when the block cannot be made.
 */
static int
put_exif(const uint8_t *d, uint32_t size, GByteArray *out)
{
	GByteArray *tiff;
	int o = d ? vox_exif_orientation(d, size) : 1;

	if (o == 1)
		return 1;
	tiff = g_byte_array_sized_new(32);
	if (vox_exif_orientation_tiff(o, tiff) == 0)
		put_chunk(out, "EXIF", tiff->data, tiff->len);
	else
		o = -1;
	g_byte_array_unref(tiff);
	return o;
}

int
scrub_webp(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info)
{
	guint base = out->len, vp8x = 0;
	struct vox_webp w;
	const char *why = NULL;
	int icc = 0, orientation;

	if (vox_webp_plan(data, len, &w, NULL, NULL, &why) < 0) {
		g_array_unref(w.parts);
		return vox_error("scrub", "'%s': %s", name, why);
	}
	if ((unsigned long long)w.width * w.height > SCRUB_MAX_PIXELS) {
		g_array_unref(w.parts);
		return vox_error("scrub", "'%s': absurd dimensions %ux%u", name, w.width,
		    w.height);
	}
	g_byte_array_append(out, (const guint8 *)"RIFF\0\0\0\0WEBP", 12);
	if (w.extended) {
		/* Written afresh: the reserved bits and bytes zero, the flags of what is kept. */
		uint8_t x[10] = { 0, 0, 0, 0,
			(uint8_t)(w.width - 1), (uint8_t)((w.width - 1) >> 8),
			(uint8_t)((w.width - 1) >> 16), (uint8_t)(w.height - 1),
			(uint8_t)((w.height - 1) >> 8), (uint8_t)((w.height - 1) >> 16) };

		put_chunk(out, "VP8X", x, 10);
		vp8x = base + 20;
	}
	for (guint i = 0; i < w.parts->len; i++) {
		const struct vox_webp_part *pt = &g_array_index(w.parts, struct vox_webp_part, i);

		if (!strcmp(pt->id, "ICCP")) {
			/* Only the first counts, as in libwebp. */
			icc = put_iccp(pt->data, pt->size, out);
		} else if (!strcmp(pt->id, "ANMF")) {
			/* The frame header with its reserved bits zero, then its image chunks. */
			uint32_t n = 16;
			uint8_t flags = pt->anmf_flags;

			for (guint j = i + 1; j < w.parts->len; j++) {
				const struct vox_webp_part *f = &g_array_index(w.parts,
				    struct vox_webp_part, j);

				if (!f->in_frame)
					break;
				n += 8 + f->size + (f->size & 1);
			}
			g_byte_array_append(out, (const guint8 *)"ANMF", 4);
			put_le32(out, n);
			g_byte_array_append(out, pt->data, 15);
			g_byte_array_append(out, &flags, 1);
		} else {
			put_chunk(out, pt->id, pt->data, pt->size);
		}
	}
	orientation = put_exif(w.exif, w.exif_size, out);
	if (orientation < 0) {
		g_array_unref(w.parts);
		g_byte_array_set_size(out, base);
		return -1;
	}
	if (vp8x)
		out->data[vp8x] = (uint8_t)((w.flags & ~(icc ? 0 : VOX_WEBP_VP8X_ICC)) |
		    (orientation != 1 ? VOX_WEBP_VP8X_EXIF : 0));
	g_array_unref(w.parts);
	if (out->len - base - 8 > 0xfffffff0u) {
		g_byte_array_set_size(out, base);
		return vox_error("scrub", "'%s': too large for a WebP file", name);
	}
	out->data[base + 4] = (uint8_t)(out->len - base - 8);
	out->data[base + 5] = (uint8_t)((out->len - base - 8) >> 8);
	out->data[base + 6] = (uint8_t)((out->len - base - 8) >> 16);
	out->data[base + 7] = (uint8_t)((out->len - base - 8) >> 24);
	if (info) {
		info->format = VOX_FORMAT_WEBP;
		info->width = (int)w.width;
		info->height = (int)w.height;
		info->orientation = orientation;
		info->lossy = 0;
	}
	return 0;
}
