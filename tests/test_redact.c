/*
 * vox redact's pixel work: boxes parsed and placed in the displayed orientation, painted
 * solid, the rest of the photo left as it was. The output is decoded with TurboJPEG, not
 * with the libvips that wrote it.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <turbojpeg.h>
#include <vips/vips.h>

#include "vox/error.h"
#include "vox/redact.h"

static const char *
corpus(void)
{
	const char *c = getenv("CORPUS");

	return c ? c : "../shared/corpus";
}

static char *
read_corpus(const char *rel, size_t *len)
{
	g_autofree char *path = g_build_filename(corpus(), rel, NULL);
	char *data = NULL;
	gsize n = 0;

	cr_assert(g_file_get_contents(path, &data, &n, NULL), "cannot read %s", path);
	*len = n;
	return data;
}

/* Decodes a JPEG to packed RGB with TurboJPEG. */
static unsigned char *
decode_rgb(const void *jpeg, size_t len, int *w, int *h)
{
	tjhandle tj = tjInitDecompress();
	int sub, cs;
	unsigned char *px;

	cr_assert(tj);
	cr_assert_eq(tjDecompressHeader3(tj, jpeg, (unsigned long)len, w, h, &sub, &cs), 0);
	px = g_malloc((size_t)*w * (size_t)*h * 3);
	cr_assert_eq(tjDecompress2(tj, jpeg, (unsigned long)len, px, *w, 0, *h, TJPF_RGB, 0), 0,
	    "%s", tjGetErrorStr2(tj));
	tjDestroy(tj);
	return px;
}

/* The original as displayed and colour-managed, as a viewer shows it, in packed RGB. */
static unsigned char *
reference_rgb(const void *bytes, size_t len, int *w, int *h)
{
	VipsImage *a = NULL, *b = NULL, *c = NULL;
	unsigned char *px;
	size_t n;

	cr_assert_eq(VIPS_INIT("test"), 0);
	a = vips_image_new_from_buffer(bytes, len, "", NULL);
	cr_assert(a);
	cr_assert_eq(vips_autorot(a, &b, NULL), 0);
	if (vips_image_get_typeof(b, VIPS_META_ICC_NAME) && vips_icc_present()) {
		cr_assert_eq(vips_icc_transform(b, &c, "srgb", "embedded", TRUE, NULL), 0);
	} else {
		c = b;
		g_object_ref(c);
	}
	px = vips_image_write_to_memory(c, &n);
	cr_assert(px);
	*w = c->Xsize;
	*h = c->Ysize;
	cr_assert_eq(n, (size_t)*w * (size_t)*h * 3);
	g_object_unref(a);
	g_object_unref(b);
	g_object_unref(c);
	return px;
}

static int
inside(const int r[4], int x, int y, int margin)
{
	return x >= r[0] - margin && x < r[0] + r[2] + margin && y >= r[1] - margin &&
	    y < r[1] + r[3] + margin;
}

Test(redact, parses_pixel_and_percent_boxes)
{
	struct vox_redact_box b;
	int r[4];

	cr_assert_eq(vox_redact_box_parse("10,20,30,40", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 100, 100, r), 0);
	cr_assert(r[0] == 10 && r[1] == 20 && r[2] == 30 && r[3] == 40);
	cr_assert_eq(vox_redact_box_parse("10%,20%,30%,15%", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 600, 450, r), 0);
	cr_assert(r[0] == 60 && r[1] == 90 && r[2] == 180 && r[3] == 68, "%d %d %d %d",
	    r[0], r[1], r[2], r[3]);
	cr_assert_eq(vox_redact_box_parse("0%,0%,100%,100%", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 333, 77, r), 0);
	cr_assert(r[0] == 0 && r[1] == 0 && r[2] == 333 && r[3] == 77);
}

Test(redact, refuses_empty_malformed_and_outside_boxes)
{
	struct vox_redact_box b;
	int r[4];
	const char *bad[] = { "", "1,2,3", "1,2,3,4,5", "a,b,c,d", "-1,0,5,5", "1,1,0,5",
		"1,1,5,0%", "1.5,1,5,5", "1,1,5,5px", "200%,0,1,1", "nan,1,1,1", "1,,2,2" };

	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		cr_assert_eq(vox_redact_box_parse(bad[i], &b), -1, "accepted '%s'", bad[i]);
		cr_assert_str_eq(vox_error_domain(), "redact-box");
	}
	cr_assert_eq(vox_redact_box_parse("90,10,20,20", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 100, 100, r), -1);
	cr_assert(strstr(vox_error_message(), "outside"), "%s", vox_error_message());
	cr_assert_eq(vox_redact_box_parse("50%,50%,60%,10%", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 100, 100, r), -1);
	cr_assert_eq(vox_redact_box_parse("0,0,0.001%,5", &b), 0);
	cr_assert_eq(vox_redact_box_resolve(&b, 100, 100, r), 0, "a sliver covers one pixel");
	cr_assert_eq(r[2], 1);
}

Test(redact, parses_colours)
{
	struct vox_redact_colour c;

	cr_assert_eq(vox_redact_colour_parse("black", &c), 0);
	cr_assert(c.r == 0 && c.g == 0 && c.b == 0);
	cr_assert_eq(vox_redact_colour_parse("#ff8000", &c), 0);
	cr_assert(c.r == 255 && c.g == 128 && c.b == 0);
	cr_assert_eq(vox_redact_colour_parse("blurry", &c), -1);
	cr_assert_eq(vox_redact_colour_parse("#ff80", &c), -1);
}

