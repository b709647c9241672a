/*
 * The PNG chunk rules scrub and audit share (vox/png.h): every chunk the scrub keeps is held
 * to its definition in the PNG specification (third edition) and the APNG extension, since
 * a chunk copied as it is carries whatever bytes it holds.
 */
#include <string.h>

#include <glib.h>

#include "vox/bytes.h"
#include "vox/png.h"

#define SCRATCH (32u * 1024u)

/* The chunks kept, each with the bit that says it came (all but IDAT, fcTL, fdAT, IEND may
 * appear once) and where it may stand. */
enum { BEFORE_PLTE = 1, BEFORE_IDAT = 2 };

static const struct kept {
	char type[5];
	unsigned where;
} kept[] = {
	{ "IHDR", BEFORE_PLTE | BEFORE_IDAT },
	{ "PLTE", BEFORE_IDAT },
	{ "IDAT", 0 },
	{ "IEND", 0 },
	{ "tRNS", BEFORE_IDAT },
	{ "gAMA", BEFORE_PLTE | BEFORE_IDAT },
	{ "cHRM", BEFORE_PLTE | BEFORE_IDAT },
	{ "sRGB", BEFORE_PLTE | BEFORE_IDAT },
	{ "iCCP", BEFORE_PLTE | BEFORE_IDAT },
	{ "sBIT", BEFORE_PLTE | BEFORE_IDAT },
	{ "cICP", BEFORE_PLTE | BEFORE_IDAT },
	{ "mDCV", BEFORE_IDAT },
	{ "cLLI", BEFORE_IDAT },
	{ "pHYs", BEFORE_IDAT },
	{ "bKGD", BEFORE_IDAT },
	{ "acTL", BEFORE_IDAT },
	{ "fcTL", 0 },
	{ "fdAT", 0 },
};

static int
find(const char *type)
{
	for (size_t i = 0; i < G_N_ELEMENTS(kept); i++)
		if (!memcmp(type, kept[i].type, 4))
			return (int)i;
	return -1;
}

int
vox_png_kept_type(const char *type)
{
	return find(type) >= 0;
}

void
vox_png_init(struct vox_png *p)
{
	memset(p, 0, sizeof *p);
}

void
vox_png_release(struct vox_png *p)
{
	if (p->zinit)
		inflateEnd(&p->z);
	g_free(p->scratch);
	memset(p, 0, sizeof *p);
}

static unsigned
channels(unsigned colour)
{
	switch (colour) {
	case 2: return 3;
	case 4: return 2;
	case 6: return 4;
	default: return 1;
	}
}

/* Adam7: the first column and row of each pass, and the steps between them. */
static const uint8_t adam7[7][4] = {
	{ 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 }, { 2, 0, 4, 4 },
	{ 0, 2, 2, 4 }, { 1, 0, 2, 2 }, { 0, 1, 1, 2 },
};

/* Moves to the next pass that has pixels (the first when p->pass is -1); 7 when none. */
static void
next_pass(struct vox_png *p, uint32_t w, uint32_t h)
{
	uint64_t bpp = (uint64_t)channels(p->colour) * p->depth;

	p->rows = 0;
	while (p->rows == 0 && ++p->pass < 7) {
		uint32_t pw = w, ph = h;

		if (p->interlace) {
			const uint8_t *a = adam7[p->pass];

			pw = w > a[0] ? (w - a[0] + a[2] - 1) / a[2] : 0;
			ph = h > a[1] ? (h - a[1] + a[3] - 1) / a[3] : 0;
		} else if (p->pass > 0) {
			ph = 0;
		}
		if (pw == 0)
			ph = 0;
		p->rows = ph;
		p->row_len = 1 + (pw * bpp + 7) / 8;
	}
	p->off = 0;
}

/* Starts the zlib stream of an image w by h (IDAT or one frame's fdAT). */
static int
stream_begin(struct vox_png *p, uint32_t w, uint32_t h, const char **why)
{
	if (!p->scratch)
		p->scratch = g_malloc(SCRATCH);
	if (!p->zinit) {
		memset(&p->z, 0, sizeof p->z);
		if (inflateInit(&p->z) != Z_OK) {
			*why = "the inflater cannot start";
			return -1;
		}
		p->zinit = 1;
	} else if (inflateReset(&p->z) != Z_OK) {
		*why = "the inflater cannot start";
		return -1;
	}
	p->zopen = 1;
	p->zend = 0;
	p->pass = -1;
	p->fw = w;
	p->fh = h;
	next_pass(p, w, h);
	return 0;
}

