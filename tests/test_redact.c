/*
 * vox redact's pixel work: boxes parsed and placed in the displayed orientation, painted
 * solid, the rest of the photo left as it was. The output is decoded with TurboJPEG, not
 * with the libvips that wrote it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <criterion/criterion.h>
#include <glib.h>
#include <turbojpeg.h>
#include <vips/vips.h>

#include "helpers/corpus.h"
#include "vox/error.h"
#include "vox/redact.h"

/* tests/corpus, where the photos named here are (helpers/corpus.h). */
static const char *
corpus(void)
{
	static char *dir;

	if (!dir)
		dir = corpus_file(NULL);
	return dir;
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

/* A grey WebP of w x h pixels, encoded by libvips. */
static void *
grey_webp(int w, int h, size_t *len)
{
	VipsImage *black = NULL, *grey = NULL;
	void *buf = NULL;

	cr_assert_eq(vips_black(&black, w, h, "bands", 3, NULL), 0);
	cr_assert_eq(vips_linear1(black, &grey, 1.0, 128.0, "uchar", TRUE, NULL), 0);
	cr_assert_eq(vips_webpsave_buffer(grey, &buf, len, "Q", 50, "effort", 0, NULL), 0);
	g_object_unref(grey);
	g_object_unref(black);
	return buf;
}

/* libvips cannot stream a WebP either way (its decoder and its encoder hold every pixel),
 * so a WebP is redacted up to the size that fits, and a larger one is refused saying its
 * size and that limit, rather than taking the tool past its memory. */
Test(redact, a_webp_above_its_limit_is_refused_with_its_size_and_the_limit)
{
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	size_t len = 0, out_len = 0;
	void *out = NULL;
	g_autofree void *small = grey_webp(3000, 3000, &len);

	cr_assert_eq(vox_redact_box_parse("0,0,10,10", &box), 0);
	cr_assert_eq(vox_redact_image(small, len, "webp", &box, 1, &black, &out, &out_len), 0,
	    "%s", vox_error_message());
	g_free(out);
	out = NULL;

	g_autofree void *big = grey_webp(4000, 3000, &len);

	cr_assert_eq(vox_redact_image(big, len, "webp", &box, 1, &black, &out, &out_len), -1);
	cr_assert_null(out);
	cr_assert_str_eq(vox_error_domain(), "redact");
	cr_assert(strstr(vox_error_message(), "4000 x 3000 pixels, a WebP: redacting it would "
	    "hold 171 MB at once, more than photovox allows (144 MB); refused (such a photo is "
	    "redacted up to 10.1 megapixels)"), "%s", vox_error_message());
	/* The same photo as a JPEG streams: redacted. */
	cr_assert_eq(vox_redact_image(big, len, "jpg", &box, 1, &black, &out, &out_len), 0,
	    "%s", vox_error_message());
	g_free(out);
}

Test(redact, png_stays_lossless_outside_the_box)
{
	size_t len, out_len, png_len, n;
	g_autofree char *bytes = read_corpus("jpg/orientation/landscape_1.jpg", &len);
	void *png = NULL, *out = NULL;
	VipsImage *src, *a, *b;
	struct vox_redact_box box;
	struct vox_redact_colour c = { 255, 0, 0 };
	g_autofree unsigned char *pa = NULL, *pb = NULL;
	long diff = 0;

	cr_assert_eq(VIPS_INIT("test"), 0);
	src = vips_image_new_from_buffer(bytes, len, "", NULL);
	cr_assert(src);
	cr_assert_eq(vips_pngsave_buffer(src, &png, &png_len, NULL), 0);
	cr_assert_eq(vox_redact_box_parse("10,10,30,20", &box), 0);
	cr_assert_eq(vox_redact_image(png, png_len, "png", &box, 1, &c, &out, &out_len), 0, "%s",
	    vox_error_message());
	cr_assert(out_len > 8 && memcmp(out, "\x89PNG", 4) == 0);
	a = vips_image_new_from_buffer(png, png_len, "", NULL);
	b = vips_image_new_from_buffer(out, out_len, "", NULL);
	cr_assert(a && b);
	cr_assert_eq(a->Xsize, b->Xsize);
	pa = vips_image_write_to_memory(a, &n);
	pb = vips_image_write_to_memory(b, &n);
	for (int y = 0; y < b->Ysize; y++) {
		for (int x = 0; x < b->Xsize; x++) {
			size_t i = ((size_t)y * (size_t)b->Xsize + (size_t)x) * 3;

			if (x >= 10 && x < 40 && y >= 10 && y < 30)
				cr_assert(pb[i] == 255 && pb[i + 1] == 0 && pb[i + 2] == 0,
				    "%d,%d not red", x, y);
			else
				diff += pa[i] != pb[i] || pa[i + 1] != pb[i + 1] || pa[i + 2] != pb[i + 2];
		}
	}
	cr_assert_eq(diff, 0, "%ld pixels outside the box changed", diff);
	g_object_unref(src);
	g_object_unref(a);
	g_object_unref(b);
	g_free(png);
	g_free(out);
}

/* vox_redact_photo() in a collection: a new version under the same ref, the old bytes and
 * their derivatives gone, and a gallery built afterwards shows the covered photo. */

#include <glib/gstdio.h>

#include "vox/catalog.h"
#include "vox/gallery.h"

#include "helpers/collection.h"

static char *tmp, *coll;
static vox_catalog *cat;

static void
collection_setup(void)
{
	cr_assert_eq(VIPS_INIT("test"), 0);
	tmp = g_dir_make_tmp("vox-redact-XXXXXX", NULL);
	coll = g_build_filename(tmp, "c", NULL);
	cat = tc_create(coll, NULL);
	tc_pair(cat, "cornwall", NULL);
	tc_site(cat, "cornwall-farm", NULL, "cornwall", "rural");
}

static void
collection_teardown(void)
{
	g_autofree char *cmd = g_strdup_printf("rm -rf '%s'", tmp);

	vox_catalog_close(cat);
	cr_assert_eq(system(cmd), 0);
	g_free(tmp);
	g_free(coll);
}

static struct vox_photo *
add_corpus(const char *rel)
{
	size_t len;
	g_autofree char *bytes = read_corpus(rel, &len);
	struct vox_photo *p = vox_photo_new();

	p->ext = g_strdup("jpg");
	p->participant = g_strdup("P07");
	p->site = g_strdup("cornwall-farm");
	p->width = 450;
	p->height = 600;
	p->orientation = 6;
	p->caption->title = g_strdup("The farm gate");
	p->caption->alt = g_strdup("A waterfall");
	g_ptr_array_add(p->caption->themes, g_strdup("food-and-growing"));
	tc_add(cat, bytes, len, p);
	cr_assert_eq(vox_catalog_set_consent(cat, p->sha256, VOX_AUDIENCE_GROUP,
	    VOX_PEOPLE_NONE, -1, -1), 0, "%s", vox_error_message());
	return p;
}

static void
build_gallery(const char *out)
{
	struct vox_gallery_opts o;
	struct vox_gallery_result res = { 0 };

	vox_gallery_opts_init(&o);
	o.audience = VOX_AUDIENCE_GROUP;
	cr_assert_eq(vox_gallery_build_catalog(cat, NULL, out, &o, &res), 0, "%s",
	    vox_error_message());
	cr_assert_eq(res.photos, 1);
	vox_gallery_result_release(&res);
}

/* Counts files under dir whose name starts with prefix. */
static int
count_prefixed(const char *dir, const char *prefix)
{
	g_autofree char *cmd = g_strdup_printf("find '%s' -name '%s*' | wc -l", dir, prefix);
	FILE *f = popen(cmd, "r");
	int n = -1;

	cr_assert(f);
	cr_assert_eq(fscanf(f, "%d", &n), 1);
	pclose(f);
	return n;
}

TestSuite(redact_photo, .init = collection_setup, .fini = collection_teardown);

Test(redact_photo, makes_a_new_version_and_purges_the_old_bytes)
{
	struct vox_photo *p = add_corpus("jpg/orientation/portrait_6.jpg");
	struct vox_photo *q = NULL;
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	char sha[65], old[65];
	g_autofree char *cache = g_build_filename(coll, "cache", NULL);
	g_autofree char *gallery = g_build_filename(tmp, "gallery", NULL);
	g_autofree char *img = g_build_filename(gallery, "img", NULL);
	g_autofree char *old_path = g_strdup(p->path);
	const char *n;
	GDir *d;
	int checked = 0;

	g_strlcpy(old, p->sha256, sizeof(old));
	build_gallery(gallery);
	cr_assert_gt(count_prefixed(cache, old), 0, "the gallery made derivatives");
	cr_assert_eq(vox_redact_box_parse("0,0,200,200", &box), 0);
	cr_assert_eq(vox_redact_photo(cat, p, &box, 1, &black, sha), 0, "%s",
	    vox_error_message());
	cr_assert_str_neq(sha, old);
	q = vox_catalog_photo(cat, p->ref);
	cr_assert_not_null(q, "the ref still names the photo");
	cr_assert_str_eq(q->sha256, sha);
	cr_assert_eq(q->rowid, p->rowid);
	cr_assert_str_eq(q->caption->title, "The farm gate");
	cr_assert_eq(q->caption->themes->len, 1);
	cr_assert_eq(q->audience, VOX_AUDIENCE_GROUP);
	cr_assert_eq(q->people, VOX_PEOPLE_NONE);
	cr_assert_eq(q->orientation, 1, "stored upright");
	cr_assert_eq(q->width, 450);
	cr_assert_eq(q->height, 600);
	cr_assert(g_file_test(q->path, G_FILE_TEST_IS_REGULAR));
	cr_assert(!g_file_test(old_path, G_FILE_TEST_EXISTS), "old bytes removed");
	cr_assert_eq(count_prefixed(coll, old), 0, "old derivatives removed");
	cr_assert_eq(vox_catalog_is_tombstoned(cat, old), 1);
	cr_assert_null(vox_catalog_photo(cat, old), "the old id names nothing");

	/* A gallery built now carries the covered version. */
	build_gallery(gallery);
	cr_assert_gt(count_prefixed(cache, sha), 0);
	d = g_dir_open(img, 0, NULL);
	cr_assert_not_null(d);
	while ((n = g_dir_read_name(d))) {
		g_autofree char *path = g_build_filename(img, n, NULL);
		g_autofree char *bytes = NULL;
		g_autofree unsigned char *px = NULL;
		gsize len;
		int w, h, x, y;

		if (!g_str_has_suffix(n, ".jpg"))
			continue;
		cr_assert(g_file_get_contents(path, &bytes, &len, NULL));
		px = decode_rgb(bytes, len, &w, &h);
		/* The middle of the box, scaled to this width. */
		x = 100 * w / 450;
		y = 100 * h / 600;
		cr_assert(px[(y * w + x) * 3] <= 8, "%s: %d,%d is not covered", n, x, y);
		checked++;
	}
	g_dir_close(d);
	cr_assert_gt(checked, 0);
	vox_photo_free(p);
	vox_photo_free(q);
}

Test(redact_photo, refuses_a_withdrawn_photo)
{
	struct vox_photo *p = add_corpus("jpg/orientation/portrait_6.jpg");
	struct vox_photo *q;
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	GPtrArray *removed = g_ptr_array_new_with_free_func(g_free);
	char sha[65];

	cr_assert_eq(vox_catalog_withdraw(cat, p->sha256, VOX_APPLY, removed), 0);
	q = vox_catalog_photo(cat, p->ref);
	cr_assert_not_null(q);
	cr_assert_eq(vox_redact_box_parse("0,0,20,20", &box), 0);
	cr_assert_eq(vox_redact_photo(cat, q, &box, 1, &black, sha), -1);
	cr_assert(strstr(vox_error_message(), "withdrawn"));
	g_ptr_array_unref(removed);
	vox_photo_free(p);
	vox_photo_free(q);
}

Test(redact_photo, a_box_outside_changes_nothing)
{
	struct vox_photo *p = add_corpus("jpg/orientation/portrait_6.jpg");
	struct vox_photo *q;
	struct vox_redact_box box;
	struct vox_redact_colour black = { 0, 0, 0 };
	char sha[65];

	cr_assert_eq(vox_redact_box_parse("0,590,20,20", &box), 0);
	cr_assert_eq(vox_redact_photo(cat, p, &box, 1, &black, sha), -1);
	cr_assert_str_eq(vox_error_domain(), "redact-box");
	q = vox_catalog_photo(cat, p->ref);
	cr_assert_str_eq(q->sha256, p->sha256);
	cr_assert(g_file_test(p->path, G_FILE_TEST_IS_REGULAR));
	{
		g_autofree char *store = g_build_filename(coll, "store", NULL);

		cr_assert_eq(count_prefixed(store, ".vox-"), 0, "no temporary file left");
		cr_assert_eq(count_prefixed(store, ""), 5, "store/, tmp/, one folder, one photo, "
		    "the collection id");
	}
	cr_assert_eq(vox_catalog_is_tombstoned(cat, p->sha256), 0);
	vox_photo_free(p);
	vox_photo_free(q);
}