/* Redacts a photo whose orientation is 6 (shown turned a quarter), boxes given as
 * displayed, and checks the result with an independent decoder. */
static void
check_redaction(const char *rel, const char *spec1, const char *spec2)
{
	size_t len, out_len;
	g_autofree char *bytes = read_corpus(rel, &len);
	struct vox_redact_box boxes[2];
	struct vox_redact_colour black = { 0, 0, 0 };
	void *out = NULL;
	int w, h, rw, rh, rect[2][4];
	g_autofree unsigned char *px = NULL, *ref = NULL;
	double se = 0;
	long n = 0;

	cr_assert_eq(vox_redact_box_parse(spec1, &boxes[0]), 0);
	cr_assert_eq(vox_redact_box_parse(spec2, &boxes[1]), 0);
	cr_assert_eq(vox_redact_image(bytes, len, "jpg", boxes, 2, &black, &out, &out_len), 0,
	    "%s", vox_error_message());
	px = decode_rgb(out, out_len, &w, &h);
	ref = reference_rgb(bytes, len, &rw, &rh);
	cr_assert_eq(w, rw, "stored upright: width as displayed");
	cr_assert_eq(h, rh);
	for (int b = 0; b < 2; b++)
		cr_assert_eq(vox_redact_box_resolve(&boxes[b], w, h, rect[b]), 0);
	for (int y = 0; y < h; y++) {
		for (int x = 0; x < w; x++) {
			const unsigned char *p = px + ((size_t)y * (size_t)w + (size_t)x) * 3;
			const unsigned char *q = ref + ((size_t)y * (size_t)w + (size_t)x) * 3;

			if (inside(rect[0], x, y, -8) || inside(rect[1], x, y, -8)) {
				/* Inside a box but for the 8x8 blocks it shares with the photo, where JPEG
				 * rings: black. */
				cr_assert(p[0] <= 2 && p[1] <= 2 && p[2] <= 2,
				    "pixel %d,%d is %d,%d,%d", x, y, p[0], p[1], p[2]);
			} else if (!inside(rect[0], x, y, 0) && !inside(rect[1], x, y, 0)) {
				for (int k = 0; k < 3; k++) {
					double d = (double)p[k] - (double)q[k];

					se += d * d;
				}
				n += 3;
			}
		}
	}
	cr_assert_gt(n, 0);
	double psnr = 10 * log10(255.0 * 255.0 / (se / (double)n));
	cr_assert_gt(psnr, 40.0, "PSNR outside the boxes is %.1f dB", psnr);
	g_free(out);
}

Test(redact, covers_boxes_in_displayed_orientation_and_keeps_the_rest)
{
	check_redaction("jpg/orientation/portrait_6.jpg", "10%,5%,40%,20%", "300,500,100,60");
}

Test(redact, covers_boxes_in_an_upright_photo)
{
	check_redaction("jpg/orientation/landscape_1.jpg", "0,0,64,64", "50%,50%,50%,50%");
}

Test(redact, output_carries_no_metadata)
{
	size_t len, out_len;
	g_autofree char *bytes = read_corpus("jpg/gps/DSCN0010.jpg", &len);
	struct vox_redact_box box;
	struct vox_redact_colour white = { 255, 255, 255 };
	void *out = NULL;
	const unsigned char *p;

	cr_assert_eq(vox_redact_box_parse("1,1,10,10", &box), 0);
	cr_assert_eq(vox_redact_image(bytes, len, "jpg", &box, 1, &white, &out, &out_len), 0,
	    "%s", vox_error_message());
	p = out;
	cr_assert(out_len > 4 && p[0] == 0xFF && p[1] == 0xD8);
	/* Walk the markers before the first scan: nothing but JFIF, tables and frame. */
	for (size_t i = 2; i + 4 <= out_len;) {
		unsigned m = p[i + 1];
		size_t seg = (size_t)p[i + 2] << 8 | p[i + 3];

		cr_assert_eq(p[i], 0xFF);
		if (m == 0xDA)
			break;
		cr_assert(m == 0xE0 || m == 0xDB || m == 0xC4 || (m >= 0xC0 && m <= 0xC2) ||
		    m == 0xDD, "unexpected marker FF%02X", m);
		i += 2 + seg;
	}
	cr_assert_null(memmem(out, out_len, "Exif", 4));
	cr_assert_null(memmem(out, out_len, "NIKON", 5));
	g_free(out);
}

Test(redact, refuses_a_box_outside_the_photo_with_a_box_error)
{
	size_t len, out_len;
	g_autofree char *bytes = read_corpus("jpg/orientation/portrait_6.jpg", &len);
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	void *out = NULL;

	/* 500 fits the stored width (600) but not the displayed one (450). */
	cr_assert_eq(vox_redact_box_parse("500,0,10,10", &box), 0);
	cr_assert_eq(vox_redact_image(bytes, len, "jpg", &box, 1, &black, &out, &out_len), -1);
	cr_assert_str_eq(vox_error_domain(), "redact-box");
	cr_assert_null(out);
}

Test(redact, refuses_bytes_that_are_not_an_image)
{
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	void *out = NULL;
	size_t out_len;

	cr_assert_eq(vox_redact_box_parse("0,0,1,1", &box), 0);
	cr_assert_eq(vox_redact_image("not a photo", 11, "jpg", &box, 1, &black, &out, &out_len),
	    -1);
	cr_assert_str_eq(vox_error_domain(), "redact");
}