/* Ends the image stream open, if any: it must have ended, and decoded to the whole image. */
static int
stream_end(struct vox_png *p, const char **why)
{
	if (!p->zopen)
		return 0;
	p->zopen = 0;
	if (!p->zend) {
		*why = "the image data ends before its zlib stream";
		return -1;
	}
	if (p->pass < 7) {
		*why = "the image data decodes to less than the image";
		return -1;
	}
	return 0;
}

/* Follows n decoded bytes through the rows: every row starts with a filter type of 0-4. */
static int
rows(struct vox_png *p, const uint8_t *d, size_t n, const char **why)
{
	while (n > 0) {
		uint64_t take;

		if (p->pass >= 7) {
			*why = "the image data decodes to more than the image";
			return -1;
		}
		if (p->off == 0 && d[0] > 4) {
			*why = "the image data has a row with an unknown filter type";
			return -1;
		}
		take = MIN((uint64_t)n, p->row_len - p->off);
		p->off += take;
		d += take;
		n -= (size_t)take;
		if (p->off == p->row_len) {
			p->off = 0;
			if (--p->rows == 0)
				next_pass(p, p->fw, p->fh);
		}
	}
	return 0;
}

ssize_t
vox_png_data(struct vox_png *p, const uint8_t *d, size_t n, const char **why)
{
	int rc;

	if (!p->zopen || p->zend)
		return 0;
	p->z.next_in = (Bytef *)d;
	p->z.avail_in = (uInt)n;
	do {
		size_t made;

		p->z.next_out = p->scratch;
		p->z.avail_out = SCRATCH;
		rc = inflate(&p->z, Z_NO_FLUSH);
		if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && !p->z.avail_in)) {
			*why = "the image data is not a sound zlib stream";
			return -1;
		}
		made = SCRATCH - p->z.avail_out;
		if (rows(p, p->scratch, made, why) < 0)
			return -1;
		if (rc == Z_STREAM_END)
			p->zend = 1;
	} while (!p->zend && (p->z.avail_in > 0 || p->z.avail_out == 0));
	return (ssize_t)(n - p->z.avail_in);
}

static int
colour_valid(unsigned colour, unsigned depth)
{
	switch (colour) {
	case 0:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8 || depth == 16;
	case 3:
		return depth == 1 || depth == 2 || depth == 4 || depth == 8;
	case 2:
	case 4:
	case 6:
		return depth == 8 || depth == 16;
	default:
		return 0;
	}
}

/* Every two-byte sample of n below 2^depth (bKGD, tRNS). */
static int
samples_fit(const struct vox_png *p, const uint8_t *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (vox_be16(b + 2 * i) >> p->depth)
			return 0;
	return 1;
}

static enum vox_png_verdict
check_ihdr(struct vox_png *p, const uint8_t *b, uint32_t len, const char **why)
{
	if (len != 13) {
		*why = "an IHDR chunk that is not 13 bytes long";
		return VOX_PNG_REFUSE;
	}
	p->width = vox_be32(b);
	p->height = vox_be32(b + 4);
	p->depth = b[8];
	p->colour = b[9];
	p->interlace = b[12];
	if (p->width == 0 || p->height == 0 || p->width > 0x7fffffffu ||
	    p->height > 0x7fffffffu || !colour_valid(b[9], b[8]) || b[10] != 0 || b[11] != 0 ||
	    b[12] > 1) {
		*why = "an IHDR chunk with values the specification does not allow";
		return VOX_PNG_REFUSE;
	}
	p->ihdr = 1;
	return VOX_PNG_KEEP;
}

static enum vox_png_verdict
check_plte(struct vox_png *p, uint32_t len, const char **why)
{
	unsigned n = len / 3;

	if (p->colour == 0 || p->colour == 4) {
		*why = "a PLTE chunk in a greyscale image";
		return VOX_PNG_REFUSE;
	}
	if (p->colour != 3) {
		/* A suggested palette for a truecolour image: no pixel uses it, and its
		 * entries are free bytes. */
		*why = "a suggested palette (PLTE) that no pixel uses";
		return VOX_PNG_DROP;
	}
	if (len % 3 || n == 0 || n > 256 || n > 1u << p->depth) {
		*why = "a PLTE chunk that is not 1 to 2^depth entries of 3 bytes";
		return VOX_PNG_REFUSE;
	}
	/* Entries no pixel uses could be zeroed only by unfiltering every row before the PLTE
	 * is written, which comes before the image data: they are kept as they are. */
	p->palette = n;
	return VOX_PNG_KEEP;
}

