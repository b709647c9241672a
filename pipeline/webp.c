/*
 * The WebP container rules scrub and audit share (vox/webp.h): a chunk of a kept type is
 * kept only in the place and form the container specification gives it, since a chunk
 * copied as it is carries whatever bytes it holds.
 */
#include <string.h>

#include "vox/bytes.h"
#include "vox/webp.h"

static int
is(const uint8_t *id, const char *s)
{
	return memcmp(id, s, 4) == 0;
}

static int
kept_type(const uint8_t *id)
{
	return is(id, "VP8 ") || is(id, "VP8L") || is(id, "VP8X") || is(id, "ALPH") ||
	    is(id, "ANIM") || is(id, "ANMF");
}

struct plan {
	struct vox_webp *w;
	void (*note)(void *, const char *, size_t);
	void *ud;
	const char **why;
};

static void
say(struct plan *p, const char *what, size_t n)
{
	if (p->note)
		p->note(p->ud, what, n);
}

static int
refuse(struct plan *p, const char *why)
{
	*p->why = why;
	return -1;
}

static void
add(struct plan *p, const uint8_t *id, const uint8_t *d, uint32_t size, int in_frame)
{
	struct vox_webp_part part = { 0 };

	memcpy(part.id, id, 4);
	part.data = d;
	part.size = size;
	part.in_frame = in_frame;
	g_array_append_val(p->w->parts, part);
}

/*
 * Checks the header of a VP8 or VP8L bitstream and gives its size. The bytes after the
 * bitstream cannot be told from it without decoding: the last partition of VP8 and the
 * whole of VP8L have no written length.
 */
static int
bitstream(struct plan *p, const uint8_t *id, const uint8_t *d, uint32_t size, uint32_t *w,
    uint32_t *h)
{
	if (is(id, "VP8 ")) {
		uint32_t tag;

		if (size < 10)
			return refuse(p, "a VP8 chunk too short for its frame header");
		tag = vox_le24(d);
		if ((tag & 1) || ((tag >> 1) & 7) > 3 || !((tag >> 4) & 1) ||
		    (tag >> 5) > size - 10 || d[3] != 0x9d || d[4] != 0x01 || d[5] != 0x2a)
			return refuse(p, "a VP8 chunk that is not one key frame shown");
		*w = ((uint32_t)d[6] | (uint32_t)d[7] << 8) & 0x3fff;
		*h = ((uint32_t)d[8] | (uint32_t)d[9] << 8) & 0x3fff;
	} else {
		uint32_t b;

		if (size < 5 || d[0] != 0x2f)
			return refuse(p, "a VP8L chunk without its signature");
		b = vox_le32(d + 1);
		if (b >> 29)
			return refuse(p, "a VP8L chunk of an unknown version");
		*w = (b & 0x3fff) + 1;
		*h = ((b >> 14) & 0x3fff) + 1;
	}
	if (*w == 0 || *h == 0)
		return refuse(p, "an image of no pixels");
	return 0;
}

/* ALPH for an image w by h: its header's reserved bits are zero; raw alpha is w * h bytes. */
static int
alph(struct plan *p, const uint8_t *d, uint32_t size, uint32_t w, uint32_t h,
    uint32_t *keep)
{
	*keep = size;
	if (size < 1 || d[0] >> 6 || (d[0] & 3) > 1 || ((d[0] >> 4) & 3) > 1)
		return refuse(p, "an ALPH chunk with a header the specification does not allow");
	if ((d[0] & 3) == 0) {
		uint64_t raw = 1 + (uint64_t)w * h;

		if (size < raw)
			return refuse(p, "an ALPH chunk shorter than its image");
		if (size > raw) {
			say(p, "bytes after the alpha of an ALPH chunk", size - raw);
			*keep = (uint32_t)raw;
		}
	}
	return 0;
}

