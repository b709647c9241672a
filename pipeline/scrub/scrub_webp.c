/*
 * WebP scrubbing at RIFF chunk level (CONTRIBUTING.md privacy rule 3): the image, alpha and
 * animation chunks are copied as they are; the ICC profile of ICCP is rebuilt without its
 * text (vox/icc.h); EXIF, XMP and unknown chunks are dropped; the VP8X flags that announced
 * EXIF and XMP (and a profile that was dropped) are cleared and the RIFF size is rewritten.
 * Works in memory: the RIFF size sits before the chunks it counts.
 */
#include <string.h>

#include "vox/error.h"
#include "vox/icc.h"
#include "scrub_io.h"

#define VP8X_ICC 0x20
#define VP8X_EXIF 0x08
#define VP8X_XMP 0x04

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t
le24(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16;
}

static int
keep_chunk(const uint8_t *id)
{
	static const char *const keep[] = { "VP8 ", "VP8L", "VP8X", "ALPH", "ANIM", "ANMF" };

	for (size_t i = 0; i < G_N_ELEMENTS(keep); i++)
		if (memcmp(id, keep[i], 4) == 0)
			return 1;
	return 0;
}

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

/* The canvas size from the first image chunk; 0 when it cannot be read. */
static void
dimensions(const uint8_t *id, const uint8_t *d, uint32_t size, uint32_t *w, uint32_t *h)
{
	if (!memcmp(id, "VP8X", 4) && size >= 10) {
		*w = le24(d + 4) + 1;
		*h = le24(d + 7) + 1;
	} else if (!memcmp(id, "VP8 ", 4) && size >= 10 && d[3] == 0x9d && d[4] == 0x01 &&
	    d[5] == 0x2a) {
		*w = ((uint32_t)d[6] | (uint32_t)d[7] << 8) & 0x3fff;
		*h = ((uint32_t)d[8] | (uint32_t)d[9] << 8) & 0x3fff;
	} else if (!memcmp(id, "VP8L", 4) && size >= 5 && d[0] == 0x2f) {
		uint32_t b = le32(d + 1);

		*w = (b & 0x3fff) + 1;
		*h = ((b >> 14) & 0x3fff) + 1;
	}
}

int
scrub_webp(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info)
{
	static const uint8_t pad = 0;
	guint base = out->len;
	size_t end, pos = 12;
	uint32_t riff, w = 0, h = 0, total;
	int image = 0, icc = 0;
	size_t flags = 0; /* where the VP8X flags are in out, 0 without VP8X */

	if (len < 12 || memcmp(data, "RIFF", 4) != 0 || memcmp(data + 8, "WEBP", 4) != 0)
		return vox_error("scrub", "'%s': not a WebP (bad RIFF header)", name);
	riff = le32(data + 4);
	if (riff < 4 || (size_t)riff > len - 8)
		return vox_error("scrub", "'%s': truncated: the RIFF size %u runs past the end at "
		    "byte %zu", name, riff, len);
	end = 8 + (size_t)riff; /* anything after the RIFF chunk is dropped */
	g_byte_array_append(out, data, 12);

	while (pos < end) {
		const uint8_t *id = data + pos, *d;
		uint32_t size;
		size_t padded;

		if (end - pos < 8)
			return vox_error("scrub", "'%s': truncated inside a chunk header "
			    "at byte %zu", name, pos);
		size = le32(id + 4);
		padded = (size_t)size + (size & 1);
		if (padded > end - pos - 8)
			return vox_error("scrub", "'%s': truncated inside chunk '%.4s' "
			    "at byte %zu", name, (const char *)id, pos);
		d = id + 8;
		if (pos == 12 && memcmp(id, "VP8 ", 4) && memcmp(id, "VP8L", 4) &&
		    memcmp(id, "VP8X", 4))
			return vox_error("scrub", "'%s': the first chunk is '%.4s', "
			    "not VP8, VP8L or VP8X", name, (const char *)id);
		if (!memcmp(id, "VP8 ", 4) || !memcmp(id, "VP8L", 4) || !memcmp(id, "ANMF", 4))
			image = 1;
		if (w == 0)
			dimensions(id, d, size, &w, &h);
		if (keep_chunk(id)) {
			g_byte_array_append(out, id, 8 + size);
			if (size & 1)
				g_byte_array_append(out, &pad, 1);
			if (!memcmp(id, "VP8X", 4) && size >= 1 && !flags) {
				flags = out->len - padded;
				out->data[flags] &= (uint8_t)~(VP8X_EXIF | VP8X_XMP);
			}
		} else if (!memcmp(id, "ICCP", 4) && !icc) {
			/* Only the first counts, as in libwebp. */
			icc = put_iccp(d, size, out);
		}
		pos += 8 + padded;
	}
	if (flags && !icc)
		out->data[flags] &= (uint8_t)~VP8X_ICC;
	if (!image || w == 0 || h == 0 || (unsigned long long)w * h > SCRUB_MAX_PIXELS) {
		g_byte_array_set_size(out, base);
		if (!image)
			return vox_error("scrub", "'%s': no image data (VP8, VP8L or ANMF chunk)",
			    name);
		return vox_error("scrub", "'%s': absurd dimensions %ux%u", name, w, h);
	}
	total = (uint32_t)(out->len - base - 8);
	out->data[base + 4] = (uint8_t)total;
	out->data[base + 5] = (uint8_t)(total >> 8);
	out->data[base + 6] = (uint8_t)(total >> 16);
	out->data[base + 7] = (uint8_t)(total >> 24);
	if (info) {
		info->format = VOX_FORMAT_WEBP;
		info->width = (int)w;
		info->height = (int)h;
		info->orientation = 1;
		info->lossy = 0;
	}
	return 0;
}
