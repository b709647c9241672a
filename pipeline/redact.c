/*
 * vox redact: solid boxes over regions of a photo, a new stored version, the old bytes
 * purged. The pixel work is a libvips pipeline (autorot, then one constant block inserted
 * per box) from the stored file to a file of store/tmp/, which streams for JPEG and PNG: no
 * full copy of a large photo is held in memory. What cannot stream (redact_holds()) is
 * counted before any work, and a photo that would pass the limit is refused.
 */
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <glib.h>
#include <vips/vips.h>

#include "vox/catalog.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "vox/file.h"
#include "vox/hash.h"
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

/* The photo to redact: bytes in memory, or an open file read from its start. */
struct input {
	const void *bytes;
	size_t len;
	int fd; /* when bytes is NULL */
};

static VipsSource *
input_source(const struct input *in)
{
	return in->bytes ? vips_source_new_from_memory(in->bytes, in->len) :
	    vox_source_at_start(in->fd);
}

static VipsImage *
input_image(const struct input *in, VipsAccess access)
{
	VipsSource *src = input_source(in);
	VipsImage *im;

	if (!src)
		return NULL;
	im = vips_image_new_from_source(src, "", "access", access, NULL);
	g_object_unref(src);
	return im;
}

static int
is_ext(const char *ext, const char *a, const char *b)
{
	return g_ascii_strcasecmp(ext, a) == 0 || (b && g_ascii_strcasecmp(ext, b) == 0);
}

/*
 * What redacting the photo whose header is im into format ext holds at once, beyond a few
 * rows: the JPEG and PNG savers stream row by row to their file, and so do the decoders of
 * baseline JPEG and ordinary PNG. What cannot stream, as measured with libvips 8.14 on
 * noise (the worst case for the encoder):
 * - an interlaced file's decoder (vox_decode_bytes());
 * - libvips' WebP loader decodes the whole frame as RGBA and copies it: 8 bytes a pixel;
 * - a photo to be turned upright: a copy of every pixel;
 * - the WebP saver copies every pixel, libwebp converts them to 4:2:0 (1.5 bytes a pixel,
 *   one more for alpha) and holds the bitstream (under 1 byte a pixel at quality 95):
 *   the pixel's bytes and 4 more a pixel.
 */
static gint64
redact_holds(VipsImage *im, const char *ext)
{
	gint64 px = (gint64)im->Xsize * im->Ysize;
	gint64 pixel = im->Bands * (gint64)vips_format_sizeof(im->BandFmt);
	gint64 need = vox_decode_bytes(im);
	const char *loader = NULL;

	if (vips_image_get_typeof(im, "vips-loader"))
		vips_image_get_string(im, "vips-loader", &loader);
	if (loader && g_str_has_prefix(loader, "webpload"))
		need += px * 8;
	if (vips_image_get_orientation(im) > 1)
		need += px * pixel;
	if (is_ext(ext, "webp", NULL))
		need += px * (pixel + 4);
	return need;
}

/* The most redaction may hold at once, so that the whole tool stays under 200 MB. */
#define REDACT_MAX_BYTES (VOX_MAX_DECODE_BYTES * 3 / 2)

/* What the photo is, for a refusal: "a WebP", "interlaced", "to be turned upright". */
static void
describe(GString *s, VipsImage *im, const char *ext)
{
	const char *loader = NULL;
	int interlaced = 0;

	if (vips_image_get_typeof(im, "vips-loader"))
		vips_image_get_string(im, "vips-loader", &loader);
	if (vips_image_get_typeof(im, "interlaced"))
		vips_image_get_int(im, "interlaced", &interlaced);
	if (loader && g_str_has_prefix(loader, "webpload"))
		g_string_append(s, ", a WebP");
	if (interlaced)
		g_string_append(s, ", interlaced");
	if (vips_image_get_orientation(im) > 1)
		g_string_append(s, ", to be turned upright");
	if (is_ext(ext, "webp", NULL) && !(loader && g_str_has_prefix(loader, "webpload")))
		g_string_append(s, ", saved as a WebP");
}

/* Refuses a photo whose redaction would hold more than REDACT_MAX_BYTES, saying how large
 * a photo like it may be. */