/* The frame data of an ANMF: (ALPH, VP8) or VP8L, and unknown chunks, which are dropped. */
static int
frame(struct plan *p, const uint8_t *d, uint32_t size)
{
	uint32_t x = vox_le24(d) * 2, y = vox_le24(d + 3) * 2, fw = vox_le24(d + 6) + 1, fh = vox_le24(d + 9) + 1;
	size_t pos = 16, alph_at = 0;
	int image = 0;
	struct vox_webp_part *anmf;

	if ((uint64_t)x + fw > p->w->width || (uint64_t)y + fh > p->w->height)
		return refuse(p, "an ANMF frame outside the canvas");
	anmf = &g_array_index(p->w->parts, struct vox_webp_part, p->w->parts->len - 1);
	anmf->anmf_flags = d[15] & 3;
	if (d[15] & ~3u)
		say(p, "reserved bits set in an ANMF chunk", 1);
	while (pos < size) {
		const uint8_t *id = d + pos, *b = id + 8;
		uint32_t n, iw, ih, keep;

		if (size - pos < 8 || (n = vox_le32(id + 4)) > size - pos - 8)
			return refuse(p, "an ANMF chunk whose frame data runs past its end");
		if ((n & 1) && (pos + 8 + n >= size || b[n] != 0)) {
			if (pos + 8 + n >= size)
				return refuse(p, "an ANMF chunk whose frame data runs past its end");
			say(p, "a padding byte that is not zero", 1);
		}
		if (is(id, "ALPH") && !image && !alph_at) {
			if (alph(p, b, n, fw, fh, &keep) < 0)
				return -1;
			add(p, id, b, keep, 1);
			alph_at = p->w->parts->len;
		} else if ((is(id, "VP8 ") || is(id, "VP8L")) && !image) {
			if (bitstream(p, id, b, n, &iw, &ih) < 0)
				return -1;
			if (iw != fw || ih != fh)
				return refuse(p, "an ANMF frame whose image is not its size");
			if (alph_at && is(id, "VP8L")) {
				say(p, "an ALPH chunk before a lossless image", 0);
				g_array_remove_index(p->w->parts, alph_at - 1);
			}
			add(p, id, b, n, 1);
			image = 1;
		} else {
			say(p, "a chunk in an ANMF frame that is not its image", n);
		}
		pos += 8 + (size_t)n + (n & 1);
	}
	if (!image)
		return refuse(p, "an ANMF frame without an image");
	return 0;
}

