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

#include <vips/vips.h>

#include "vox/derive.h"
#include "vox/error.h"
#include "scrub_io.h"

#define HEIF_JPEG_Q 92

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
	return GINT_TO_POINTER(v.init("vox") == 0 ? 1 : -1);
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
	return ret;
}
