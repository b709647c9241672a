/*
 * PNG scrubbing at chunk level (CONTRIBUTING.md privacy rule 3): every chunk's CRC is verified,
 * the pixel, colour and animation chunks are kept when they pass the rules of vox/png.h
 * (their size, values and place; the image data up to the end of its zlib stream), the ICC
 * profile of iCCP is rebuilt without its text under a neutral name, text, EXIF, time and
 * every unknown ancillary chunk are dropped, and an unknown critical chunk (one a decoder
 * must understand) refuses the file. The orientation of an eXIf chunk before the image data
 * is kept in a fresh eXIf in its place, holding nothing but Orientation (vox/exif.h).
 */
#include <string.h>

#include "vox/bytes.h"
#include "vox/error.h"
#include "vox/exif.h"
#include "vox/icc.h"
#include "vox/png.h"
#include "scrub_io.h"

static const uint8_t png_sig[8] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

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

		vox_put_be32(chunk->data, chunk->len - 8);
		memcpy(chunk->data + 4, "iCCP", 4);
		vox_put_be32(crc, crc_update(0xffffffffu, chunk->data + 4, chunk->len - 4) ^
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

/* Writes a chunk of type made afresh: the sequence number seq first unless it is -1, then
 * the n bytes at d. */
static int
put_chunk(struct scrub_sink *k, const char *type, int64_t seq, const uint8_t *d, size_t n)
{
	uint8_t h[12], t[4];
	size_t extra = seq >= 0 ? 4 : 0;
	uint32_t crc;

	vox_put_be32(h, (uint32_t)(n + extra));
	memcpy(h + 4, type, 4);
	vox_put_be32(h + 8, (uint32_t)seq);
	crc = crc_update(0xffffffffu, h + 4, 4 + extra);
	crc = crc_update(crc, d, n) ^ 0xffffffffu;
	vox_put_be32(t, crc);
	if (scrub_put(k, h, 8 + extra) != 0 || scrub_put(k, d, n) != 0 || scrub_put(k, t, 4) != 0)
		return -1;
	return 0;
}

/*
 * Writes, for the eXIf chunk whose body is held in body, a fresh eXIf holding only its
 * Orientation, as the JPEG scrub keeps it in APP1; nothing when the orientation is 1 or
 * cannot be read. *orientation is set to what is kept.
 */
static int
put_exif(struct scrub_sink *k, const GByteArray *body, int *orientation)
{
	GByteArray *tiff;
	int ret;

	*orientation = vox_exif_orientation(body->data, body->len);
	if (*orientation == 1)
		return 0;
	tiff = g_byte_array_sized_new(32);
	ret = vox_exif_orientation_tiff(*orientation, tiff);
	if (ret == 0)
		ret = put_chunk(k, "eXIf", -1, tiff->data, tiff->len);
	g_byte_array_unref(tiff);
	return ret;
}

/*
 * Copies an IDAT or fdAT chunk (its header at s->p, judged KEEP) through the checks of its
 * image data: only the bytes of the zlib stream are kept. A chunk whose data is all stream
 * and whose sequence number is the one due is copied as it is; one with bytes after the end
 * of the stream is written with its own length and CRC, and one with nothing of the stream
 * is dropped. Data longer than VOX_PNG_PIECE is written in pieces of that size, so that the
 * window holds a whole piece and the buffer and the stream give the same bytes. *seq is the
 * sequence number of the next fcTL or fdAT written, renumbered after a dropped fdAT.
 */
static int
put_image_chunk(struct scrub_src *s, struct scrub_sink *k, struct vox_png *st,
    const char *type, uint32_t len, uint64_t at, uint32_t *seq)
{
	const char *name = s->name, *why = NULL;
	int fdat = type[0] == 'f';
	uint32_t head = fdat ? 4 : 0, left;
	uint32_t crc;
	int whole = len - head <= VOX_PNG_PIECE;

	if (len < head)
		return 0; /* judged DROP before: not reached */
	if (whole && scrub_need(s, 8 + (size_t)len + 4) != 0)
		goto truncated;
	if (!whole && scrub_need(s, 8 + head) != 0)
		goto truncated;
	crc = crc_update(0xffffffffu, s->p + 4, 4 + head);
	if (whole) {
		const uint8_t *d = s->p + 8 + head;
		ssize_t used;
		int ret = 0;

		crc = crc_update(crc, d, len - head) ^ 0xffffffffu;
		if (crc != vox_be32(d + len - head))
			goto bad_crc;
		used = vox_png_data(st, d, len - head, &why);
		if (used < 0)
			goto refused;
		if ((uint32_t)used == len - head && (!fdat || vox_be32(s->p + 8) == *seq))
			ret = scrub_put(k, s->p, 12 + (size_t)len);
		else if (used > 0 || len == head)
			ret = put_chunk(k, type, fdat ? (int64_t)*seq : -1, d, (size_t)used);
		else
			head = 0; /* nothing of the stream: dropped, and no sequence number used */
		if (fdat && head)
			(*seq)++;
		s->p += 12 + (size_t)len;
		s->pos += 12 + (uint64_t)len;
		return ret;
	}
	s->p += 8 + head;
	s->pos += 8 + head;
	for (left = len - head; left > 0;) {
		uint32_t take = MIN(left, VOX_PNG_PIECE);
		ssize_t used;

		if (scrub_need(s, take) != 0)
			goto truncated;
		crc = crc_update(crc, s->p, take);
		used = vox_png_data(st, s->p, take, &why);
		if (used < 0)
			goto refused;
		if (used > 0 && put_chunk(k, type, fdat ? (int64_t)(*seq)++ : -1, s->p,
		    (size_t)used) != 0)
			return -1;
		s->p += take;
		s->pos += take;
		left -= take;
	}
	if (scrub_need(s, 4) != 0)
		goto truncated;
	if ((crc ^ 0xffffffffu) != vox_be32(s->p))
		goto bad_crc;
	s->p += 4;
	s->pos += 4;
	return 0;
truncated:
	return s->failed ? -1 : vox_error("scrub", "'%s': truncated inside chunk '%s' at byte %llu",
	    name, type, (unsigned long long)at);
bad_crc:
	return vox_error("scrub", "'%s': bad CRC of chunk '%s' at byte %llu", name, type,
	    (unsigned long long)at);
refused:
	return vox_error("scrub", "'%s': %s (chunk '%s' at byte %llu)", name, why, type,
	    (unsigned long long)at);
}

/*
 * Every chunk goes through the rules of vox/png.h: a kept chunk is copied as it is only
 * when its size, values and place are those of its definition, an ancillary one that fails
 * is dropped, a critical one refuses the file, and the image data is kept up to the end of
 * its zlib stream. body holds the first iCCP chunk's body while it is read, to be rebuilt,
 * and the first eXIf's, whose orientation is kept. Only an eXIf before the image data counts:
 * readers (libpng, libspng and so libvips) take the orientation from that one alone.
 */
static int
walk_png(struct scrub_src *s, struct scrub_sink *k, struct vox_png *st,
    struct vox_scrub_info *info, GByteArray *body)
{
	static gsize crc_ready;
	const char *name = s->name;
	int iccp = 0, exif = 0, orientation = 1;
	uint32_t seq = 0;

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
		const char *why = NULL;
		enum vox_png_verdict v;
		int keep, collect = 0, orient = 0, image;

		if (scrub_need(s, 8) != 0) {
			if (s->failed)
				return -1;
			return vox_error("scrub", "'%s': truncated %s at byte %llu", name,
			    scrub_avail(s) ? "inside a chunk header" : "before the IEND chunk",
			    (unsigned long long)at);
		}
		len = vox_be32(s->p);
		memcpy(type, s->p + 4, 4);
		type[4] = '\0';
		for (int i = 0; i < 4; i++)
			if (!g_ascii_isalpha(type[i]))
				return vox_error("scrub", "'%s': bad chunk type at byte %llu",
				    name, (unsigned long long)at);
		if (len > 0x7fffffffu)
			return vox_error("scrub", "'%s': bad length of chunk '%s' at byte %llu",
			    name, type, (unsigned long long)at);
		if (at == 8 && strcmp(type, "IHDR") != 0)
			return vox_error("scrub", "'%s': the first chunk is '%s', not IHDR", name,
			    type);
		image = !strcmp(type, "IDAT") || !strcmp(type, "fdAT");
		if (scrub_need(s, 8 + (size_t)MIN(len, image ? 4 : VOX_PNG_SMALL)) != 0)
			return s->failed ? -1 : vox_error("scrub", "'%s': truncated inside "
			    "chunk '%s' at byte %llu", name, type, (unsigned long long)at);
		v = vox_png_chunk(st, type, s->p + 8, len, &why);
		if (v == VOX_PNG_REFUSE)
			return vox_error("scrub", "'%s': %s (chunk '%s' at byte %llu)", name, why,
			    type, (unsigned long long)at);
		keep = v == VOX_PNG_KEEP;
		if (!strcmp(type, "IHDR") &&
		    st->width * (unsigned long long)st->height > SCRUB_MAX_PIXELS)
			return vox_error("scrub", "'%s': absurd dimensions %ux%u", name,
			    st->width, st->height);
		if (keep && image) {
			if (put_image_chunk(s, k, st, type, len, at, &seq) != 0)
				return -1;
			continue;
		}
		if (!strcmp(type, "iCCP") && keep) {
			/* Only the first counts (PNG allows one); one too large for a profile
			 * is dropped. Either way it is not copied as it is. */
			collect = !iccp && len <= VOX_ICC_MAX_SIZE;
			iccp = 1;
			keep = 0;
			g_byte_array_set_size(body, 0);
		}
		if (!strcmp(type, "eXIf") && !exif && st->idat == 0) {
			/* An EXIF block larger than an APP1 segment's is read as no orientation,
			 * as vox_exif_orientation() reads any it cannot. */
			exif = 1;
			orient = collect = len <= 65533;
			g_byte_array_set_size(body, 0);
		}
		if (keep) {
			/* Kept chunks are short (their length was checked): whole at hand. */
			const uint8_t *d = s->p + 8;

			if (scrub_need(s, 12 + (size_t)len) != 0)
				return s->failed ? -1 : vox_error("scrub", "'%s': truncated inside "
				    "chunk '%s' at byte %llu", name, type, (unsigned long long)at);
			crc = crc_update(0xffffffffu, s->p + 4, 4 + (size_t)len) ^ 0xffffffffu;
			if (crc != vox_be32(d + len))
				return vox_error("scrub", "'%s': bad CRC of chunk '%s' at byte %llu",
				    name, type, (unsigned long long)at);
			if (!strcmp(type, "fcTL") && vox_be32(d) != seq) {
				if (put_chunk(k, type, seq, d + 4, len - 4) != 0)
					return -1;
			} else if (scrub_put(k, s->p, 12 + (size_t)len) != 0) {
				return -1;
			}
			if (!strcmp(type, "fcTL"))
				seq++;
			s->p += 12 + (size_t)len;
			s->pos += 12 + (uint64_t)len;
			if (!strcmp(type, "IEND"))
				break; /* anything after IEND is dropped */
			continue;
		}
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
			if (collect)
				g_byte_array_append(body, s->p, (guint)take);
			s->p += take;
			s->pos += take;
			left -= (uint32_t)take;
		}
		if (scrub_need(s, 4) != 0)
			return s->failed ? -1 : vox_error("scrub", "'%s': truncated inside chunk "
			    "'%s' at byte %llu", name, type, (unsigned long long)at);
		if ((crc ^ 0xffffffffu) != vox_be32(s->p))
			return vox_error("scrub", "'%s': bad CRC of chunk '%s' at byte %llu", name,
			    type, (unsigned long long)at);
		if (collect && !orient && put_iccp(k, body) != 0)
			return -1;
		if (orient && put_exif(k, body, &orientation) != 0)
			return -1;
		s->p += 4;
		s->pos += 4;
	}
	if (info) {
		info->format = VOX_FORMAT_PNG;
		info->width = (int)st->width;
		info->height = (int)st->height;
		info->orientation = orientation;
		info->lossy = 0;
	}
	return 0;
}

int
scrub_png(struct scrub_src *s, struct scrub_sink *k, struct vox_scrub_info *info)
{
	GByteArray *body = g_byte_array_new();
	struct vox_png st;
	int ret;

	vox_png_init(&st);
	ret = walk_png(s, k, &st, info, body);
	vox_png_release(&st);
	g_byte_array_unref(body);
	return ret;
}