/* The chunks whose body has a fixed form: its size and values. */
static int
body_sound(struct vox_png *p, const char *type, const uint8_t *b, uint32_t len,
    const char **why)
{
	static const uint8_t sbit_len[7] = { 1, 0, 3, 3, 2, 0, 4 };
	unsigned max = p->colour == 3 ? 8 : p->depth;

	if (!memcmp(type, "gAMA", 4)) {
		/* libpng's range: a value outside it is ignored by readers anyway. */
		if (len != 4 || vox_be32(b) < 16 || vox_be32(b) > 625000000u)
			goto bad;
	} else if (!memcmp(type, "cHRM", 4)) {
		if (len != 32)
			goto bad;
		/* Chromaticities lie between 0 and 1 (times 100000); white y is not 0. */
		for (unsigned i = 0; i < 8; i++)
			if (vox_be32(b + 4 * i) > 100000u)
				goto bad;
		if (vox_be32(b + 4) == 0)
			goto bad;
	} else if (!memcmp(type, "sRGB", 4)) {
		if (len != 1 || b[0] > 3)
			goto bad;
	} else if (!memcmp(type, "sBIT", 4)) {
		if (len != sbit_len[p->colour])
			goto bad;
		for (uint32_t i = 0; i < len; i++)
			if (b[i] == 0 || b[i] > max)
				goto bad;
	} else if (!memcmp(type, "pHYs", 4)) {
		if (len != 9 || vox_be32(b) > 0x7fffffffu || vox_be32(b + 4) > 0x7fffffffu || b[8] > 1)
			goto bad;
	} else if (!memcmp(type, "cICP", 4)) {
		/* PNG holds RGB only: the matrix coefficients are 0; the range flag 0 or 1. */
		if (len != 4 || b[2] != 0 || b[3] > 1)
			goto bad;
	} else if (!memcmp(type, "mDCV", 4)) {
		if (len != 24)
			goto bad;
	} else if (!memcmp(type, "cLLI", 4)) {
		if (len != 8)
			goto bad;
	} else if (!memcmp(type, "bKGD", 4)) {
		if (p->colour == 3) {
			if (len != 1 || b[0] >= p->palette)
				goto bad;
		} else if (len != (p->colour == 2 || p->colour == 6 ? 6u : 2u) ||
		    !samples_fit(p, b, len / 2)) {
			goto bad;
		}
	} else if (!memcmp(type, "tRNS", 4)) {
		if (p->colour == 3) {
			if (len == 0 || len > p->palette)
				goto bad;
		} else if (p->colour == 4 || p->colour == 6) {
			*why = "a tRNS chunk in an image that has an alpha channel";
			return -1;
		} else if (len != (p->colour == 2 ? 6u : 2u) || !samples_fit(p, b, len / 2)) {
			goto bad;
		}
	} else if (!memcmp(type, "acTL", 4)) {
		if (len != 8 || vox_be32(b) == 0 || vox_be32(b) > 0x7fffffffu ||
		    vox_be32(b + 4) > 0x7fffffffu)
			goto bad;
	}
	return 0;
bad:
	*why = "a chunk whose size or values its definition does not allow";
	return -1;
}

/* fcTL: the frame lies in the canvas, and the first frame, before IDAT, is the image. */
static int
fctl_sound(const struct vox_png *p, const uint8_t *b, uint32_t len)
{
	uint32_t w, h, x, y;

	if (len != 26)
		return 0;
	w = vox_be32(b + 4);
	h = vox_be32(b + 8);
	x = vox_be32(b + 12);
	y = vox_be32(b + 16);
	if (w == 0 || h == 0 || x > p->width || w > p->width - x || y > p->height ||
	    h > p->height - y || b[24] > 2 || b[25] > 1)
		return 0;
	if (p->idat == 0 && (x || y || w != p->width || h != p->height))
		return 0;
	return 1;
}

/* The animation chunks: acTL came before IDAT, and fcTL and fdAT follow one another in
 * sequence. A failure drops the rest of the animation, so that what is kept still plays. */