static int
holds_ok(VipsImage *im, const char *ext)
{
	gint64 need = redact_holds(im, ext), px = (gint64)im->Xsize * im->Ysize;
	g_autoptr(GString) what = g_string_new(NULL);

	if (need <= REDACT_MAX_BYTES)
		return 0;
	describe(what, im, ext);
	return vox_error("redact", "%d x %d pixels%s: redacting it would hold %lld MB at once, "
	    "more than photovox allows (%lld MB); refused (such a photo is redacted up to %.1f "
	    "megapixels)", im->Xsize, im->Ysize, what->str, (long long)(need >> 20),
	    REDACT_MAX_BYTES >> 20, (double)REDACT_MAX_BYTES * (double)px / (double)need / 1e6);
}

/* Decodes the photo, turns it upright, covers the boxes and encodes it as ext into target,
 * which a JPEG or PNG saver fills as the rows come. */
static int
redact_run(const struct input *in, const char *ext, const struct vox_redact_box *boxes,
    size_t n_boxes, const struct vox_redact_colour *c, VipsTarget *target)
{
	VipsObject *scope = NULL;
	VipsImage **t;
	VipsImage *cur;
	int ret = -1, rc;

	if (VIPS_INIT("vox")) {
		vox_error_vips("redact", "libvips");
		return vox_error_set_kind(VOX_ERR_IO);
	}
	if (n_boxes == 0 || n_boxes > 1000)
		return box_error("give between 1 and 1000 boxes");
	if (!is_ext(ext, "jpg", "jpeg") && !is_ext(ext, "png", NULL) && !is_ext(ext, "webp", NULL))
		return vox_error("redact", "'%s': unknown format (jpg, png, webp)", ext);
	scope = VIPS_OBJECT(vips_image_new());
	/* Six steps before the boxes, then four images for each box (block and insert). */
	t = (VipsImage **)vips_object_local_array(scope, 6 + 4 * (int)n_boxes);
	/* An upright photo is read in order, row by row, to the saver: a random-access load
	 * of a progressive JPEG would hold every pixel beside every coefficient. One to be
	 * turned upright needs every pixel at hand. */
	t[0] = input_image(in, VIPS_ACCESS_SEQUENTIAL);
	if (t[0] && vips_image_get_orientation(t[0]) > 1) {
		g_clear_object(&t[0]);
		t[0] = input_image(in, VIPS_ACCESS_RANDOM);
	}
	if (!t[0]) {
		vox_error_vips("redact", "cannot decode the photo");
		goto out;
	}
	/* Redaction needs every pixel: refused from the header above the decoding limit, or
	 * when what it would hold at once passes what photovox allows. */
	if (vox_decode_header_ok("redact", NULL, t[0]) != 0 || holds_ok(t[0], ext) != 0)
		goto out;
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
	if (is_ext(ext, "jpg", "jpeg")) {
		/* Quality 95 with 4:4:4 chroma: the rest of the photo stays as it was. No
		 * optimized Huffman tables: libjpeg would hold every coefficient of the photo
		 * (144 MB for 24 megapixels) to make them. */
		rc = vips_jpegsave_target(cur, target, "Q", 95, "strip", TRUE,
		    "subsample_mode", VIPS_FOREIGN_SUBSAMPLE_OFF, NULL);
	} else if (is_ext(ext, "png", NULL)) {
		rc = vips_pngsave_target(cur, target, "strip", TRUE, NULL);
	} else {
		/* Effort 2: from 3 up, libwebp keeps every coefficient's token to weigh them,
		 * three times the memory (a 24-megapixel photo took 500 MB). */
		rc = vips_webpsave_target(cur, target, "Q", 95, "strip", TRUE, "effort", 2, NULL);
	}
	if (rc || vips_target_end(target)) {
		vox_error_vips("redact", "cannot encode the photo");
		goto out;
	}
	ret = 0;
out:
	if (scope)
		g_object_unref(scope);
	return ret;
}

int
vox_redact_image(const void *bytes, size_t len, const char *ext,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    void **out, size_t *out_len)
{
	struct input in = { bytes, len, -1 };
	VipsTarget *target;
	VipsBlob *blob = NULL;
	const void *data;
	size_t n = 0;
	int ret = -1;

	*out = NULL;
	*out_len = 0;
	if (VIPS_INIT("vox")) {
		vox_error_vips("redact", "libvips");
		return vox_error_set_kind(VOX_ERR_IO);
	}
	target = vips_target_new_to_memory();
	if (!target)
		return vox_error_vips("redact", "libvips");
	if (redact_run(&in, ext, boxes, n_boxes, c, target) != 0)
		goto out;
	g_object_get(target, "blob", &blob, NULL);
	data = blob ? vips_blob_get(blob, &n) : NULL;
	if (!data) {
		vox_error("redact", "the encoder gave no bytes");
		goto out;
	}
	*out = g_memdup2(data, n);
	*out_len = n;
	ret = 0;
out:
	if (blob)
		vips_area_unref(VIPS_AREA(blob));
	g_object_unref(target);
	return ret;
}

