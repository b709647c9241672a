/*
 * vox redact: solid boxes over regions of a photo, a new stored version, the old bytes
 * purged. The pixel work is a libvips pipeline (autorot, then one constant block inserted
 * per box), which streams: no full copy of a large photo is held in memory.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <glib.h>
#include <vips/vips.h>

#include "vox/catalog.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/redact.h"
#include "vox/store.h"

#define BOX "redact-box"
/* A box or colour the caller got wrong is theirs to fix (usage), not the photo's fault. */
#define box_error(...) vox_error_k(VOX_ERR_USAGE, BOX, __VA_ARGS__)

int
vox_redact_box_parse(const char *spec, struct vox_redact_box *box)
{
	g_auto(GStrv) parts = NULL;

	memset(box, 0, sizeof(*box));
	if (!spec || !*spec)
		return box_error("empty box: give X,Y,W,H");
	parts = g_strsplit(spec, ",", -1);
	if (g_strv_length(parts) != 4)
		return box_error("'%s': a box is X,Y,W,H (four numbers, pixels or percent)",
		    spec);
	for (int i = 0; i < 4; i++) {
		char *s = g_strstrip(parts[i]), *endp;
		double v;

		if (!*s || !(g_ascii_isdigit(*s) || *s == '.'))
			return box_error("'%s': '%s' is not a number of pixels or a "
			    "percentage", spec, s);
		errno = 0;
		v = g_ascii_strtod(s, &endp);
		if (errno || !isfinite(v) || v < 0)
			return box_error("'%s': '%s' is out of range", spec, s);
		if (*endp == '%') {
			box->percent[i] = 1;
			endp++;
			if (v > 100)
				return box_error("'%s': '%s' is more than 100%%", spec, s);
		} else if (v != floor(v)) {
			return box_error("'%s': '%s': pixels are whole numbers", spec, s);
		}
		if (*endp)
			return box_error("'%s': '%s' is not a number of pixels or a "
			    "percentage", spec, s);
		if (v > 1e9)
			return box_error("'%s': '%s' is out of range", spec, s);
		box->v[i] = v;
	}
	if (box->v[2] <= 0 || box->v[3] <= 0)
		return box_error("'%s': the box is empty (width and height must be above 0)",
		    spec);
	return 0;
}

int
vox_redact_colour_parse(const char *name, struct vox_redact_colour *c)
{
	if (!name)
		return box_error("no colour given");
	if (g_ascii_strcasecmp(name, "black") == 0) {
		*c = (struct vox_redact_colour){ 0, 0, 0 };
	} else if (g_ascii_strcasecmp(name, "white") == 0) {
		*c = (struct vox_redact_colour){ 255, 255, 255 };
	} else if (g_ascii_strcasecmp(name, "grey") == 0 || g_ascii_strcasecmp(name, "gray") == 0) {
		*c = (struct vox_redact_colour){ 128, 128, 128 };
	} else if (name[0] == '#' && strlen(name) == 7 &&
	    strspn(name + 1, "0123456789abcdefABCDEF") == 6) {
		unsigned long v = strtoul(name + 1, NULL, 16);

		c->r = (unsigned char)(v >> 16);
		c->g = (unsigned char)(v >> 8);
		c->b = (unsigned char)v;
	} else {
		return box_error("'%s': not a colour (black, white, grey or #rrggbb)", name);
	}
	return 0;
}

int
vox_redact_box_resolve(const struct vox_redact_box *box, int width, int height, int rect[4])
{
	double lo[2], hi[2];
	int dim[2] = { width, height };

	for (int a = 0; a < 2; a++) {
		double start = box->v[a], len = box->v[a + 2];

		if (box->percent[a])
			start = start * dim[a] / 100.0;
		if (box->percent[a + 2])
			len = len * dim[a] / 100.0;
		lo[a] = floor(start);
		hi[a] = ceil(start + len);
		/* Rounding a percentage outwards may step a hair past the edge it names. */
		if ((box->percent[a] || box->percent[a + 2]) && hi[a] > dim[a] &&
		    start + len <= dim[a] + 1e-6)
			hi[a] = dim[a];
	}
	if (hi[0] - lo[0] < 1 || hi[1] - lo[1] < 1)
		return box_error("box %g%s,%g%s,%g%s,%g%s is empty", box->v[0],
		    box->percent[0] ? "%" : "", box->v[1], box->percent[1] ? "%" : "",
		    box->v[2], box->percent[2] ? "%" : "", box->v[3], box->percent[3] ? "%" : "");
	if (lo[0] < 0 || lo[1] < 0 || hi[0] > width || hi[1] > height)
		return box_error("box %g%s,%g%s,%g%s,%g%s reaches outside the photo "
		    "(%d x %d as displayed)", box->v[0], box->percent[0] ? "%" : "", box->v[1],
		    box->percent[1] ? "%" : "", box->v[2], box->percent[2] ? "%" : "", box->v[3],
		    box->percent[3] ? "%" : "", width, height);
	rect[0] = (int)lo[0];
	rect[1] = (int)lo[1];
	rect[2] = (int)(hi[0] - lo[0]);
	rect[3] = (int)(hi[1] - lo[1]);
	return 0;
}

