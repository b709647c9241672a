/*
 * HEIC/HEIF is the one lossy path (CONTRIBUTING.md privacy rule 3): libvips decodes it (libheif
 * applies the container's rotation), the pixels are turned upright, brought to sRGB when
 * an ICC profile came with them, and saved as a JPEG without any metadata. The JPEG then
 * goes through the JPEG scrubber too, so the same rules vouch for what is written.
 *
 * libvips is loaded on the first HEIF file, not when a program starts: it brings some ninety
 * shared libraries whose loading cost more than scrubbing a phone photo, for every run of
 * `vox scrub` whether or not it meets a HEIF file.
 */
#include <dlfcn.h>
#include <malloc.h>

#include <vips/vips.h>

#include "vox/audit.h"
#include "vox/derive.h"
#include "vox/error.h"
#include "scrub_io.h"

#define HEIF_JPEG_Q 92

/*
 * What a conversion holds at once, measured (peak memory of `vox scrub` less the program's
 * own, on phone HEIFs and on generated ones of 20 megapixels): libheif decodes the whole
 * image and libvips takes it as RGB, about 8 bytes a pixel at 8 bits (4:2:0 or 4:4:4), 15
 * deeper (counted as 16) and 2 more with alpha. An image that would hold more than
 * HEIF_MAX_HOLD (16.7 megapixels at 8 bits, 8.3 deeper) is refused before decoding: with the
 * rest of ingest, the largest that converts peaked at 197 MB. Phones' default 12 MP photos
 * and 16 MP ones convert. Conversions on several threads (ingest) share that room, waiting
 * their turn.
 */
#define HEIF_HOLD_PER_PIXEL 8
#define HEIF_HOLD_PER_DEEP_PIXEL 16
#define HEIF_HOLD_PER_ALPHA 2
#define HEIF_MAX_HOLD (128LL * 1024 * 1024)
static struct vox_budget room = { .limit = HEIF_MAX_HOLD };

static struct {
	int (*init)(const char *argv0);
	int (*heifload_buffer)(void *buf, size_t len, VipsImage **out, ...);
	int (*autorot)(VipsImage *in, VipsImage **out, ...);
	GType (*get_typeof)(const VipsImage *image, const char *name);
	int (*icc_transform)(VipsImage *in, VipsImage **out, const char *profile, ...);
	gboolean (*hasalpha)(VipsImage *image);
	VipsArrayDouble *(*array_double_newv)(int n, ...);
	void (*area_unref)(VipsArea *area);
	int (*flatten)(VipsImage *in, VipsImage **out, ...);
	int (*cast_uchar)(VipsImage *in, VipsImage **out, ...);
	int (*jpegsave_buffer)(VipsImage *in, void **buf, size_t *len, ...);
	const char *(*error_buffer)(void);
	void (*error_clear)(void);
	void (*cache_set_max)(int max);
} v;

static int
load_vips(void)
{
	g_autofree char *soname = g_strdup_printf("libvips.so.%d",
	    VIPS_LIBRARY_CURRENT - VIPS_LIBRARY_AGE);
	void *h = dlopen(soname, RTLD_NOW | RTLD_GLOBAL);

	if (!h)
		return -1;
#define SYM(field, name) \
	if (!(*(void **)&v.field = dlsym(h, name))) \
		return -1
	SYM(init, "vips_init");
	SYM(cache_set_max, "vips_cache_set_max");
	SYM(heifload_buffer, "vips_heifload_buffer");
	SYM(autorot, "vips_autorot");
	SYM(get_typeof, "vips_image_get_typeof");
	SYM(icc_transform, "vips_icc_transform");
	SYM(hasalpha, "vips_image_hasalpha");
	SYM(array_double_newv, "vips_array_double_newv");
	SYM(area_unref, "vips_area_unref");
	SYM(flatten, "vips_flatten");
	SYM(cast_uchar, "vips_cast_uchar");
	SYM(jpegsave_buffer, "vips_jpegsave_buffer");
	SYM(error_buffer, "vips_error_buffer");
	SYM(error_clear, "vips_error_clear");
#undef SYM
	return 0;
}

/* libvips warnings ("ignoring nclx profile") are not ours to print; errors still come back. */
static void
quiet_log(const gchar *domain, GLogLevelFlags level, const gchar *msg, gpointer data)
{
	(void)domain;
	(void)level;
	(void)msg;
	(void)data;
}

static gpointer
init_vips(gpointer unused)
{
	(void)unused;
	g_log_set_handler("VIPS", G_LOG_LEVEL_WARNING | G_LOG_LEVEL_MESSAGE | G_LOG_LEVEL_INFO,
	    quiet_log, NULL);
	if (load_vips() != 0)
		return GINT_TO_POINTER(-1);
	if (v.init("vox") != 0)
		return GINT_TO_POINTER(-1);
	/* Each conversion is its own: libvips's cache of operations would keep every decoded
	 * image after it (some 50 MB for a 16 MP photo), each on top of the last. */
	v.cache_set_max(0);
	return GINT_TO_POINTER(1);
}

