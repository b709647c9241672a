#ifndef VOX_WEBP_H
#define VOX_WEBP_H

/*
 * The WebP container rules that scrub and audit share (the WebP container specification:
 * simple lossy, simple lossless and extended files). vox_webp_plan() reads a file's RIFF
 * chunks and says which of them the scrub writes: the image chunks in the place and form the
 * specification gives them, a VP8X rewritten (reserved bits and bytes zero, flags that match
 * what is kept), ANIM and ANMF only in an animation, ALPH only before the VP8 of an extended
 * still. Every other chunk is left out (EXIF, XMP and unknown ones; ICCP is kept, to be
 * rebuilt, vox/icc.h; the EXIF readers honour is found, for its orientation). What the plan
 * leaves out or rewrites in a chunk of a kept type is room for hidden bytes: note() is told
 * of each, which the audit reports.
 *
 * Not checked: bytes after the end of a VP8L bitstream or of a VP8 frame's last partition
 * (whose size is not written anywhere): finding them takes decoding the whole image.
 */

#include <stddef.h>
#include <stdint.h>

#include <glib.h>

#define VOX_WEBP_VP8X_ALPHA 0x10
#define VOX_WEBP_VP8X_ICC 0x20
#define VOX_WEBP_VP8X_ANIMATION 0x02
#define VOX_WEBP_VP8X_EXIF 0x08

struct vox_webp_part {
	char id[5];
	const uint8_t *data;    /* the body in the input */
	uint32_t size;
	int in_frame;           /* a chunk of the ANMF frame before it */
	uint8_t anmf_flags;     /* ANMF: the flags byte to write (reserved bits zero) */
};

struct vox_webp {
	int extended;           /* a VP8X came first: one is written */
	uint8_t flags;          /* the VP8X flags of what is kept (ICC set when ICCP is kept) */
	uint32_t width, height; /* the canvas */
	GArray *parts;          /* struct vox_webp_part: what is written, in order */
	/* The body of the first EXIF chunk of an extended file whose VP8X flags one, the only
	 * EXIF readers (libwebp, libvips) take the orientation from; NULL otherwise. It is
	 * not in parts: the scrub writes only its orientation, afresh (vox/exif.h). */
	const uint8_t *exif;
	uint32_t exif_size;
};

/*
 * Plans the RIFF body of the len bytes at d (the whole file). Returns 0 with w filled (the
 * caller frees w->parts with g_array_unref()), or -1 with *why saying what is wrong when
 * the file is refused. note(ud, what, bytes) is called for each thing left out of or
 * rewritten in a chunk of a kept type; it may be NULL.
 */
int vox_webp_plan(const uint8_t *d, size_t len, struct vox_webp *w,
    void (*note)(void *ud, const char *what, size_t bytes), void *ud, const char **why);

#endif
