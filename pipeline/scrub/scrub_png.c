/*
 * PNG scrubbing at chunk level (CONTRIBUTING.md privacy rule 3): every chunk's CRC is verified,
 * the pixel, colour and animation chunks are copied as they are, the ICC profile of iCCP is
 * rebuilt without its text under a neutral name, text, EXIF, time and every unknown
 * ancillary chunk are dropped, and an unknown critical chunk (one a decoder must understand)
 * refuses the file.
 */
#include <string.h>

#include "vox/error.h"
#include "vox/icc.h"
#include "scrub_io.h"

static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* Ancillary chunks that describe pixels or colour, or animate: nothing about people. */
static const char *const keep_ancillary[] = {
	"tRNS", "gAMA", "cHRM", "sRGB", "iCCP", "sBIT", "pHYs", "bKGD",
	"cICP", "mDCV", "cLLI", "acTL", "fcTL", "fdAT",
};

static uint32_t crc_table[256];

static void
crc_init(void)
{
	for (uint32_t n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int i = 0; i < 8; i++)
			c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

static uint32_t
crc_update(uint32_t c, const uint8_t *p, size_t n)
{
	while (n--)
		c = crc_table[(c ^ *p++) & 0xff] ^ (c >> 8);
	return c;
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void
put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/*
 * Writes the iCCP chunk whose body is held in body, rebuilt: the profile name (free text,
 * often a person's or a machine's) becomes VOX_ICC_NEUTRAL_NAME, and the profile loses its
 * text (vox_icc_clean()). A chunk that cannot be read is dropped: the pixels do not change,
 * and readers then show the colours as sRGB.
 */
static int
put_iccp(struct scrub_sink *k, const GByteArray *body)
{
	GByteArray *prof = g_byte_array_new(), *clean = g_byte_array_new();
	GByteArray *chunk = g_byte_array_new();
	int ret = 0;

	g_byte_array_set_size(chunk, 8);
	if (vox_icc_iccp_read(body->data, body->len, prof, NULL) == 0 &&
	    vox_icc_clean(prof->data, prof->len, clean) == 0 &&
	    vox_icc_iccp_write(clean->data, clean->len, chunk) == 0) {
		uint8_t crc[4];

		put_be32(chunk->data, chunk->len - 8);
		memcpy(chunk->data + 4, "iCCP", 4);
		put_be32(crc, crc_update(0xffffffffu, chunk->data + 4, chunk->len - 4) ^
		    0xffffffffu);
		g_byte_array_append(chunk, crc, 4);
		ret = scrub_put(k, chunk->data, chunk->len);
	} else {
		vox_error_clear(); /* a dropped profile is not an error of the photo */
	}
	g_byte_array_unref(prof);
	g_byte_array_unref(clean);
	g_byte_array_unref(chunk);
	return ret;
}

static int
keep_chunk(const char *t)
{
	if (!strcmp(t, "IHDR") || !strcmp(t, "PLTE") || !strcmp(t, "IDAT") || !strcmp(t, "IEND"))
		return 1;
	for (size_t i = 0; i < G_N_ELEMENTS(keep_ancillary); i++)
		if (!strcmp(t, keep_ancillary[i]))
			return 1;
	return 0;
}

/* body holds the first iCCP chunk's body while it is read, to be rebuilt. */
static int
walk_png(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info,
    GByteArray *body)
{
	static gsize crc_ready;
	const char *name = s->name;
	int chunks = 0, idat = 0, iccp = 0;
	uint32_t width = 0, height = 0;

	if (g_once_init_enter(&crc_ready)) {
		crc_init();
		g_once_init_leave(&crc_ready, 1);
	}
	if (scrub_need(s, 8) != 0 || memcmp(s->p, png_sig, 8) != 0)
		return s->failed ? -1 :
		    vox_error("scrub", "'%s': not a PNG (bad signature)", name);
	if (scrub_put(k, png_sig, 8) != 0)
		return -1;
	s->p += 8;
	s->pos += 8;

	for (;;) {
		uint64_t at = s->pos;
		uint32_t len, crc;
		char type[5];
		int keep, collect = 0;

		if (scrub_need(s, 8) != 0) {
			if (s->failed)
				return -1;
			return vox_error("scrub", "'%s': truncated %s at byte %llu", name,
			    scrub_avail(s) ? "inside a chunk header" : "before the IEND chunk",
			    (unsigned long long)at);
		}
		len = be32(s->p);
		memcpy(type, s->p + 4, 4);
		type[4] = '\0';
		for (int i = 0; i < 4; i++)
			if (!g_ascii_isalpha(type[i]))
				return vox_error("scrub", "'%s': bad chunk type at byte %llu",
				    name, (unsigned long long)at);
		if (len > 0x7fffffffu)
			return vox_error("scrub", "'%s': bad length of chunk '%s' at byte %llu",
			    name, type, (unsigned long long)at);
		if (chunks == 0 && strcmp(type, "IHDR") != 0)
			return vox_error("scrub", "'%s': the first chunk is '%s', not IHDR", name,
			    type);
		chunks++;
		keep = keep_chunk(type);
		if (!keep && g_ascii_isupper(type[0]))
			return vox_error("scrub", "'%s': unknown critical chunk '%s' at byte %llu",
			    name, type, (unsigned long long)at);
		if (!strcmp(type, "IHDR")) {
			if (chunks != 1 || len != 13)
				return vox_error("scrub", "'%s': bad IHDR chunk at byte %llu",
				    name, (unsigned long long)at);
			if (scrub_need(s, 8 + 13) != 0)
				return vox_error("scrub", "'%s': truncated inside the IHDR chunk",
				    name);
			width = be32(s->p + 8);
			height = be32(s->p + 12);
			if (width == 0 || height == 0 || width > 0x7fffffffu ||
			    height > 0x7fffffffu ||
			    (unsigned long long)width * height > SCRUB_MAX_PIXELS)
				return vox_error("scrub", "'%s': absurd dimensions %ux%u", name,
				    width, height);
		}
		if (!strcmp(type, "IDAT"))
			idat = 1;
		if (!strcmp(type, "iCCP")) {
			/* Only the first counts (PNG allows one); one too large for a profile
			 * is dropped. Either way it is not copied as it is. */
			collect = !iccp && len <= VOX_ICC_MAX_SIZE;
			iccp = 1;
			keep = 0;
			g_byte_array_set_size(body, 0);
		}
		if (keep && scrub_put(k, s->p, 8) != 0)
			return -1;
		crc = crc_update(0xffffffffu, s->p + 4, 4);
		s->p += 8;
		s->pos += 8;
		for (uint32_t left = len; left > 0;) {
			size_t take = scrub_avail(s);

			if (take == 0) {
				if (scrub_fill(s) > 0)
					continue;
				if (s->failed)
					return -1;
				return vox_error("scrub", "'%s': truncated inside chunk '%s' "
				    "at byte %llu", name, type, (unsigned long long)at);
			}
			if (take > left)
				take = left;
			crc = crc_update(crc, s->p, take);
			if (keep && scrub_put(k, s->p, take) != 0)
				return -1;
			if (collect)
				g_byte_array_append(body, s->p, (guint)take);
			s->p += take;
			s->pos += take;
			left -= (uint32_t)take;
		}
		if (scrub_need(s, 4) != 0)
			return s->failed ? -1 : vox_error("scrub", "'%s': truncated inside chunk "
			    "'%s' at byte %llu", name, type, (unsigned long long)at);
		if ((crc ^ 0xffffffffu) != be32(s->p))
			return vox_error("scrub", "'%s': bad CRC of chunk '%s' at byte %llu", name,
			    type, (unsigned long long)at);
		if (keep && scrub_put(k, s->p, 4) != 0)
			return -1;
		if (collect && put_iccp(k, body) != 0)
			return -1;
		s->p += 4;
		s->pos += 4;
		if (!strcmp(type, "IEND"))
			break; /* anything after IEND is dropped */
	}
	if (!idat)
		return vox_error("scrub", "'%s': no image data (IDAT chunk)", name);
	if (info) {
		info->format = VOX_FORMAT_PNG;
		info->width = (int)width;
		info->height = (int)height;
		info->orientation = 1;
		info->lossy = 0;
	}
	return 0;
}

int
scrub_png(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info)
{
	GByteArray *body = g_byte_array_new();
	int ret = walk_png(s, k, info, body);

	g_byte_array_unref(body);
	return ret;
}