int
vox_webp_plan(const uint8_t *data, size_t len, struct vox_webp *w,
    void (*note)(void *ud, const char *what, size_t bytes), void *ud, const char **why)
{
	struct plan p = { w, note, ud, why };
	size_t pos = 12, end, alph_at = 0;
	uint32_t riff;
	int anim_flag = 0, exif_flag = 0, anim = 0, frames = 0, image = 0, icc = 0, simple = 0;

	memset(w, 0, sizeof *w);
	w->parts = g_array_new(FALSE, TRUE, sizeof(struct vox_webp_part));
	if (len < 12 || memcmp(data, "RIFF", 4) || memcmp(data + 8, "WEBP", 4))
		return refuse(&p, "not a WebP (bad RIFF header)");
	riff = vox_le32(data + 4);
	if (riff < 4 || (size_t)riff > len - 8)
		return refuse(&p, "truncated: the RIFF size runs past the end");
	end = 8 + (size_t)riff;
	while (pos < end) {
		const uint8_t *id = data + pos, *d = id + 8;
		uint32_t size, iw, ih, keep;

		if (end - pos < 8)
			return refuse(&p, "truncated inside a chunk header");
		size = vox_le32(id + 4);
		if ((size_t)size + (size & 1) > end - pos - 8)
			return refuse(&p, "truncated inside a chunk");
		if ((size & 1) && d[size] != 0)
			say(&p, "a padding byte that is not zero", 1);
		pos += 8 + (size_t)size + (size & 1);
		if (pos == 12 + 8 + (size_t)size + (size & 1)) {
			if (is(id, "VP8 ") || is(id, "VP8L")) {
				simple = 1;
			} else if (is(id, "VP8X")) {
				if (size < 10)
					return refuse(&p, "a VP8X chunk shorter than 10 bytes");
				if (size > 10)
					say(&p, "bytes after the 10 of a VP8X chunk", size - 10);
				if (d[0] & 0xc1 || d[1] || d[2] || d[3])
					say(&p, "reserved bits set in a VP8X chunk", 4);
				w->extended = 1;
				anim_flag = d[0] & VOX_WEBP_VP8X_ANIMATION;
				exif_flag = d[0] & VOX_WEBP_VP8X_EXIF;
				w->flags = d[0] & VOX_WEBP_VP8X_ALPHA;
				w->width = vox_le24(d + 4) + 1;
				w->height = vox_le24(d + 7) + 1;
				if ((uint64_t)w->width * w->height > 0xffffffffu)
					return refuse(&p, "a canvas larger than WebP allows");
				continue;
			} else {
				return refuse(&p, "the first chunk is not VP8, VP8L or VP8X");
			}
		}
		if (is(id, "ICCP")) {
			if (w->extended && !icc && !image && !anim && !alph_at) {
				add(&p, id, d, size, 0);
				icc = 1;
			}
			continue; /* the audit judges the profile itself */
		}
		if (is(id, "EXIF") && exif_flag && !w->exif) {
			w->exif = d;
			w->exif_size = size;
		}
		if (!kept_type(id))
			continue; /* EXIF, XMP, unknown: left out, the audit names them */
		if (simple && image) {
			say(&p, "a chunk after the image of a simple WebP file", size);
		} else if (is(id, "ANIM")) {
			if (!anim_flag || anim) {
				say(&p, "an ANIM chunk in a still image", size);
				continue;
			}
			if (size < 6)
				return refuse(&p, "an ANIM chunk shorter than 6 bytes");
			if (size > 6)
				say(&p, "bytes after the 6 of an ANIM chunk", size - 6);
			add(&p, id, d, 6, 0);
			anim = 1;
		} else if (is(id, "ANMF")) {
			if (!anim) {
				say(&p, "an ANMF chunk outside an animation", size);
				continue;
			}
			if (size < 16)
				return refuse(&p, "an ANMF chunk shorter than its header");
			add(&p, id, d, size, 0);
			if (frame(&p, d, size) < 0)
				return -1;
			frames++;
		} else if (is(id, "VP8X")) {
			say(&p, "a second VP8X chunk", size);
		} else if (is(id, "ALPH")) {
			if (!w->extended || anim_flag || image || alph_at) {
				say(&p, "an ALPH chunk outside an extended still image", size);
				continue;
			}
			if (alph(&p, d, size, w->width, w->height, &keep) < 0)
				return -1;
			add(&p, id, d, keep, 0);
			alph_at = w->parts->len;
		} else if (anim_flag || image) {
			say(&p, "an image chunk outside its place", size);
		} else {
			if (bitstream(&p, id, d, size, &iw, &ih) < 0)
				return -1;
			if (w->extended && (iw != w->width || ih != w->height))
				return refuse(&p, "an image whose size is not the canvas's");
			if (!w->extended) {
				w->width = iw;
				w->height = ih;
			}
			if (alph_at && is(id, "VP8L")) {
				/* ALPH goes with VP8 only: VP8L holds its own alpha. */
				say(&p, "an ALPH chunk before a lossless image", 0);
				g_array_remove_index(w->parts, alph_at - 1);
				alph_at = 0;
			}
			add(&p, id, d, size, 0);
			image = 1;
		}
	}
	if (alph_at && !image) {
		say(&p, "an ALPH chunk without its image", 0);
		g_array_remove_index(w->parts, alph_at - 1);
	}
	if (anim_flag && !frames)
		return refuse(&p, "an animation without frames (ANIM and ANMF chunks)");
	if (!anim_flag && !image)
		return refuse(&p, "no image data (VP8 or VP8L chunk)");
	if (icc)
		w->flags |= VOX_WEBP_VP8X_ICC;
	if (anim)
		w->flags |= VOX_WEBP_VP8X_ANIMATION;
	return 0;
}
