#ifndef VOX_REDACT_H
#define VOX_REDACT_H

/*
 * Covering what scrubbing cannot see (privacy rule 11): a face, a street sign, a house
 * number. Each region is painted over with a solid box of one colour, never blurred or
 * pixelated (both can be undone), and the photo is re-encoded with libvips at high quality
 * with no metadata at all. Boxes are given in the photo's displayed orientation: the
 * stored orientation is applied first, so the result is stored upright (orientation 1).
 *
 * vox_redact_photo() stores the result as a new version of the photo: same ref, caption,
 * themes and consent, a new sha256; the old bytes and their derivatives are purged as a
 * withdrawal purges them, and the old hash gets a tombstone.
 *
 * Errors in the boxes themselves (empty, outside the image, unreadable) are recorded with
 * the domain "redact-box" (vox_error_domain()), so that a tool can report them as usage.
 */

#include <stddef.h>

#include "vox/catalog.h"

/* One box as given: x, y, width, height, each in pixels or in percent of the displayed
 * width (x, width) or height (y, height). */
struct vox_redact_box {
	double v[4];
	int percent[4];
};

/* A colour as 8-bit sRGB. */
struct vox_redact_colour {
	unsigned char r, g, b;
};

/*
 * Parses "X,Y,W,H": numbers of pixels ("120,40,200,80") or percentages ("10%,20%,30%,15%"),
 * non-negative, width and height above zero. Returns 0, or -1 with an error ("redact-box").
 */
int vox_redact_box_parse(const char *spec, struct vox_redact_box *box);

/* Parses black, white, grey (gray) or #rrggbb. Returns 0, or -1 with an error. */
int vox_redact_colour_parse(const char *name, struct vox_redact_colour *c);

/*
 * The box in whole pixels of an image width x height (displayed): rect = left, top,
 * width, height. Percentages round outwards, so the box covers at least what was asked.
 * A box that is empty or reaches outside the image is an error ("redact-box").
 */
int vox_redact_box_resolve(const struct vox_redact_box *box, int width, int height,
    int rect[4]);

/*
 * Decodes an image (JPEG, PNG or WebP bytes), applies its orientation, covers each box
 * with the colour and encodes it again in format ext ("jpg": JPEG quality 95 without
 * chroma subsampling; "png"; "webp": quality 95) with no metadata. An embedded colour
 * profile is applied first (the result is sRGB). *out is newly allocated (g_free).
 * Returns 0, or -1 with an error.
 */
int vox_redact_image(const void *bytes, size_t len, const char *ext,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    void **out, size_t *out_len);

/*
 * As vox_redact_image(), reading the photo from in_fd (from its start) and writing the
 * encoded photo to out_fd: JPEG and PNG are written as the rows come, and nothing else is
 * held whole but what the limit counts. Refused (an error) when it would hold more than
 * photovox allows at once (vox-redact.1 gives the sizes).
 */
int vox_redact_fd(int in_fd, const char *ext, const struct vox_redact_box *boxes,
    size_t n_boxes, const struct vox_redact_colour *c, int out_fd);

/*
 * Redacts photo p (as vox_catalog_photo() returned it) in the collection: the result is
 * stored with vox_catalog_replace_photo() (under the store lock: the new file, then the
 * row moved to it with a tombstone for the old hash and an event, then the old stored file
 * and every derivative of it under cache/ removed). On success new_sha256 holds the new
 * hash. Returns 0, or -1 with an error (and the collection as it was).
 */
int vox_redact_photo(vox_catalog *cat, const struct vox_photo *p,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    char new_sha256[65]);

#endif