int
vox_redact_fd(int in_fd, const char *ext, const struct vox_redact_box *boxes, size_t n_boxes,
    const struct vox_redact_colour *c, int out_fd)
{
	struct input in = { NULL, 0, in_fd };
	VipsTarget *target;
	int ret;

	if (VIPS_INIT("vox")) {
		vox_error_vips("redact", "libvips");
		return vox_error_set_kind(VOX_ERR_IO);
	}
	target = vips_target_new_to_descriptor(out_fd);
	if (!target)
		return vox_error_vips("redact", "libvips");
	ret = redact_run(&in, ext, boxes, n_boxes, c, target);
	g_object_unref(target);
	return ret;
}

/* The SHA-256 and the displayed size of the encoded photo at path. */
static int
encoded_facts(const char *path, char sha[VOX_SHA256_HEX], int *w, int *h)
{
	VipsSource *src = NULL;
	VipsImage *im = NULL;
	int fd, ret = -1;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || vox_sha256_fd(fd, sha) != 0) {
		vox_error_system("redact", "cannot read the redacted photo");
		goto out;
	}
	src = vox_source_at_start(fd);
	im = src ? vips_image_new_from_source(src, "", NULL) : NULL;
	if (!im) {
		vox_error_vips("redact", "cannot read the redacted photo");
		goto out;
	}
	*w = im->Xsize;
	*h = im->Ysize;
	ret = 0;
out:
	if (im)
		g_object_unref(im);
	if (src)
		g_object_unref(src);
	if (fd >= 0)
		close(fd);
	return ret;
}

int
vox_redact_photo(vox_catalog *cat, const struct vox_photo *p,
    const struct vox_redact_box *boxes, size_t n_boxes, const struct vox_redact_colour *c,
    char new_sha256[65])
{
	g_autofree char *why = NULL;
	struct vox_store_tmp tmp = { -1, NULL };
	char sha[VOX_SHA256_HEX];
	int fd = -1, w = 0, h = 0, t, locked = 0, ret = -1;

	if (p->audience == VOX_AUDIENCE_WITHDRAWN)
		return vox_error("redact", "'%s': withdrawn; nothing to redact", p->ref);
	/* A stored file changed by hand is not redacted into a new photo under a new name:
	 * that would launder whatever it now holds (privacy rule 8). It is hashed as it is
	 * read, then decoded as it streams, never held whole. */
	fd = vox_store_open_verified(p->path, p->sha256);
	if (fd < 0) {
		g_autofree char *reason = g_strdup(vox_error_message());

		return vox_error_k(vox_error_kind(), "redact", "'%s': %s", p->ref, reason);
	}
	/* The redacted photo is written into store/tmp/ as it is encoded; vox check --repair
	 * takes nothing there while the lock is held. */
	if (vox_catalog_store_lock(cat, VOX_LOCK_SHARED) != 0)
		goto out;
	locked = 1;
	if (vox_store_tmp_open(vox_catalog_dir(cat), &tmp) != 0)
		goto out;
	if (vox_redact_fd(fd, p->ext, boxes, n_boxes, c, tmp.fd) != 0) {
		/* The photo named, the error's kind and domain kept (a box's is usage). */
		g_autofree char *reason = g_strdup(vox_error_message());
		g_autofree char *domain = g_strdup(vox_error_domain());

		vox_error_k(vox_error_kind(), domain, "'%s': %s", p->ref, reason);
		goto out;
	}
	if (encoded_facts(tmp.path, sha, &w, &h) != 0)
		goto out;
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
	if (vox_catalog_replace_tmp(cat, p, &tmp, sha, w, h, "redact", why) != 0)
		goto out;
	g_strlcpy(new_sha256, sha, VOX_SHA256_HEX);
	ret = 0;
out:
	vox_store_tmp_discard(&tmp);
	if (locked)
		vox_catalog_store_unlock(cat);
	close(fd);
	return ret;
}
