#ifndef VOX_PNG_H
#define VOX_PNG_H

/*
 * The PNG chunk rules that scrub and audit share (PNG specification, third edition, with the
 * APNG chunks): which chunks the scrub keeps, the exact size, values and place each of them
 * must have, and the image data checked as one zlib stream that decodes to exactly the
 * image. A chunk kept "as it is" could otherwise carry any bytes: a gAMA holding a name, a
 * pHYs with text after its nine bytes, an IEND with a body, bytes after the end of the
 * zlib stream inside IDAT. The scrub drops (or refuses) what these rules reject and the
 * audit reports it, so that the two agree by construction (CONTRIBUTING.md privacy rule 3).
 *
 * The caller walks the chunks in order: vox_png_chunk() for each, and vox_png_data() for the
 * image data of IDAT and fdAT. The state holds a few numbers and the inflater (about 40 KB):
 * nothing grows with the image.
 */

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <zlib.h>

enum vox_png_verdict {
	VOX_PNG_KEEP,    /* kept (iCCP: rebuilt, vox/icc.h) */
	VOX_PNG_DROP,    /* an ancillary chunk that is dropped: the pixels do not change */
	VOX_PNG_REFUSE,  /* the file is refused: a critical chunk (or the image data) is wrong */
};

struct vox_png {
	uint32_t width, height;
	uint8_t depth, colour, interlace;
	int ihdr;               /* a sound IHDR came first */
	unsigned palette;       /* entries of the PLTE kept, 0 without */
	unsigned seen;          /* a bit for each chunk that may appear once */
	int idat;               /* 0 before the first IDAT, 1 in the run of IDAT, 2 after it */
	int animated;           /* a sound acTL came before the first IDAT */
	int anim_dropped;       /* an animation chunk failed: the rest of the animation goes */
	uint32_t seq;           /* the sequence number the next fcTL or fdAT must have */
	int fctl;               /* 1 after an fcTL whose frame data (IDAT or fdAT) is due */
	int in_frame;           /* 1 while the fdAT of a frame run */
	uint32_t fw, fh;        /* the size of the frame the fdAT hold */
	/* The zlib stream of the image data being read (IDAT, or one frame's fdAT). */
	z_stream z;
	int zinit, zopen, zend;
	int pass;               /* Adam7 pass (0 when not interlaced), 7 when done */
	uint32_t pw, rows;      /* the pass's width in pixels, rows left in it */
	uint64_t row_len, off;  /* a row's bytes with its filter byte, where in the row */
	uint8_t *scratch;
};

/* The longest chunk other than IDAT, fdAT and iCCP that can be kept (PLTE is 768 bytes). */
#define VOX_PNG_SMALL 1024u

/* Bytes of image data the scrub copies in one piece: a chunk larger is written in pieces. */
#define VOX_PNG_PIECE (512u * 1024u)

void vox_png_init(struct vox_png *p);
void vox_png_release(struct vox_png *p);

/*
 * The verdict on the next chunk, of type (4 letters) and body length len. body holds at
 * least min(len, VOX_PNG_SMALL) bytes, the first min(len, 4) for IDAT and fdAT, whose data
 * goes through vox_png_data() (a kept chunk longer than VOX_PNG_SMALL fails on its length
 * before its body is read). Chunks that are not kept (text, EXIF, time,
 * sPLT, hIST, unknown ancillary ones) are VOX_PNG_DROP, an unknown critical one
 * VOX_PNG_REFUSE. Unless KEEP, *why says what is wrong ("4 bytes long, not 9").
 * A chunk that does not continue a run of image data ends it first: an image stream that
 * is not whole then refuses that chunk, *why saying so.
 */
enum vox_png_verdict vox_png_chunk(struct vox_png *p, const char *type, const uint8_t *body,
    uint32_t len, const char **why);

/*
 * Feeds n bytes of the image data of the IDAT (their bodies) or fdAT (after the sequence
 * number) just judged KEEP. Returns how many of them belong to the zlib stream (fewer than
 * n when the stream ended inside them: the rest is hidden bytes, dropped by the scrub), or
 * -1 with *why when the data is not one sound zlib stream of this image (refused).
 */
ssize_t vox_png_data(struct vox_png *p, const uint8_t *d, size_t n, const char **why);

/* Whether the chunk type is one the scrub keeps as it is when it passes the rules (iCCP is
 * rebuilt). */
int vox_png_kept_type(const char *type);

#endif