static enum vox_png_verdict
check_anim(struct vox_png *p, const char *type, const uint8_t *b, uint32_t len,
    const char **why)
{
	if (!p->animated) {
		*why = "an animation chunk in an image that is not animated (no acTL before IDAT)";
		return VOX_PNG_DROP;
	}
	if (p->anim_dropped) {
		*why = "an animation chunk after one that was dropped";
		return VOX_PNG_DROP;
	}
	if (len < 4 || vox_be32(b) != p->seq) {
		*why = "an animation chunk out of sequence";
		goto drop;
	}
	if (!memcmp(type, "fcTL", 4)) {
		if (p->fctl || !fctl_sound(p, b, len)) {
			*why = "an fcTL chunk whose size or values its definition does not allow";
			goto drop;
		}
		p->fctl = 1;
		p->fw = vox_be32(b + 4);
		p->fh = vox_be32(b + 8);
	} else if (!p->in_frame) {
		/* fdAT: the frame's data starts after an fcTL that followed the IDAT. */
		if (!p->fctl || p->idat == 0) {
			*why = "an fdAT chunk that no fcTL announced";
			goto drop;
		}
		p->fctl = 0;
		p->in_frame = 1;
		if (stream_begin(p, p->fw, p->fh, why) < 0)
			return VOX_PNG_REFUSE;
	}
	p->seq++;
	return VOX_PNG_KEEP;
drop:
	p->anim_dropped = 1;
	return VOX_PNG_DROP;
}

enum vox_png_verdict
vox_png_chunk(struct vox_png *p, const char *type, const uint8_t *b, uint32_t len,
    const char **why)
{
	int k = find(type);
	unsigned bit;
	int run = !memcmp(type, "IDAT", 4) ? 1 : !memcmp(type, "fdAT", 4) ? 2 : 0;

	/* A chunk that does not continue a run of image data ends it. */
	if (p->zopen && !(run == 1 && p->idat == 1) && !(run == 2 && p->in_frame)) {
		p->in_frame = 0;
		if (stream_end(p, why) < 0)
			return VOX_PNG_REFUSE;
	}
	if (p->idat == 1 && run != 1)
		p->idat = 2;
	if (!p->ihdr && memcmp(type, "IHDR", 4)) {
		*why = "a chunk before IHDR";
		return VOX_PNG_REFUSE;
	}
	if (k < 0) {
		*why = g_ascii_isupper(type[0]) ? "an unknown critical chunk" : "a chunk not kept";
		return g_ascii_isupper(type[0]) ? VOX_PNG_REFUSE : VOX_PNG_DROP;
	}
	if (!memcmp(type, "IHDR", 4)) {
		if (p->ihdr) {
			*why = "a second IHDR chunk";
			return VOX_PNG_REFUSE;
		}
		return check_ihdr(p, b, len, why);
	}
	if (!memcmp(type, "IEND", 4)) {
		if (len != 0) {
			*why = "an IEND chunk with a body";
			return VOX_PNG_REFUSE;
		}
		if (p->idat == 0) {
			*why = "no image data (IDAT chunk)";
			return VOX_PNG_REFUSE;
		}
		return VOX_PNG_KEEP;
	}
	if (run == 1) {
		if (p->idat == 2) {
			*why = "IDAT chunks that do not follow one another";
			return VOX_PNG_REFUSE;
		}
		if (p->colour == 3 && !p->palette) {
			*why = "a palette image without a PLTE chunk before its image data";
			return VOX_PNG_REFUSE;
		}
		if (p->idat == 0) {
			p->idat = 1;
			p->fctl = 0; /* the first frame's data, when an fcTL came before */
			if (stream_begin(p, p->width, p->height, why) < 0)
				return VOX_PNG_REFUSE;
		}
		return VOX_PNG_KEEP;
	}
	if (run == 2 || !memcmp(type, "fcTL", 4))
		return check_anim(p, type, b, len, why);

	/* The chunks that may come once, in their place. */
	bit = 1u << k;
	if (p->seen & bit) {
		*why = "a second chunk of a type that may appear once";
		return !memcmp(type, "PLTE", 4) ? VOX_PNG_REFUSE : VOX_PNG_DROP;
	}
	p->seen |= bit;
	if ((kept[k].where & BEFORE_IDAT && p->idat) ||
	    (kept[k].where & BEFORE_PLTE && p->seen & 1u << find("PLTE"))) {
		*why = "a chunk out of its place";
		return !memcmp(type, "PLTE", 4) ? VOX_PNG_REFUSE : VOX_PNG_DROP;
	}
	if (!memcmp(type, "PLTE", 4))
		return check_plte(p, len, why);
	if (!memcmp(type, "iCCP", 4))
		return VOX_PNG_KEEP; /* rebuilt, or dropped when it cannot be read */
	if (body_sound(p, type, b, len, why) < 0)
		return VOX_PNG_DROP;
	if (!memcmp(type, "acTL", 4)) {
		p->animated = 1;
		p->seq = 0;
	}
	return VOX_PNG_KEEP;
}