/* The first line of the libvips error buffer, which is then cleared (vox_error_vips()
 * would reach libvips through the linker, which this file avoids). */
static char *
vips_reason(void)
{
	char *s = vox_error_vips_reason(v.error_buffer());

	v.error_clear();
	return s;
}

int
scrub_heif(const char *name, const uint8_t *data, size_t len, GByteArray *out,
    struct vox_scrub_info *info)
{
	static GOnce once = G_ONCE_INIT;
	VipsImage *t[5] = { NULL };
	VipsImage *img;
	void *jpeg = NULL;
	size_t jlen = 0;
	struct scrub_src s;
	struct scrub_sink k;
	gint64 hold = 0;
	int deep;
	int ret = -1;

	if (GPOINTER_TO_INT(g_once(&once, init_vips, NULL)) != 1)
		return vox_error("scrub", "'%s': cannot convert HEIC/HEIF: "
		    "libvips cannot be loaded", name);
	if (v.heifload_buffer((void *)data, len, &t[0], "access", VIPS_ACCESS_SEQUENTIAL,
	    NULL) != 0) {
		g_autofree char *why = vips_reason();

		vox_error("scrub", "'%s': cannot decode this HEIC/HEIF image (%s)", name, why);
		goto out;
	}
	img = t[0];
	/* The conversion decodes every pixel: refused from the header above the limit. */
	if (vox_decode_size_ok("scrub", name, img->Xsize, img->Ysize) != 0)
		goto out;
	/* What the boxes say of its depth (the worst when they say nothing). */
	deep = vox_heif_deep(data, len) != 0;
	hold = (gint64)img->Xsize * img->Ysize *
	    ((deep ? HEIF_HOLD_PER_DEEP_PIXEL : HEIF_HOLD_PER_PIXEL) +
	    (v.hasalpha(img) ? HEIF_HOLD_PER_ALPHA : 0));
	if (hold > HEIF_MAX_HOLD) {
		vox_error("scrub", "'%s': %d x %d pixels%s: converting it from HEIC/HEIF would "
		    "hold about %lld MB at once, more than photovox allows (%lld MB); refused "
		    "(export it from the phone or camera as a JPEG)", name, img->Xsize,
		    img->Ysize, deep ? " deeper than 8 bits" : "",
		    (long long)((hold + (1 << 20) - 1) >> 20), HEIF_MAX_HOLD >> 20);
		hold = 0;
		goto out;
	}
	vox_budget_take(&room, hold);
	if (v.autorot(img, &t[1], NULL) != 0)
		goto vips_failed;
	img = t[1];
	if (v.get_typeof(img, VIPS_META_ICC_NAME)) {
		if (v.icc_transform(img, &t[2], "srgb", "embedded", TRUE, NULL) != 0)
			goto vips_failed;
		img = t[2];
	}
	if (v.hasalpha(img)) {
		VipsArrayDouble *white = v.array_double_newv(1, 255.0);
		int r = v.flatten(img, &t[3], "background", white, NULL);

		v.area_unref(VIPS_AREA(white));
		if (r != 0)
			goto vips_failed;
		img = t[3];
	}
	if (img->BandFmt != VIPS_FORMAT_UCHAR) {
		if (v.cast_uchar(img, &t[4], NULL) != 0)
			goto vips_failed;
		img = t[4];
	}
	if (v.jpegsave_buffer(img, &jpeg, &jlen, "Q", HEIF_JPEG_Q, "strip", TRUE, NULL) != 0)
		goto vips_failed;

	scrub_src_init_buffer(&s, name, jpeg, jlen);
	scrub_sink_init_buffer(&k, out);
	if (scrub_jpeg(&s, &k, info) != 0)
		goto out;
	if (info) {
		info->lossy = 1;
		info->orientation = 1;
	}
	ret = 0;
	goto out;
vips_failed:
	{
		g_autofree char *why = vips_reason();

		vox_error("scrub", "'%s': cannot convert this HEIC/HEIF image to JPEG (%s)", name,
		    why);
	}
out:
	g_free(jpeg);
	for (size_t i = 0; i < G_N_ELEMENTS(t); i++)
		if (t[i])
			g_object_unref(t[i]);
	/* glibc keeps what a thread freed in that thread's heap: without giving it back, the
	 * next conversion on another thread would add its own to it (ingest passed 400 MB). */
	if (hold > 0)
		malloc_trim(0);
	vox_budget_give(&room, hold);
	return ret;
}
