/*
 * HEIC/HEIF is the one lossy path (DESIGN.md privacy rule 3): libvips decodes it (libheif
 * applies the container's rotation), the pixels are turned upright, brought to sRGB when
 * an ICC profile came with them, and saved as a JPEG without any metadata. The JPEG then
 * goes through the JPEG scrubber too, so the same rules vouch for what is written.
 */
#include <string.h>

#include <vips/vips.h>

#include "vox/error.h"
#include "scrub_io.h"

#define HEIF_JPEG_Q 92

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
	return GINT_TO_POINTER(vips_init("vox") == 0 ? 1 : -1);
}

/* The first line of the libvips error buffer, which is then cleared. */
static char *
vips_reason(void)
{
	const char *e = vips_error_buffer();
	char *s = g_strndup(e, strcspn(e, "\n"));

	vips_error_clear();
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
		return vox_error("scrub", "'%s': cannot start libvips", name);
	if (vips_heifload_buffer((void *)data, len, &t[0], "access", VIPS_ACCESS_SEQUENTIAL,
	    NULL) != 0) {
		g_autofree char *why = vips_reason();

		vox_error("scrub", "'%s': cannot decode this HEIC/HEIF image (%s)", name, why);
		goto out;
	}
	img = t[0];
	if (img->Xsize <= 0 || img->Ysize <= 0 ||
	    (unsigned long long)img->Xsize * (unsigned long long)img->Ysize > SCRUB_MAX_PIXELS) {
		vox_error("scrub", "'%s': absurd dimensions %dx%d", name, img->Xsize, img->Ysize);
		goto out;
	}
	if (vips_autorot(img, &t[1], NULL) != 0)
		goto vips_failed;
	img = t[1];
	if (vips_image_get_typeof(img, VIPS_META_ICC_NAME)) {
		if (vips_icc_transform(img, &t[2], "srgb", "embedded", TRUE, NULL) != 0)
			goto vips_failed;
		img = t[2];
	}
	if (vips_image_hasalpha(img)) {
		VipsArrayDouble *white = vips_array_double_newv(1, 255.0);
		int r = vips_flatten(img, &t[3], "background", white, NULL);

		vips_area_unref(VIPS_AREA(white));
		if (r != 0)
			goto vips_failed;
		img = t[3];
	}
	if (img->BandFmt != VIPS_FORMAT_UCHAR) {
		if (vips_cast_uchar(img, &t[4], NULL) != 0)
			goto vips_failed;
		img = t[4];
	}
	if (vips_jpegsave_buffer(img, &jpeg, &jlen, "Q", HEIF_JPEG_Q, "strip", TRUE, NULL) != 0)
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