/* A solid block w x h in the image's band count and format, of colour c. */
static VipsImage *
solid_block(VipsImage *ref, VipsImage **t, int w, int h, const struct vox_redact_colour *c)
{
	int bands = ref->Bands;
	double a[4] = { 0, 0, 0, 0 }, b[4];
	double max = ref->BandFmt == VIPS_FORMAT_USHORT ? 65535.0 : 255.0;
	double scale = max / 255.0;
	int colour_bands = bands >= 3 ? 3 : 1;

	if (bands > 4)
		return NULL;
	if (colour_bands == 3) {
		b[0] = c->r * scale;
		b[1] = c->g * scale;
		b[2] = c->b * scale;
	} else {
		/* Rec. 601 luma for a one-band image. */
		b[0] = (0.299 * c->r + 0.587 * c->g + 0.114 * c->b) * scale;
	}
	for (int i = colour_bands; i < bands; i++)
		b[i] = max; /* an opaque alpha: the box hides, it does not let through */
	if (vips_black(&t[0], w, h, "bands", bands, NULL) ||
	    vips_linear(t[0], &t[1], a, b, bands, NULL) ||
	    vips_cast(t[1], &t[2], ref->BandFmt, NULL))
		return NULL;
	return t[2];
}

int
vox_redact_image(const void *bytes, size_t len, const char *ext,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    void **out, size_t *out_len)
{
	VipsObject *scope = NULL;
	VipsImage **t;
	VipsImage *cur;
	void *buf = NULL;
	size_t buf_len = 0;
	int ret = -1, rc;

	*out = NULL;
	*out_len = 0;
	if (VIPS_INIT("vox")) {
		vox_error_vips("redact", "libvips");
		return vox_error_set_kind(VOX_ERR_IO);
	}
	if (n_boxes == 0 || n_boxes > 1000)
		return box_error("give between 1 and 1000 boxes");
	scope = VIPS_OBJECT(vips_image_new());
	/* Six steps before the boxes, then four images for each box (block and insert). */
	t = (VipsImage **)vips_object_local_array(scope, 6 + 4 * (int)n_boxes);
	/* An upright photo is read in order, row by row, to the saver: a random-access load
	 * of a progressive JPEG would hold every pixel beside every coefficient. One to be
	 * turned upright needs every pixel at hand. */
	t[0] = vips_image_new_from_buffer(bytes, len, "", "access", VIPS_ACCESS_SEQUENTIAL,
	    NULL);
	if (t[0] && vips_image_get_orientation(t[0]) > 1) {
		g_clear_object(&t[0]);
		t[0] = vips_image_new_from_buffer(bytes, len, "", NULL);
	}
	if (!t[0]) {
		vox_error_vips("redact", "cannot decode the photo");
		goto out;
	}
	/* Redaction needs every pixel: refused from the header above the decoding limit, or
	 * when what its decoder holds and (for a photo to be turned upright) a copy of every
	 * pixel would pass what photovox allows. */
	if (vox_decode_header_ok("redact", NULL, t[0]) != 0)
		goto out;
	{
		gint64 need = vox_decode_bytes(t[0]);

		if (vips_image_get_orientation(t[0]) > 1)
			need += (gint64)t[0]->Xsize * t[0]->Ysize * t[0]->Bands *
			    (gint64)vips_format_sizeof(t[0]->BandFmt);
		if (need > VOX_MAX_DECODE_BYTES * 3 / 2) {
			vox_error("redact", "%d x %d pixels, turned or interlaced: redacting it would "
			    "hold %lld MB at once, more than photovox allows (%lld MB); refused",
			    t[0]->Xsize, t[0]->Ysize, (long long)(need >> 20),
			    VOX_MAX_DECODE_BYTES * 3 / 2 >> 20);
			goto out;
		}
	}
	if (vips_autorot(t[0], &t[1], NULL)) {
		vox_error_vips("redact", "cannot apply the orientation");
		goto out;
	}
	cur = t[1];
	if (cur->Type == VIPS_INTERPRETATION_CMYK) {
		if (vips_colourspace(cur, &t[2], VIPS_INTERPRETATION_sRGB, NULL)) {
			vox_error_vips("redact", "cannot convert CMYK to sRGB");
			goto out;
		}
		cur = t[2];
	} else if (vips_image_get_typeof(cur, VIPS_META_ICC_NAME) && vips_icc_present()) {
		/* Stripping metadata drops the profile: bake it into the pixels instead. */
		if (vips_icc_transform(cur, &t[2], "srgb", "embedded", TRUE, NULL) == 0)
			cur = t[2];
		else
			vips_error_clear();
	}
	if (cur->BandFmt != VIPS_FORMAT_UCHAR && cur->BandFmt != VIPS_FORMAT_USHORT) {
		if (vips_cast(cur, &t[3], VIPS_FORMAT_UCHAR, "shift", TRUE, NULL)) {
			vox_error_vips("redact", "cannot convert the photo to 8 bits");
			goto out;
		}
		cur = t[3];
	}
	if (cur->Bands > 4) {
		vox_error("redact", "photo has %d bands, at most 4 are understood", cur->Bands);
		goto out;
	}
	for (size_t i = 0; i < n_boxes; i++) {
		VipsImage **u = t + 6 + 4 * i;
		VipsImage *block;
		int rect[4];

		if (vox_redact_box_resolve(&boxes[i], cur->Xsize, cur->Ysize, rect) < 0)
			goto out;
		block = solid_block(cur, u, rect[2], rect[3], c);
		if (!block) {
			vox_error_vips("redact", "cannot make the box");
			goto out;
		}
		if (vips_insert(cur, block, &u[3], rect[0], rect[1], NULL)) {
			vox_error_vips("redact", "cannot draw the box");
			goto out;
		}
		cur = u[3];
	}
	if (g_ascii_strcasecmp(ext, "jpg") == 0 || g_ascii_strcasecmp(ext, "jpeg") == 0) {
		/* Quality 95 with 4:4:4 chroma: the rest of the photo stays as it was. No
		 * optimized Huffman tables: libjpeg would hold every coefficient of the photo
		 * (144 MB for 24 megapixels) to make them. */
		rc = vips_jpegsave_buffer(cur, &buf, &buf_len, "Q", 95, "strip", TRUE,
		    "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_OFF, NULL);
	} else if (g_ascii_strcasecmp(ext, "png") == 0) {
		rc = vips_pngsave_buffer(cur, &buf, &buf_len, "strip", TRUE, NULL);
	} else if (g_ascii_strcasecmp(ext, "webp") == 0) {
		rc = vips_webpsave_buffer(cur, &buf, &buf_len, "Q", 95, "strip", TRUE, NULL);
	} else {
		vox_error("redact", "'%s': unknown format (jpg, png, webp)", ext);
		goto out;
	}
	if (rc) {
		vox_error_vips("redact", "cannot encode the photo");
		goto out;
	}
	*out = buf; /* libvips allocates it with g_malloc() */
	*out_len = buf_len;
	buf = NULL;
	ret = 0;
out:
	g_free(buf);
	if (scope)
		g_object_unref(scope);
	return ret;
}

/* The displayed size of encoded bytes. */
static int
image_size(const void *bytes, size_t len, int *w, int *h)
{
	VipsImage *im = vips_image_new_from_buffer(bytes, len, "", NULL);

	if (!im)
		return vox_error_vips("redact", "cannot read the redacted photo");
	*w = im->Xsize;
	*h = im->Ysize;
	g_object_unref(im);
	return 0;
}

int
vox_redact_photo(vox_catalog *cat, const struct vox_photo *p,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    char new_sha256[65])
{
	g_autofree char *why = NULL;
	g_autoptr(GBytes) old = NULL;
	gsize old_len = 0;
	const void *old_data;
	void *out = NULL;
	size_t out_len = 0;
	char sha[VOX_SHA256_HEX];
	int w = 0, h = 0, t, ret = -1;

	if (p->audience == VOX_AUDIENCE_WITHDRAWN)
		return vox_error("redact", "'%s': withdrawn; nothing to redact", p->ref);
	/* A stored file changed by hand is not redacted into a new photo under a new name:
	 * that would launder whatever it now holds (privacy rule 8). */
	old = vox_store_read_verified(p->path, p->sha256);
	if (!old) {
		g_autofree char *reason = g_strdup(vox_error_message());

		return vox_error_k(vox_error_kind(), "redact", "'%s': %s", p->ref, reason);
	}
	old_data = g_bytes_get_data(old, &old_len);
	if (vox_redact_image(old_data, old_len, p->ext, boxes, n_boxes, c, &out, &out_len) != 0)
		goto out;
	if (image_size(out, out_len, &w, &h) != 0)
		goto out;
	vox_sha256_hex(out, out_len, sha);
	t = vox_catalog_is_tombstoned(cat, sha);
	if (t != 0) {
		if (t > 0)
			vox_error("redact", "'%s': the redacted bytes were withdrawn before", p->ref);
		goto out;
	}
	if (strcmp(sha, p->sha256) == 0) {
		vox_error("redact", "'%s': the boxes change nothing", p->ref);
		goto out;
	}
	/* Not tombstoned (above): a photo has these bytes. */
	t = vox_catalog_knows_bytes(cat, sha);
	if (t != 0) {
		if (t > 0)
			vox_error("redact", "'%s': the redacted bytes are already in the collection",
			    p->ref);
		goto out;
	}
	why = g_strdup_printf("%zu box%s", n_boxes, n_boxes == 1 ? "" : "es");
	if (vox_catalog_replace_photo(cat, p, out, out_len, sha, w, h, "redact", why) != 0)
		goto out;
	g_strlcpy(new_sha256, sha, VOX_SHA256_HEX);
	ret = 0;
out:
	g_free(out);
	return ret;
}
